package org.accessdenied.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.spam.SpamScore;
import org.accessdenied.core.spf.SpfEvidence;
import org.accessdenied.core.spf.SpfIdentity;
import org.accessdenied.core.spf.SpfResult;

class EvidenceAttributesTest {
    private static final ConnectionEvidence FULL = new ConnectionEvidence(
        ClientIp.parse("2001:db8::10"),
        Optional.of("mail.example.com"),
        Optional.of(new PtrEvidence(PtrEvidence.Status.FOUND, List.of("a.example.com", "b.example.com"), Optional.empty())),
        Optional.of(new ForwardConfirmation(ForwardConfirmation.Result.MISMATCH, List.of(), Optional.of("no PTR name resolves"))),
        Optional.of(new HeloResolution(HeloResolution.Status.RESOLVES, List.of("192.0.2.1", "2001:db8::1"))),
        Map.of(
            "bl.test", new DnsblEvidence("bl.test", List.of("127.0.0.2", "127.0.0.4"), Optional.of("Listed, see http://bl.test/"), 12, Optional.empty(), Optional.empty()),
            "dead.test", new DnsblEvidence("dead.test", List.of(), Optional.empty(), 0, Optional.empty(), Optional.of("zone unhealthy: lists everyone")),
            "slow.test", new DnsblEvidence("slow.test", List.of(), Optional.empty(), 700, Optional.of("no answer within 700 ms"), Optional.empty())),
        Map.of("user@example.net", new SpfEvidence(SpfIdentity.MAILFROM, "user@example.net", SpfResult.FAIL, Optional.of("not allowed")),
            "", new SpfEvidence(SpfIdentity.HELO, "postmaster@mail.example.com", SpfResult.PASS, Optional.empty())),
        Optional.of(new SpfEvidence(SpfIdentity.HELO, "postmaster@mail.example.com", SpfResult.PASS, Optional.empty())),
        Map.of("Mail1", SpamScore.scored(SpamScore.Source.SPAMD, 17.25, 5.0, List.of("GTUBE", "NO_RELAYS")),
            "Mail2", SpamScore.unavailable("spamd unreachable: ConnectException")));

    /** What James's distributed mail queue does to every attribute: to JSON and back. */
    private static Map<AttributeName, Attribute> throughJson(List<Attribute> attributes) throws Exception {
        Map<AttributeName, Attribute> out = new HashMap<>();
        for (Attribute attribute : attributes) {
            String json = attribute.getValue().toJson().orElseThrow(() -> new AssertionError(attribute + " is not JSON-serialisable")).toString();
            out.put(attribute.getName(), new Attribute(attribute.getName(), AttributeValue.fromJsonString(json)));
        }
        return out;
    }

    @Test
    void evidenceShouldSurviveJsonSerialisation() throws Exception {
        ConnectionEvidence back = EvidenceAttributes.fromAttributes(throughJson(EvidenceAttributes.toAttributes(FULL)), Optional.empty(), Optional.empty());
        assertThat(back).isEqualTo(FULL);
    }

    @Test
    void verdictShouldSurviveJsonSerialisation() throws Exception {
        Verdict verdict = Verdict.match("RemoteAddrInDnsbl", "192.0.2.10 is listed on bl.test", "see http://bl.test/");
        Attribute attribute = EvidenceAttributes.toAttribute(verdict);
        Attribute back = throughJson(List.of(attribute)).get(attribute.getName());
        assertThat(EvidenceAttributes.verdictFrom(back)).contains(verdict);
        Verdict temporary = Verdict.temporary("NoMatchingPtr", "DNS failure", true);
        assertThat(EvidenceAttributes.verdictFrom(throughJson(List.of(EvidenceAttributes.toAttribute(temporary))).values().iterator().next())).contains(temporary);
    }

    @Test
    void readShouldFallBackOnTheMailsRemoteAddressAndJamesHelo() throws Exception {
        Mail mail = FakeMail.builder().name("m").remoteAddr("::ffff:192.0.2.1")
            .attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("mx.example.test"))).build();
        ConnectionEvidence evidence = EvidenceAttributes.read(mail);
        assertThat(evidence.client()).map(ClientIp::text).contains("192.0.2.1");
        assertThat(evidence.helo()).contains("mx.example.test");
        assertThat(evidence.ptr()).isEmpty();
    }

    @Test
    void readShouldIgnoreMalformedAttributes() throws Exception {
        Mail mail = FakeMail.builder().name("m").remoteAddr("192.0.2.1")
            .attribute(new Attribute(EvidenceAttributes.PTR, AttributeValue.of("not a map")))
            .attribute(new Attribute(EvidenceAttributes.FCRDNS, AttributeValue.of(Map.of("result", AttributeValue.of("BOGUS")))))
            .attribute(new Attribute(EvidenceAttributes.CLIENT, AttributeValue.of("not an ip"))).build();
        ConnectionEvidence evidence = EvidenceAttributes.read(mail);
        assertThat(evidence.ptr()).isEmpty();
        assertThat(evidence.forwardConfirmation()).isEmpty();
        assertThat(evidence.client()).map(ClientIp::text).contains("192.0.2.1");
    }

    @Test
    void writeThenReadShouldGiveTheSameEvidence() throws Exception {
        Mail mail = FakeMail.builder().name("m").build();
        EvidenceAttributes.write(mail, FULL);
        assertThat(EvidenceAttributes.read(mail)).isEqualTo(FULL);
    }

    @Test
    void writeChangesShouldRewriteOnlyWhatChanged() throws Exception {
        ConnectionEvidence before = new ConnectionEvidence(FULL.client(), FULL.helo(), FULL.ptr(), FULL.forwardConfirmation(),
            FULL.heloResolution(), FULL.dnsbl(), FULL.spf(), FULL.spfHelo(), Map.of());
        Mail mail = FakeMail.builder().name("m").build();
        EvidenceAttributes.write(mail, before);
        Attribute ptr = mail.getAttribute(EvidenceAttributes.PTR).orElseThrow();
        EvidenceAttributes.writeChanges(mail, before, FULL);
        assertThat(mail.getAttribute(EvidenceAttributes.PTR)).as("unchanged: not written again").containsSame(ptr);
        assertThat(EvidenceAttributes.read(mail)).isEqualTo(FULL);
    }

    @Test
    void readMessageEvidenceShouldReadOnlyTheClientHeloAndSpamScores() throws Exception {
        Mail mail = FakeMail.builder().name("m").build();
        EvidenceAttributes.write(mail, FULL);
        ConnectionEvidence read = EvidenceAttributes.readMessageEvidence(mail);
        assertThat(read).isEqualTo(new ConnectionEvidence(FULL.client(), FULL.helo(), Optional.empty(), Optional.empty(),
            Optional.empty(), Map.of(), Map.of(), Optional.empty(), FULL.spam()));
    }

    @Test
    void writeChangesAfterAMessageEvidenceReadShouldLeaveTheConnectionEvidenceAsItWas() throws Exception {
        Mail mail = FakeMail.builder().name("m").build();
        ConnectionEvidence connection = new ConnectionEvidence(FULL.client(), FULL.helo(), FULL.ptr(), FULL.forwardConfirmation(),
            FULL.heloResolution(), FULL.dnsbl(), FULL.spf(), FULL.spfHelo(), Map.of());
        EvidenceAttributes.write(mail, connection);
        ConnectionEvidence read = EvidenceAttributes.readMessageEvidence(mail);
        ConnectionEvidence scored = new ConnectionEvidence(read.client(), read.helo(), read.ptr(), read.forwardConfirmation(),
            read.heloResolution(), read.dnsbl(), read.spf(), read.spfHelo(), FULL.spam());
        EvidenceAttributes.writeChanges(mail, read, scored);
        assertThat(EvidenceAttributes.read(mail)).isEqualTo(FULL);
    }
}
