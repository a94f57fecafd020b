package org.accessdenied.core.spf;

import java.util.Optional;

import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.net.DomainName;
import org.accessdenied.core.text.SafeText;

/** The {@code Received-SPF} trace header of RFC 7208 §9.1, built from evidence only, safe to add to a message. */
public final class ReceivedSpf {
    public static final String HEADER_NAME = "Received-SPF";

    private ReceivedSpf() {
    }

    /**
     * @param helo     the HELO argument (left out unless it is a valid host name or address literal)
     * @param receiver this server's host name
     */
    public static String value(SpfEvidence spf, ClientIp client, Optional<String> helo, Optional<String> receiver) {
        StringBuilder out = new StringBuilder(spf.result().id());
        receiver.ifPresent(r -> out.append(" (").append(SafeText.printable(r, 253)).append(": "));
        if (receiver.isEmpty()) {
            out.append(" (");
        }
        out.append(comment(spf, client)).append(')');
        out.append(" client-ip=").append(client.text()).append(';');
        if (spf.identity() == SpfIdentity.MAILFROM) {
            out.append(" envelope-from=").append(quoted(spf.checked())).append(';');
        }
        helo.filter(h -> DomainName.parse(h).isPresent()).ifPresent(h -> out.append(" helo=").append(h).append(';'));
        out.append(" identity=").append(spf.identity().id()).append(';');
        receiver.ifPresent(r -> out.append(" receiver=").append(SafeText.printable(r, 253).replace(' ', '_')).append(';'));
        return out.toString();
    }

    private static String comment(SpfEvidence spf, ClientIp client) {
        String who = "domain of " + spf.checked();
        switch (spf.result()) {
            case PASS:
                return who + " designates " + client.text() + " as permitted sender";
            case FAIL:
                return who + " does not designate " + client.text() + " as permitted sender";
            case SOFTFAIL:
                return "transitioning " + who + " does not designate " + client.text() + " as permitted sender";
            case NEUTRAL:
                return client.text() + " is neither permitted nor denied by " + who;
            case NONE:
                return who + " does not publish SPF";
            case PERMERROR:
                return "permanent error in the SPF record of " + spf.domain();
            default:
                return "temporary error checking the SPF record of " + spf.domain();
        }
    }

    /** An RFC 5322 quoted-string of printable ASCII (the address may hold anything the client sent). */
    private static String quoted(String text) {
        return "\"" + SafeText.printable(text, 320).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
