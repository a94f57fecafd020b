package org.accessdenied.bench.james;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.fastfail.SPFHandler;
import org.apache.mailet.Mail;

/**
 * James 3.8.1's {@link SPFHandler} with one fix, for configuration (b) of the admission benchmark: its
 * {@code onMessage} (which adds the Received-SPF header at the end of DATA) returns {@code null}, and James's
 * HookResultLogger then throws a NullPointerException, so every accepted message is answered
 * {@code 451 Unable to process request}. Here a null result becomes {@link HookResult#DECLINED}; everything else
 * (the SPF check at MAIL FROM, its DNS lookups, its rejections) is James's own code, unchanged.
 */
public class SafeSPFHandler extends SPFHandler {
    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        HookResult result = super.onMessage(session, mail);
        return result == null ? HookResult.DECLINED : result;
    }
}
