package org.accessdenied.smtp;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses SMTP AUTH on a connection that is not encrypted, with {@value #CODE} {@value #DESCRIPTION}.
 * James 3.8.1's {@code <auth><requireSSL>true</requireSSL></auth>} only hides AUTH from the EHLO reply before STARTTLS:
 * a client that sends {@code AUTH PLAIN ...} anyway is still authenticated, and may relay. With this hook first in the
 * handler chain the password is never accepted in the clear, whatever the client does.
 *
 * <pre><code>
 * &lt;!-- smtpserver.xml: a server with &lt;tls startTLS="true"&gt; (or socketTLS), in the handlerchain before the core --&gt;
 * &lt;auth&gt;
 *     &lt;announce&gt;always&lt;/announce&gt;
 *     &lt;requireSSL&gt;true&lt;/requireSSL&gt;   &lt;!-- AUTH announced only after STARTTLS --&gt;
 * &lt;/auth&gt;
 * &lt;handlerchain&gt;
 *     &lt;handler class="org.accessdenied.smtp.AuthOnlyOverTls"/&gt;
 *     &lt;handler class="org.apache.james.smtpserver.CoreCmdHandlerLoader"/&gt;
 * &lt;/handlerchain&gt;
 * </code></pre>
 *
 * On a server without TLS every AUTH is refused: turn TLS on rather than remove the hook.
 */
public final class AuthOnlyOverTls implements AuthHook {
    static final String CODE = "530";
    static final String DESCRIPTION = "5.7.0 Must issue a STARTTLS command first: this server takes passwords only over"
        + " TLS (set your mail client's connection security to STARTTLS)";
    private static final Logger LOGGER = LoggerFactory.getLogger(AuthOnlyOverTls.class);

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        return decide(session);
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration saslConfiguration, String initialResponse) {
        return decide(session);
    }

    private static HookResult decide(SMTPSession session) {
        if (session.isTLSStarted()) {
            return HookResult.DECLINED;
        }
        LOGGER.info("AUTH refused on a connection without TLS from {}", java.util.Optional.ofNullable(session.getRemoteAddress())
            .map(java.net.InetSocketAddress::getAddress).map(java.net.InetAddress::getHostAddress).orElse("an unknown address"));
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(CODE)
            .smtpDescription(DESCRIPTION)
            .build();
    }
}
