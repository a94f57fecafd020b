package org.accessdenied.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.accessdenied.core.evidence.ConnectionEvidence;
import org.accessdenied.core.evidence.ForwardConfirmation;
import org.accessdenied.core.evidence.PtrEvidence;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.spf.SpfEvidence;
import org.accessdenied.core.spf.SpfIdentity;
import org.accessdenied.core.spf.SpfResult;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.policy.SmtpReply;
import org.accessdenied.core.text.SafeText;
import org.accessdenied.core.text.LogfmtReader;

class DecisionLogTest {
    private static final Optional<ClientIp> CLIENT = ClientIp.parse("192.0.2.7");
    private static final String FORGED_HELO = "x\" reply=\"250 OK\" decision=pass";
    // AdmissionRule's condition and action play no part in the log line
    private static final AdmissionRule RULE = new AdmissionRule(6, "org.accessdenied.matchers.BadHelo", null, null);

    @Test
    void aForgedHeloShouldStayTheHeloFieldOfARefusal() {
        Verdict verdict = Verdict.match("BadHelo", "syntax: HELO '" + FORGED_HELO + "' is not a valid host name", "greet properly");
        SmtpReply reply = SmtpReply.of("550", "5.7.1", verdict.reason() + "; greet properly");
        Decision decision = Decision.refuse(Decision.Kind.REJECT, false, RULE, verdict, reply);

        String line = lineWithoutEvidence(decision, CLIENT, Optional.of(FORGED_HELO), "someone@example.net",
            Optional.of("alice@example.local"), "31f55fee", TimeUnit.MILLISECONDS.toNanos(12));

        assertThat(line).startsWith("admission reject rule 6 (org.accessdenied.matchers.BadHelo) client=192.0.2.7 helo=\"x\\\" reply=");
        assertThat(LogfmtReader.fields(line, "admission reject rule 6 (org.accessdenied.matchers.BadHelo)")).containsExactly(
            Map.entry("client", "192.0.2.7"),
            Map.entry("helo", FORGED_HELO),
            Map.entry("from", "someone@example.net"),
            Map.entry("rcpt", "alice@example.local"),
            Map.entry("session", "31f55fee"),
            Map.entry("waited", "12ms"),
            Map.entry("reply", reply.line()),
            Map.entry("evidence", verdict.reason()));
    }

    @Test
    void hostileEnvelopeValuesShouldRoundTripUpToTheirBounds() {
        String helo = "bad\rX-Injected: yes\n\u0000\t\\\"=\u00e9\u0085 " + "h".repeat(10_000);
        String sender = "\"odd sender\"@example.net rcpt=forged\r\n" + "s".repeat(10_000);
        String recipient = "alice\\@example.local\u0000 evidence=\"none\"";

        String line = lineWithoutEvidence(Decision.pass(), CLIENT, Optional.of(helo), sender, Optional.of(recipient), "s1", 0);

        assertThat(LogfmtReader.fields(line, "admission pass")).containsExactly(
            Map.entry("client", "192.0.2.7"),
            Map.entry("helo", SafeText.truncated(helo, DecisionLog.MAX_HELO)),
            Map.entry("from", SafeText.truncated(sender, DecisionLog.MAX_ADDRESS)),
            Map.entry("rcpt", recipient),
            Map.entry("session", "s1"),
            Map.entry("waited", "0ms"),
            Map.entry("evidence", "no rule matched"));
    }

    @Test
    void aDecisionAtDataShouldSayStageDataAndKeepTheFieldOrder() {
        String line = lineWithoutEvidence(Decision.exempt("relaying allowed (authenticated)"), Optional.empty(), Optional.empty(), "<>",
            Optional.empty(), "s2", 0);

        assertThat(line).isEqualTo("admission exempt client=unknown helo=(none) from=<> stage=data session=s2 waited=0ms"
            + " evidence=\"relaying allowed (authenticated)\"");
    }

    @Test
    void aRcptDecidedAtTheEndOfDataShouldSaySoAfterItsRecipient() {
        Verdict verdict = Verdict.match("SpfFail", "SPF fail", "fix the record");
        SmtpReply reply = SmtpReply.of("550", "5.7.1", "SPF fail");
        Decision decision = Decision.refuse(Decision.Kind.REJECT, false, RULE, verdict, reply).decidedAtEndOfData();

        String line = lineWithoutEvidence(decision, CLIENT, Optional.of("mail.example.net"), "someone@example.net",
            Optional.of("alice@example.local"), "s3", 0);

        assertThat(LogfmtReader.fields(line, "admission reject rule 6 (org.accessdenied.matchers.BadHelo)").keySet())
            .containsExactly("client", "helo", "from", "rcpt", "decided", "session", "waited", "reply", "evidence");
        assertThat(line).contains(" rcpt=alice@example.local decided=end-of-data session=s3 ");
    }

    @Test
    void theCheckWaitedForShouldFollowTheWait() {
        String line = lineWithoutEvidence(Decision.pass().waitedFor(Optional.of("NoMatchingPtr")), CLIENT, Optional.of("mail.example.net"),
            "bob@example.net", Optional.of("alice@example.local"), "s5", TimeUnit.MILLISECONDS.toNanos(23));

        assertThat(line).contains(" session=s5 waited=23ms waitedFor=NoMatchingPtr evidence=");
    }

    @Test
    void aRefusedHeloShouldBeLoggedWithItsBytesVisible() {
        String line = DecisionLog.refusedHeloLine(CLIENT, "bad\rX-Injected: yes", "s3", AdmissionHook.CONTROL_CHARACTERS_IN_HELO,
            "HELO/EHLO argument contains control characters");

        assertThat(line).startsWith("admission reject helo client=192.0.2.7 helo=\"bad\\rX-Injected: yes\" session=s3 reply=\"501 5.5.4 ");
        assertThat(LogfmtReader.fields(line, "admission reject helo")).containsEntry("helo", "bad\rX-Injected: yes")
            .containsEntry("reply", AdmissionHook.CONTROL_CHARACTERS_IN_HELO.line())
            .containsOnlyKeys("client", "helo", "session", "reply", "evidence");
    }

    @Test
    void whatWasKnownAboutTheClientShouldBeLoggedForTheReport() {
        ConnectionEvidence known = new ConnectionEvidence(CLIENT, Optional.of("mail.example.net"),
            Optional.of(new PtrEvidence(PtrEvidence.Status.FOUND, List.of("mail.example.net"), Optional.empty())),
            Optional.of(new ForwardConfirmation(ForwardConfirmation.Result.PASS, List.of("mail.example.net"), Optional.empty())),
            Optional.empty(), Map.of(),
            Map.of("bob@example.net", new SpfEvidence(SpfIdentity.MAILFROM, "bob@example.net", SpfResult.PASS, Optional.empty())),
            Optional.empty(), Map.of());

        String line = DecisionLog.line(Decision.pass(), CLIENT, Optional.of("mail.example.net"), "bob@example.net",
            Optional.of("alice@example.local"), "s4", 0, known);

        assertThat(LogfmtReader.fields(line, "admission pass")).containsEntry("ptr", "mail.example.net")
            .containsEntry("fcrdns", "pass").containsEntry("spf", "pass");
    }

    /** The line of a decision taken before anything was known about the client but its address and HELO. */
    private static String lineWithoutEvidence(Decision decision, Optional<ClientIp> client, Optional<String> helo, String sender,
                                              Optional<String> recipient, String session, long waitedNanos) {
        return DecisionLog.line(decision, client, helo, sender, recipient, session, waitedNanos, ConnectionEvidence.of(client, helo));
    }
}
