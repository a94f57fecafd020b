package org.accessdenied.core.evidence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.spam.SpamScore;
import org.accessdenied.core.spf.SpfEvidence;
import org.accessdenied.core.spf.SpfIdentity;
import org.accessdenied.core.spf.SpfResult;

/**
 * Carries a connection's evidence and the checks' verdicts on the mail, as attributes made only of strings,
 * booleans, longs, lists and maps, so they survive James's JSON mail-queue serialisation and later checks reuse them
 * without a single DNS query.
 * <pre>
 * accessdenied.client            "192.0.2.1"
 * accessdenied.helo              "mail.example.com"
 * accessdenied.ptr               {status, names[], error}
 * accessdenied.fcrdns            {result, confirmed[], detail}
 * accessdenied.heloDns           {status, addresses[]}
 * accessdenied.dnsbl             {zone: {codes[], txt, latencyMillis, error, skipped}}
 * accessdenied.spf               {sender: {identity, checked, result, explanation}}   ("" is the null sender)
 * accessdenied.spfHelo           {identity, checked, result, explanation}
 * accessdenied.spam              {mail name: {status, source, score, required, rules[], problem}}
 * accessdenied.verdict.CHECK     {outcome, matched, reason, remedy}
 * </pre>
 */
public final class EvidenceAttributes {
    public static final String PREFIX = "accessdenied.";
    public static final AttributeName CLIENT = AttributeName.of(PREFIX + "client");
    public static final AttributeName HELO = AttributeName.of(PREFIX + "helo");
    public static final AttributeName PTR = AttributeName.of(PREFIX + "ptr");
    public static final AttributeName FCRDNS = AttributeName.of(PREFIX + "fcrdns");
    public static final AttributeName HELO_DNS = AttributeName.of(PREFIX + "heloDns");
    public static final AttributeName DNSBL = AttributeName.of(PREFIX + "dnsbl");
    public static final AttributeName SPF = AttributeName.of(PREFIX + "spf");
    public static final AttributeName SPF_HELO = AttributeName.of(PREFIX + "spfHelo");
    public static final AttributeName SPAM = AttributeName.of(PREFIX + "spam");
    public static final String VERDICT_PREFIX = PREFIX + "verdict.";

    private EvidenceAttributes() {
    }

    public static AttributeName verdictName(String check) {
        return AttributeName.of(VERDICT_PREFIX + check);
    }

    /** The evidence as attributes (items not known are left out). */
    public static List<Attribute> toAttributes(ConnectionEvidence evidence) {
        List<Attribute> attributes = new ArrayList<>();
        evidence.client().ifPresent(ip -> attributes.add(new Attribute(CLIENT, AttributeValue.of(ip.text()))));
        evidence.helo().ifPresent(helo -> attributes.add(new Attribute(HELO, AttributeValue.of(helo))));
        evidence.ptr().ifPresent(ptr -> attributes.add(new Attribute(PTR, map(
            "status", str(ptr.status().name()), "names", list(ptr.names()), "error", opt(ptr.error())))));
        evidence.forwardConfirmation().ifPresent(fc -> attributes.add(new Attribute(FCRDNS, map(
            "result", str(fc.result().name()), "confirmed", list(fc.confirmedNames()), "detail", opt(fc.detail())))));
        evidence.heloResolution().ifPresent(r -> attributes.add(new Attribute(HELO_DNS, map(
            "status", str(r.status().name()), "addresses", list(r.addresses())))));
        if (!evidence.dnsbl().isEmpty()) {
            Map<String, AttributeValue<?>> zones = new LinkedHashMap<>();
            evidence.dnsbl().forEach((zone, d) -> zones.put(zone, map("codes", list(d.codes()), "txt", opt(d.txt()),
                "latencyMillis", AttributeValue.of(d.latencyMillis()), "error", opt(d.error()), "skipped", opt(d.skipped()))));
            attributes.add(new Attribute(DNSBL, AttributeValue.of(zones)));
        }
        if (!evidence.spf().isEmpty()) {
            Map<String, AttributeValue<?>> senders = new LinkedHashMap<>();
            evidence.spf().forEach((sender, spf) -> senders.put(sender, spf(spf)));
            attributes.add(new Attribute(SPF, AttributeValue.of(senders)));
        }
        evidence.spfHelo().ifPresent(spf -> attributes.add(new Attribute(SPF_HELO, spf(spf))));
        if (!evidence.spam().isEmpty()) {
            Map<String, AttributeValue<?>> messages = new LinkedHashMap<>();
            evidence.spam().forEach((key, score) -> messages.put(key, map("status", str(score.status().name()),
                "source", str(score.source().name()), "score", AttributeValue.of(score.score()),
                "required", AttributeValue.of(score.required()), "rules", list(score.rules()), "problem", opt(score.problem()))));
            attributes.add(new Attribute(SPAM, AttributeValue.of(messages)));
        }
        return attributes;
    }

    /** Rebuilds evidence from attributes; a malformed attribute is ignored (the item is computed again). */
    public static ConnectionEvidence fromAttributes(Map<AttributeName, Attribute> attributes,
                                                    Optional<ClientIp> fallbackClient, Optional<String> fallbackHelo) {
        return from(attributes::get, true, fallbackClient, fallbackHelo);
    }

    private static ConnectionEvidence from(Function<AttributeName, Attribute> attributes, boolean connectionItems,
                                           Optional<ClientIp> fallbackClient, Optional<String> fallbackHelo) {
        Optional<ClientIp> client = string(attributes.apply(CLIENT)).flatMap(ClientIp::parse).or(() -> fallbackClient);
        Optional<String> helo = string(attributes.apply(HELO)).or(() -> fallbackHelo);
        Map<String, SpamScore> spam = spam(attributes.apply(SPAM));
        if (!connectionItems) {
            return new ConnectionEvidence(client, helo, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                Map.of(), Optional.empty(), spam);
        }
        Optional<PtrEvidence> ptr = fields(attributes.apply(PTR)).flatMap(f -> enumOf(PtrEvidence.Status.class, f.get("status"))
            .map(status -> new PtrEvidence(status, strings(f.get("names")), string(f.get("error")))));
        Optional<ForwardConfirmation> fc = fields(attributes.apply(FCRDNS)).flatMap(f -> enumOf(ForwardConfirmation.Result.class, f.get("result"))
            .map(result -> new ForwardConfirmation(result, strings(f.get("confirmed")), string(f.get("detail")))));
        Optional<HeloResolution> heloDns = fields(attributes.apply(HELO_DNS)).flatMap(f -> enumOf(HeloResolution.Status.class, f.get("status"))
            .map(status -> new HeloResolution(status, strings(f.get("addresses")))));
        Map<String, DnsblEvidence> dnsbl = new HashMap<>();
        fields(attributes.apply(DNSBL)).ifPresent(zones -> zones.forEach((zone, value) -> fields(value).ifPresent(f ->
            dnsbl.put(zone, new DnsblEvidence(zone, strings(f.get("codes")), string(f.get("txt")),
                f.get("latencyMillis") == null ? 0 : f.get("latencyMillis").valueAs(Long.class).orElse(0L),
                string(f.get("error")), string(f.get("skipped")))))));
        Map<String, SpfEvidence> spf = new HashMap<>();
        fields(attributes.apply(SPF)).ifPresent(senders -> senders.forEach((sender, value) ->
            fields(value).flatMap(EvidenceAttributes::spf).ifPresent(evidence -> spf.put(sender, evidence))));
        Optional<SpfEvidence> spfHelo = fields(attributes.apply(SPF_HELO)).flatMap(EvidenceAttributes::spf);
        return new ConnectionEvidence(client, helo, ptr, fc, heloDns, dnsbl, spf, spfHelo, spam);
    }

    private static Map<String, SpamScore> spam(Attribute attribute) {
        Map<String, SpamScore> spam = new HashMap<>();
        fields(attribute).ifPresent(messages -> messages.forEach((key, value) -> fields(value).ifPresent(f ->
            enumOf(SpamScore.Status.class, f.get("status")).ifPresent(status -> spam.put(key, SpamScore.of(status,
                enumOf(SpamScore.Source.class, f.get("source")).orElse(SpamScore.Source.NONE), number(f.get("score")),
                number(f.get("required")), strings(f.get("rules")), string(f.get("problem"))))))));
        return spam;
    }

    private static double number(AttributeValue<?> value) {
        return value != null && value.value() instanceof Number ? ((Number) value.value()).doubleValue() : 0;
    }

    private static AttributeValue<?> spf(SpfEvidence spf) {
        return map("identity", str(spf.identity().name()), "checked", str(spf.checked()), "result", str(spf.result().name()),
            "explanation", opt(spf.explanation()));
    }

    private static Optional<SpfEvidence> spf(Map<String, AttributeValue<?>> f) {
        return enumOf(SpfIdentity.class, f.get("identity")).flatMap(identity -> enumOf(SpfResult.class, f.get("result"))
            .map(result -> new SpfEvidence(identity, string(f.get("checked")).orElse(""), result, string(f.get("explanation")))));
    }

    /** The evidence recorded on a mail, completed with the mail's remote address and the HELO James recorded. */
    public static ConnectionEvidence read(Mail mail) {
        return read(mail, true);
    }

    /**
     * What a check of the message alone needs of the evidence recorded on a mail: the client, the HELO and the spam
     * scores; the connection's DNS, DNSBL and SPF findings are left unread (and so unchanged by {@link #writeChanges}).
     */
    public static ConnectionEvidence readMessageEvidence(Mail mail) {
        return read(mail, false);
    }

    private static ConnectionEvidence read(Mail mail, boolean connectionItems) {
        Optional<ClientIp> remote = ClientIp.parse(mail.getRemoteAddr());
        Optional<String> helo = mail.getAttribute(Mail.SMTP_HELO).flatMap(a -> a.getValue().valueAs(String.class));
        return from(name -> mail.getAttribute(name).orElse(null), connectionItems, remote, helo);
    }

    public static void write(Mail mail, ConnectionEvidence evidence) {
        toAttributes(evidence).forEach(mail::setAttribute);
    }

    /**
     * Writes only the items of {@code after} that {@code before} (what the mail carried when it was read) did not hold
     * or held otherwise: a matcher that learned one spam score rewrites that attribute, not the whole evidence.
     */
    public static void writeChanges(Mail mail, ConnectionEvidence before, ConnectionEvidence after) {
        toAttributes(new ConnectionEvidence(changed(before.client(), after.client()), changed(before.helo(), after.helo()),
            changed(before.ptr(), after.ptr()), changed(before.forwardConfirmation(), after.forwardConfirmation()),
            changed(before.heloResolution(), after.heloResolution()), changed(before.dnsbl(), after.dnsbl()),
            changed(before.spf(), after.spf()), changed(before.spfHelo(), after.spfHelo()), changed(before.spam(), after.spam())))
            .forEach(mail::setAttribute);
    }

    private static <T> Optional<T> changed(Optional<T> before, Optional<T> after) {
        return after.equals(before) ? Optional.empty() : after;
    }

    private static <T> Map<String, T> changed(Map<String, T> before, Map<String, T> after) {
        return after.equals(before) ? Map.of() : after;
    }

    public static Attribute toAttribute(Verdict verdict) {
        return new Attribute(verdictName(verdict.check()), map("outcome", str(verdict.outcome().name()),
            "matched", AttributeValue.of(verdict.matched()), "reason", str(verdict.reason()), "remedy", opt(verdict.remedy())));
    }

    public static Optional<Verdict> verdictFrom(Attribute attribute) {
        String check = attribute.getName().asString().substring(VERDICT_PREFIX.length());
        return fields(attribute.getValue()).flatMap(f -> enumOf(Verdict.Outcome.class, f.get("outcome")).map(outcome ->
            Verdict.of(check, outcome, f.get("matched") != null && f.get("matched").valueAs(Boolean.class).orElse(false),
                string(f.get("reason")).orElse(""), string(f.get("remedy")))));
    }

    public static void writeVerdict(Mail mail, Verdict verdict) {
        mail.setAttribute(toAttribute(verdict));
    }

    public static Optional<Verdict> readVerdict(Mail mail, String check) {
        return mail.getAttribute(verdictName(check)).flatMap(EvidenceAttributes::verdictFrom);
    }

    /** Every verdict recorded on the mail. */
    public static List<Verdict> verdicts(Mail mail) {
        return mail.attributes().filter(a -> a.getName().asString().startsWith(VERDICT_PREFIX))
            .map(EvidenceAttributes::verdictFrom).flatMap(Optional::stream).collect(Collectors.toList());
    }

    private static AttributeValue<?> map(Object... keyValues) {
        Map<String, AttributeValue<?>> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            String key = (String) keyValues[i];
            @SuppressWarnings("unchecked")
            Optional<AttributeValue<?>> value = keyValues[i + 1] instanceof Optional
                ? (Optional<AttributeValue<?>>) keyValues[i + 1] : Optional.of((AttributeValue<?>) keyValues[i + 1]);
            value.ifPresent(v -> map.put(key, v));
        }
        return AttributeValue.of(map);
    }

    private static AttributeValue<?> str(String value) {
        return AttributeValue.of(value);
    }

    private static Optional<AttributeValue<?>> opt(Optional<String> value) {
        return value.map(AttributeValue::of);
    }

    private static AttributeValue<?> list(Collection<String> values) {
        List<AttributeValue<?>> items = new ArrayList<>(values.size());
        for (String value : values) {
            items.add(AttributeValue.of(value));
        }
        return AttributeValue.of(items);
    }

    private static Optional<String> string(Attribute attribute) {
        return attribute == null ? Optional.empty() : string(attribute.getValue());
    }

    private static Optional<String> string(AttributeValue<?> value) {
        return value == null ? Optional.empty() : value.valueAs(String.class);
    }

    private static Optional<Map<String, AttributeValue<?>>> fields(Attribute attribute) {
        return attribute == null ? Optional.empty() : fields(attribute.getValue());
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, AttributeValue<?>>> fields(AttributeValue<?> value) {
        return value != null && value.value() instanceof Map
            ? Optional.of((Map<String, AttributeValue<?>>) value.value()) : Optional.empty();
    }

    private static List<String> strings(AttributeValue<?> value) {
        if (value == null || !(value.value() instanceof Collection)) {
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        for (Object item : (Collection<?>) value.value()) {
            if (item instanceof AttributeValue && ((AttributeValue<?>) item).value() instanceof String) {
                strings.add((String) ((AttributeValue<?>) item).value());
            }
        }
        return strings;
    }

    private static <E extends Enum<E>> Optional<E> enumOf(Class<E> type, AttributeValue<?> value) {
        try {
            return string(value).map(v -> Enum.valueOf(type, v));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
