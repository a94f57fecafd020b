package org.accessdenied.core.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What one admission rule does when its matcher matches, as written in the parameters of a {@code RejectAtSmtp}
 * mailet: reject with a reply, allow (stop evaluating: an access list), or only observe (log and count the reply it
 * would have sent, add a header, deliver); and what a temporary DNS failure does (defer with 451, or pass).
 *
 * <pre>{@code
 * <action>reject|allow|observe</action>          default reject
 * <code>550</code> <status>5.7.1</status>        default 554 5.7.1 for RemoteAddrInDnsbl, 550 5.7.1 otherwise
 * <text>{reason}; {remedy}</text>                placeholders: see ReplyFacts.Placeholder
 * <onTemporary>defer|pass</onTemporary>          default defer (451 4.7.1)
 * }</pre>
 */
public final class RuleAction {
    public enum Kind { REJECT, ALLOW, OBSERVE }

    public enum OnTemporary { DEFER, PASS }

    public static final String DEFAULT_TEXT = "{reason}; {remedy}";
    public static final ReplyTemplate TEMPORARY_REPLY = ReplyTemplate.of("451", "4.7.1", "{reason}; please try again later");
    /** Every parameter a {@code RejectAtSmtp} mailet accepts, the spooler's included. */
    public static final Set<String> PARAMETERS = Set.of("action", "code", "status", "text", "onTemporary",
        "afterAcceptance", "repository");

    private final Kind kind;
    private final ReplyTemplate reply;
    private final OnTemporary onTemporary;

    private RuleAction(Kind kind, ReplyTemplate reply, OnTemporary onTemporary) {
        this.kind = kind;
        this.reply = reply;
        this.onTemporary = onTemporary;
    }

    /**
     * @param check     the name of the check the rule uses (chooses the default code), e.g. {@code RemoteAddrInDnsbl}
     * @param parameter the rule's parameters by name
     * @throws IllegalArgumentException with a message naming the parameter
     */
    public static RuleAction parse(String check, Function<String, Optional<String>> parameter) {
        Kind kind = parameter.apply("action").map(v -> parseEnum(Kind.class, "action", v)).orElse(Kind.REJECT);
        OnTemporary onTemporary = parameter.apply("onTemporary").map(v -> parseEnum(OnTemporary.class, "onTemporary", v)).orElse(OnTemporary.DEFER);
        String code = parameter.apply("code").map(String::trim).orElse("RemoteAddrInDnsbl".equals(check) ? "554" : "550");
        String status = parameter.apply("status").map(String::trim).orElse("5.7.1");
        String text = parameter.apply("text").map(String::trim).orElse(DEFAULT_TEXT);
        if (code.charAt(0) != '5') {
            throw new IllegalArgumentException("parameter 'code': " + code + " is not a permanent (5xx) code; temporary failures answer 451 by themselves");
        }
        ReplyTemplate template;
        try {
            template = ReplyTemplate.of(code, status, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameters 'code'/'status'/'text': " + e.getMessage(), e);
        }
        return new RuleAction(kind, template, onTemporary);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter '" + name + "': '" + value.trim() + "' is not one of "
                + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }

    public Kind kind() {
        return kind;
    }

    public ReplyTemplate reply() {
        return reply;
    }

    public OnTemporary onTemporary() {
        return onTemporary;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + (kind == Kind.ALLOW ? "" : " \"" + reply + "\", on temporary failure "
            + onTemporary.name().toLowerCase(Locale.ROOT));
    }
}
