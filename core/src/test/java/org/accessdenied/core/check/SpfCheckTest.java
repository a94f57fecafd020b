package org.accessdenied.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.accessdenied.core.DnsFixture;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.spf.ReceivedSpf;
import org.accessdenied.core.spf.SpfEvidence;
import org.accessdenied.core.spf.SpfIdentity;
import org.accessdenied.core.spf.SpfResult;
import org.accessdenied.core.evidence.Transaction;

/** SPF against zones served by a real nsd; timeouts and SERVFAIL through the fault-injecting proxy. */
class SpfCheckTest {
    @RegisterExtension
    final DnsFixture dns = new DnsFixture();

    private EvidenceSession session(String ip, String helo) {
        return dns.engine().newSession(ClientIp.parse(ip), Optional.ofNullable(helo));
    }

    private SpfEvidence spf(String ip, String sender) {
        return session(ip, "mail.spf.test").spf(sender).join();
    }

    @ParameterizedTest(name = "{1} from {0}: {2}")
    @CsvSource({
        "192.0.2.1,      user@pass.spf.test,     PASS",
        "2001:db8::7,    user@pass.spf.test,     PASS",
        "::ffff:192.0.2.1, user@pass.spf.test,   PASS",
        "203.0.113.5,    user@pass.spf.test,     FAIL",
        "203.0.113.5,    user@fail.spf.test,     FAIL",
        "203.0.113.5,    user@softfail.spf.test, SOFTFAIL",
        "203.0.113.5,    user@neutral.spf.test,  NEUTRAL",
        "203.0.113.5,    user@nospf.spf.test,    NONE",
        "203.0.113.5,    user@nothing.spf.test,  NONE",
        "203.0.113.5,    user@syntax.spf.test,   PERMERROR",
        "203.0.113.5,    user@twice.spf.test,    PERMERROR",
        "203.0.113.5,    user@toomany.spf.test,  PERMERROR",
        "203.0.113.5,    user@void.spf.test,     PERMERROR",
        "192.0.2.1,      user@include.spf.test,  PASS",
        "203.0.113.5,    user@include.spf.test,  FAIL",
        "198.51.100.1,   user@redirect.spf.test, PASS",
        "203.0.113.5,    user@redirect.spf.test, FAIL",
        "192.0.2.1,      user@macro.spf.test,    PASS",
        "192.0.2.2,      user@macro.spf.test,    FAIL",
        "192.0.2.25,     user@mx.spf.test,       PASS",
        "192.0.2.26,     user@mx.spf.test,       FAIL",
    })
    void spfShouldGiveTheRfc7208Result(String ip, String sender, SpfResult expected) {
        SpfEvidence evidence = spf(ip, sender);
        assertThat(evidence.result()).as(evidence.toString()).isEqualTo(expected);
        assertThat(evidence.identity()).isEqualTo(SpfIdentity.MAILFROM);
    }

    @Test
    void spfShouldBeTemperrorNeverNoneWhenAServerDoesNotAnswer() {
        SpfEvidence evidence = spf("203.0.113.5", "user@timeout.spf.test");
        assertThat(evidence.result()).isEqualTo(SpfResult.TEMPERROR);
    }

    @Test
    void spfShouldBeTemperrorWhenTheRecordLookupTimesOut() {
        dns.proxy().silence("fail.spf.test");
        assertThat(spf("203.0.113.5", "user@fail.spf.test").result()).isEqualTo(SpfResult.TEMPERROR);
    }

    @Test
    void spfShouldBeTemperrorOnServfail() {
        dns.proxy().servfail("broken.spf.test");
        assertThat(spf("203.0.113.5", "user@servfail.spf.test").result()).isEqualTo(SpfResult.TEMPERROR);
        dns.proxy().servfail("softfail.spf.test");
        assertThat(spf("203.0.113.5", "user@softfail.spf.test").result()).isEqualTo(SpfResult.TEMPERROR);
    }

    @Test
    void nullSenderShouldBeCheckedWithTheHeloIdentity() {
        SpfEvidence pass = session("192.0.2.25", "mail.spf.test").spf("").join();
        assertThat(pass.identity()).isEqualTo(SpfIdentity.HELO);
        assertThat(pass.checked()).isEqualTo("postmaster@mail.spf.test");
        assertThat(pass.result()).isEqualTo(SpfResult.PASS);
        assertThat(session("192.0.2.99", "mail.spf.test").spf("").join().result()).isEqualTo(SpfResult.FAIL);
        assertThat(session("192.0.2.99", "[192.0.2.99]").spf("").join().result()).isEqualTo(SpfResult.NONE);
    }

    @Test
    void heloIdentityShouldBeRecordedToo() {
        EvidenceSession session = session("192.0.2.25", "mail.spf.test");
        session.spf("user@fail.spf.test").join();
        assertThat(session.spfHelo().join().result()).isEqualTo(SpfResult.PASS);
        assertThat(session.snapshot().spfHelo()).isPresent();
        assertThat(session.snapshot().spf()).containsKey("user@fail.spf.test");
    }

    @Test
    void explanationShouldBeBoundedAndPrintable() {
        SpfEvidence evidence = spf("203.0.113.5", "user@exp.spf.test");
        assertThat(evidence.result()).isEqualTo(SpfResult.FAIL);
        assertThat(evidence.explanation()).hasValueSatisfying(e -> {
            assertThat(e).startsWith("203.0.113.5 is not allowed").doesNotContain("\r", "\n").matches("[\\x20-\\x7e]*");
            assertThat(e.length()).isLessThanOrEqualTo(SpfEvidence.MAX_EXPLANATION_LENGTH);
        });
    }

    @Test
    void evaluateShouldMatchOnlyTheRefusedResults() {
        assertThat(SpfCheck.parse("").evaluate(session("203.0.113.5", "x.example"), Transaction.of("u@fail.spf.test")).join().matched()).isTrue();
        assertThat(SpfCheck.parse("").evaluate(session("203.0.113.5", "x.example"), Transaction.of("u@softfail.spf.test")).join().matched()).isFalse();
        Verdict strict = SpfCheck.parse("fail, softfail, permerror").evaluate(session("203.0.113.5", "x.example"), Transaction.of("u@softfail.spf.test")).join();
        assertThat(strict.matched()).isTrue();
        assertThat(strict.reason()).isEqualTo("SPF softfail for mailfrom u@softfail.spf.test from 203.0.113.5");
        assertThat(strict.remedy()).contains("send through a server that softfail.spf.test authorises in its SPF record, or ask its owner to add this one");
    }

    @Test
    void evaluateShouldBeTemporaryOnTemperror() {
        Verdict lenient = SpfCheck.parse("").evaluate(session("203.0.113.5", "x.example"), Transaction.of("u@timeout.spf.test")).join();
        assertThat(lenient.outcome()).isEqualTo(Verdict.Outcome.TEMPORARY);
        assertThat(lenient.matched()).isFalse();
        Verdict strict = SpfCheck.parse("temporary=match").evaluate(session("203.0.113.5", "x.example"), Transaction.of("u@timeout.spf.test")).join();
        assertThat(strict.matched()).isTrue();
    }

    @Test
    void evaluateShouldNotApplyBeforeMailFrom() {
        assertThat(SpfCheck.parse("").evaluate(session("203.0.113.5", "x.example")).join().outcome()).isEqualTo(Verdict.Outcome.NOT_APPLICABLE);
    }

    @Test
    void receivedSpfShouldCarryTheRfc7208Fields() {
        SpfEvidence evidence = spf("203.0.113.5", "user@fail.spf.test");
        assertThat(ReceivedSpf.value(evidence, ClientIp.parse("203.0.113.5").orElseThrow(), Optional.of("mail.spf.test"), Optional.of("mx.example.org")))
            .isEqualTo("fail (mx.example.org: domain of user@fail.spf.test does not designate 203.0.113.5 as permitted sender)"
                + " client-ip=203.0.113.5; envelope-from=\"user@fail.spf.test\"; helo=mail.spf.test; identity=mailfrom; receiver=mx.example.org;");
    }

    @Test
    void parseShouldNameTheProblemWhenConditionIsMalformed() {
        assertThatThrownBy(() -> SpfCheck.parse("hardfail")).hasMessageContaining("unknown SPF result 'hardfail'");
        assertThatThrownBy(() -> SpfCheck.parse("pass")).hasMessageContaining("'pass' cannot be refused");
        assertThatThrownBy(() -> SpfCheck.parse("temperror")).hasMessageContaining("use temporary=match");
    }
}
