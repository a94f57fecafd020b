package org.accessdenied.smtp;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.james.metrics.api.MetricFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.accessdenied.core.evidence.ConnectionEvidence;
import org.accessdenied.core.evidence.PtrEvidence;
import org.accessdenied.core.metrics.MetricNames;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.policy.SmtpReply;
import org.accessdenied.core.text.LogfmtLine;

/**
 * One greppable log line and one count per decision. The line is logfmt after its head
 * ({@code admission <decision>[ rule N (<matcher>)]}): every value the client chose is quoted and escaped, so no HELO,
 * sender or recipient can end the line or add a field.
 */
final class DecisionLog {
    private static final Logger LOGGER = LoggerFactory.getLogger(AdmissionHook.class);
    static final int MAX_HELO = 80;
    static final int MAX_ADDRESS = 120;
    static final int MAX_TEXT = 600;

    private final MetricFactory metrics;

    DecisionLog(MetricFactory metrics) {
        this.metrics = metrics;
    }

    void record(Attempt attempt, Decision decision, long waitedNanos) {
        String label = decision.label();
        metrics.generate(MetricNames.decision(label)).increment();
        decision.rule.ifPresent(rule -> metrics.generate(MetricNames.decision(label, rule.metricName())).increment());
        if (LOGGER.isInfoEnabled()) {
            LOGGER.info(line(decision, attempt.evidence.client(), attempt.evidence.helo(), attempt.senderText(),
                attempt.recipient.map(r -> r.asString()), attempt.smtp.getSessionID(), waitedNanos, attempt.evidence.snapshot()));
        }
    }

    /** A HELO/EHLO refused before any policy: the argument is not a name at all. */
    void recordRefusedHelo(Optional<ClientIp> client, String helo, String session, SmtpReply reply, String why) {
        metrics.generate(MetricNames.DECISION_REJECT_HELO).increment();
        if (LOGGER.isInfoEnabled()) {
            LOGGER.info(refusedHeloLine(client, helo, session, reply, why));
        }
    }

    /**
     * With what was already known about the client when the policy decided ({@code ptr}, {@code fcrdns}, {@code spf}
     * of MAIL FROM): {@code bin/access-denied report} reads them to tell a legitimate sender from a spammer.
     */
    static String line(Decision decision, Optional<ClientIp> client, Optional<String> helo, String sender,
                       Optional<String> recipient, String session, long waitedNanos, ConnectionEvidence known) {
        LogfmtLine line = start("admission " + decision.label() + decision.rule.map(rule -> " " + rule.description).orElse(""),
            client, helo.orElse("(none)"))
            .field("from", sender, MAX_ADDRESS);
        if (recipient.isPresent()) {
            line.field("rcpt", recipient.get(), MAX_ADDRESS);
            if (decision.atEndOfData) {
                line.field("decided", "end-of-data", MAX_TEXT);
            }
        } else {
            line.field("stage", "data", MAX_TEXT);
        }
        line.field("session", session, MAX_TEXT)
            .field("waited", TimeUnit.NANOSECONDS.toMillis(waitedNanos) + "ms", MAX_TEXT);
        decision.waitedFor.ifPresent(check -> line.field("waitedFor", check, MAX_TEXT));
        decision.reply.ifPresent(reply -> line.field("reply", reply.line(), MAX_TEXT));
        known.ptr().filter(ptr -> ptr.status() != PtrEvidence.Status.TEMPERROR)
            .ifPresent(ptr -> line.field("ptr", ptr.names().isEmpty() ? "(none)" : ptr.names().get(0), MAX_HELO));
        known.forwardConfirmation().ifPresent(fc -> line.field("fcrdns", fc.result().name().toLowerCase(Locale.ROOT), MAX_TEXT));
        Optional.ofNullable(known.spf().get(sender.equals("<>") ? "" : sender)).ifPresent(spf -> line.field("spf", spf.result().id(), MAX_TEXT));
        return line.field("evidence", decision.verdict.map(v -> v.reason()).orElse(decision.note), MAX_TEXT).toString();
    }

    static String refusedHeloLine(Optional<ClientIp> client, String helo, String session, SmtpReply reply, String why) {
        return start("admission reject helo", client, helo)
            .field("session", session, MAX_TEXT)
            .field("reply", reply.line(), MAX_TEXT)
            .field("evidence", why, MAX_TEXT)
            .toString();
    }

    private static LogfmtLine start(String head, Optional<ClientIp> client, String helo) {
        return LogfmtLine.head(head)
            .field("client", client.map(ClientIp::text).orElse("unknown"), MAX_TEXT)
            .field("helo", helo, MAX_HELO);
    }
}
