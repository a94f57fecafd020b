package org.accessdenied.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Responses built by hand for what nsd (authoritative only) never sends: a resolver's DNAME synthesis, a negative
 * answer without an SOA, an update rcode. The usual cases are read from nsd's own answers in {@link DnsClientTest}.
 */
class ResponseReadingTest {
    private static final Name ASKED = Name.fromConstantString("www.example.test.");
    private static final Duration LATENCY = Duration.ofMillis(3);

    private static Message response(int rcode, Record... answers) {
        Message message = Message.newQuery(Record.newRecord(ASKED, Type.A, DClass.IN));
        message.getHeader().setRcode(rcode);
        for (Record r : answers) {
            message.addRecord(r, Section.ANSWER);
        }
        return message;
    }

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }

    private static ARecord a(String owner, long ttl, String address) throws Exception {
        return new ARecord(name(owner), DClass.IN, ttl, InetAddress.getByName(address));
    }

    private static SOARecord soa(long ttl, long minimum) {
        return new SOARecord(name("example.test."), DClass.IN, ttl, name("ns.example.test."),
            name("hostmaster.example.test."), 1, 3600, 600, 86400, minimum);
    }

    @Test
    void readingShouldKeepAFoundAnswerForTheSmallestTtlOfTheChain() throws Exception {
        Message message = response(Rcode.NOERROR,
            new CNAMERecord(ASKED, DClass.IN, 40, name("mx.example.test.")), a("mx.example.test.", 300, "192.0.2.1"));
        ResponseReading reading = ResponseReading.of(message, ASKED, Type.A, ResponseReading.MAX_REDIRECTS, LATENCY);
        assertThat(reading.answer().addresses()).extracting(InetAddress::getHostAddress).containsExactly("192.0.2.1");
        assertThat(reading.keepSeconds()).isEqualTo(40);
        assertThat(reading.answer().latency()).isEqualTo(LATENCY);
    }

    @Test
    void readingShouldFollowADnameWhenTheResolverDidNotSynthesiseTheCname() throws Exception {
        Message message = response(Rcode.NOERROR,
            new DNAMERecord(name("example.test."), DClass.IN, 300, name("example.net.")),
            a("www.example.net.", 300, "192.0.2.7"));
        ResponseReading reading = ResponseReading.of(message, ASKED, Type.A, ResponseReading.MAX_REDIRECTS, LATENCY);
        assertThat(reading.answer().addresses()).extracting(InetAddress::getHostAddress).containsExactly("192.0.2.7");
    }

    @Test
    void readingShouldNotKeepANegativeAnswerWithoutAnSoa() {
        ResponseReading reading = ResponseReading.of(response(Rcode.NXDOMAIN), ASKED, Type.A, 16, LATENCY);
        assertThat(reading.answer().status()).isEqualTo(DnsAnswer.Status.NXDOMAIN);
        assertThat(reading.keepSeconds()).isNegative();
    }

    @Test
    void readingShouldKeepANegativeAnswerForTheSoaMinimum() {
        Message message = response(Rcode.NOERROR);
        message.addRecord(soa(3600, 60), Section.AUTHORITY);
        ResponseReading reading = ResponseReading.of(message, ASKED, Type.A, 16, LATENCY);
        assertThat(reading.answer().status()).isEqualTo(DnsAnswer.Status.NODATA);
        assertThat(reading.keepSeconds()).isEqualTo(60);
    }

    @Test
    void readingShouldSayNodataWhenTheChainEndsInTheResponseWithAnSoa() {
        Message message = response(Rcode.NOERROR, new CNAMERecord(ASKED, DClass.IN, 300, name("mx.example.net.")));
        message.addRecord(soa(120, 900), Section.AUTHORITY);
        ResponseReading reading = ResponseReading.of(message, ASKED, Type.A, 16, LATENCY);
        assertThat(reading.answer().status()).isEqualTo(DnsAnswer.Status.NODATA);
        assertThat(reading.askNext()).isNull();
        assertThat(reading.keepSeconds()).isEqualTo(120);
    }

    @Test
    void readingShouldAskTheTargetNextWhenTheChainLeavesTheResponse() {
        Message message = response(Rcode.NOERROR, new CNAMERecord(ASKED, DClass.IN, 300, name("mx.example.net.")));
        ResponseReading reading = ResponseReading.of(message, ASKED, Type.A, 16, LATENCY);
        assertThat(reading.answer()).isNull();
        assertThat(reading.askNext()).isEqualTo(name("mx.example.net."));
        assertThat(reading.redirectsLeft()).isEqualTo(15);
        assertThat(reading.keepSeconds()).as("the target's answer is relied on no longer than the CNAME").isEqualTo(300);
    }

    @Test
    void readingShouldSayNodataWhenTheRedirectsRunOut() {
        Message message = response(Rcode.NOERROR, new CNAMERecord(ASKED, DClass.IN, 300, name("mx.example.net.")));
        ResponseReading reading = ResponseReading.of(message, ASKED, Type.A, 0, LATENCY);
        assertThat(reading.answer().status()).isEqualTo(DnsAnswer.Status.NODATA);
    }

    @Test
    void readingShouldNameOnlyTheRcodeWhenTheServerFails() {
        ResponseReading reading = ResponseReading.of(response(Rcode.SERVFAIL), ASKED, Type.A, 16, LATENCY);
        assertThat(reading.answer().status()).isEqualTo(DnsAnswer.Status.ERROR);
        assertThat(reading.answer().error()).contains("SERVFAIL");
        assertThat(reading.keepSeconds()).isNegative();
    }

    @Test
    void readingShouldSayNodataForTheUpdateRcodeNxrrset() {
        ResponseReading reading = ResponseReading.of(response(Rcode.NXRRSET), ASKED, Type.A, 16, LATENCY);
        assertThat(reading.answer().status()).isEqualTo(DnsAnswer.Status.NODATA);
    }
}
