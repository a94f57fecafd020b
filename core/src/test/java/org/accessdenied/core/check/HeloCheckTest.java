package org.accessdenied.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.accessdenied.core.DnsFixture;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.net.ClientIp;

class HeloCheckTest {
    @RegisterExtension
    final DnsFixture dns = new DnsFixture();

    private Verdict verdict(String condition, String ip, String helo) {
        return HeloCheck.parse(condition, domain -> domain.equals("local.example"))
            .evaluate(dns.engine().newSession(ClientIp.parse(ip), Optional.ofNullable(helo))).join();
    }

    @ParameterizedTest(name = "HELO {1} from {0}: {2}")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.1 | ''                            | missing",
        "192.0.2.1 | '   '                         | missing",
        "192.0.2.1 | my_pc.example.com             | syntax",
        "192.0.2.1 | -bad.example.com              | syntax",
        "192.0.2.1 | 'has space.example.com'       | syntax",
        "192.0.2.1 | '[1.2.3]'                     | syntax",
        "192.0.2.1 | '[2001:db8::1]'                | syntax",
        "192.0.2.1 | localhost                     | not-fqdn",
        "192.0.2.1 | DESKTOP-4F2J9KL               | not-fqdn",
        "192.0.2.1 | localhost.localdomain         | not-fqdn",
        "192.0.2.1 | ylmf-pc                       | not-fqdn",
        "192.0.2.1 | 192.0.2.1                     | bare-ip",
        "192.0.2.1 | 2001:db8::1                   | bare-ip",
        "192.0.2.1 | '[192.0.2.99]'                | literal-mismatch",
        "192.0.2.1 | '[192.000.002.099]'           | literal-mismatch",
        "192.0.2.1 | MX.EXAMPLE.TEST.              | syntax",
        "192.0.2.1 | '[IPv4:192.0.2.1]'            | syntax",
        "192.0.2.1 | '[x-tag:whatever]'            | syntax",
        "2001:db8::1 | '[IPv6:fe80::1%eth0]'       | syntax",
        "2001:db8::1 | '[IPv6:2001:db8::1::2]'     | syntax",
        "192.0.2.1 | 'h\u00f6st.example.com'       | syntax",
        "93.184.0.1 | host.example.test            | reserved",
        "93.184.0.1 | mail.example.com             | reserved",
        "93.184.0.1 | mx.domain.tld                | reserved",
        "93.184.0.1 | router.home.arpa             | reserved",
        "93.184.0.1 | c-93-184-0-1.hsd1.ca.comcast.net | dynamic",
        "93.184.0.1 | static.1.0.184.93.clients.your-server.de | dynamic",
        "2001:db8::1 | '[IPv6:2001:db8::2]'        | literal-mismatch",
        "192.0.2.1 | local.example                 | our-name",
        "192.0.2.1 | mx.ours.example               | our-name",
        "192.0.2.1 | '[198.51.100.25]'             | our-name",
    })
    void evaluateShouldNameTheProblem(String ip, String helo, String problem) {
        Verdict verdict = verdict("default, ourNames=mx.ours.example, ourIps=198.51.100.25", ip, helo);
        assertThat(verdict.matched()).as(verdict.reason()).isTrue();
        assertThat(verdict.reason()).containsPattern("(^|; )" + problem + ": ");
    }

    @ParameterizedTest(name = "HELO {1} from {0} is fine")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.1        | mx.example.test",
        "10.1.2.3         | build-agent.corp.test",
        "192.0.2.1        | '[192.0.2.1]'",
        "192.0.2.1        | '[192.000.002.001]'",
        "192.0.2.1        | '[192.0.2.001]'",
        "2001:db8::1      | '[IPv6:2001:0db8:0000:0000:0000:0000:0000:0001]'",
        "93.184.0.1       | xn--mller-kva.example.de",
        "54.240.8.30      | a8-30.smtp-out.amazonses.com",
        "185.70.43.17     | mail-4317.protonmail.ch",
        "2001:db8::1      | '[IPv6:2001:db8::1]'",
        "2001:db8::1      | '[ipv6:2001:DB8::1]'",
        "::ffff:192.0.2.1 | '[192.0.2.1]'",
        "192.0.2.1        | '[IPv6:::ffff:192.0.2.1]'",
        "192.0.2.41       | mail-ej1-f41.google.com",
    })
    void evaluateShouldAcceptProperGreetings(String ip, String helo) {
        Verdict verdict = verdict("", ip, helo);
        assertThat(verdict.outcome()).as(verdict.reason()).isEqualTo(Verdict.Outcome.NO_MATCH);
    }

    @Test
    void ourIpsGreetingWithOurNamesShouldBeThisServerTalkingToItself() {
        String condition = "default, ourNames=mx.ours.example, ourIps=198.51.100.25|2001:db8::25";
        assertThat(verdict(condition, "198.51.100.25", "mx.ours.example").matched()).isFalse();
        assertThat(verdict(condition, "2001:db8::25", "mx.ours.example").matched()).isFalse();
        assertThat(verdict(condition, "198.51.100.25", "[198.51.100.25]").matched()).isFalse();
        assertThat(verdict(condition, "198.51.100.26", "mx.ours.example").reason()).startsWith("our-name: ");
    }

    @Test
    void reservedShouldSayWhichRuleTheNameBreaks() {
        assertThat(verdict("", "93.184.0.1", "mail.example.com").reason())
            .isEqualTo("reserved: HELO 'mail.example.com' cannot name a host on the Internet: special-use name .example.com (RFC 2606/6761)");
        assertThat(verdict("", "93.184.0.1", "exchange.firma.intern").reason())
            .isEqualTo("reserved: HELO 'exchange.firma.intern' cannot name a host on the Internet: top-level label 'intern' is not in the Public Suffix List");
        assertThat(verdict("default, -reserved", "93.184.0.1", "exchange.firma.intern").matched()).isFalse();
    }

    @Test
    void dynamicShouldUseTheDynamicRdnsClassifierAndItsStaticOption() {
        assertThat(verdict("", "93.184.0.1", "static-93-184-0-1.example-isp.net").reason())
            .isEqualTo("dynamic: HELO 'static-93-184-0-1.example-isp.net' is a generic (dynamic/residential) name: address in name \"93-184-0-1\" in static-93-184-0-1.example-isp.net");
        assertThat(verdict("static=exempt", "93.184.0.1", "static-93-184-0-1.example-isp.net").matched()).isFalse();
        assertThat(verdict("default, -dynamic", "93.184.0.1", "c-93-184-0-1.hsd1.ca.comcast.net").matched()).isFalse();
        assertThatThrownBy(() -> HeloCheck.parse("static=maybe", d -> false)).hasMessage("BadHelo: option 'static' must be 'generic' or 'exempt', got 'maybe'");
    }

    @Test
    void forgedProviderShouldCoverBareBrandDomainsOnly() {
        assertThat(verdict("", "192.0.2.42", "paypal.com").reason())
            .isEqualTo("forged-provider: HELO 'paypal.com' names paypal.com but the client's PTR (host.spammer.example.test) is not under paypal.com");
        // a bank's own relay name from an outsourced host is not the brand's bare domain
        assertThat(verdict("", "192.0.2.42", "mx1.paypal.com").matched()).isFalse();
        assertThat(verdict("brand+=shop.example", "192.0.2.42", "shop.example").reason()).startsWith("forged-provider:");
        assertThat(verdict("brand+=shop.example:example.test", "192.0.2.42", "shop.example").matched()).isFalse();
        assertThatThrownBy(() -> HeloCheck.parse("brand+=not_a_domain", d -> false)).hasMessageContaining("option 'brand+' expects DOMAIN");
    }

    @Test
    void rdnsMismatchShouldBeOffByDefaultAndCompareOrganisationalDomains() {
        assertThat(verdict("", "192.0.2.42", "mx.other.example").matched()).isFalse();
        assertThat(verdict("default, rdns-mismatch", "192.0.2.42", "mx.other.example").reason())
            .isEqualTo("rdns-mismatch: HELO 'mx.other.example' is under other.example but the client's forward-confirmed PTR (host.spammer.example.test) is not");
        assertThat(verdict("default, rdns-mismatch", "192.0.2.42", "mail.example.test").matched()).isFalse();
        // no PTR: NoMatchingPtr's business
        assertThat(verdict("default, rdns-mismatch", "192.0.2.2", "mx.other.example").matched()).isFalse();
    }

    @Test
    void evaluateShouldSayWhyA10kHeloIsBadWithoutEchoingIt() {
        Verdict verdict = verdict("", "192.0.2.1", "a".repeat(10_240));
        assertThat(verdict.reason()).startsWith("syntax: HELO 'aaaa").contains("longer than 253 characters");
        assertThat(verdict.reason().length()).isLessThanOrEqualTo(Verdict.MAX_TEXT_LENGTH);
    }

    @Test
    void evaluateShouldNeverEchoControlBytes() {
        Verdict verdict = verdict("", "192.0.2.1", "evil\r\n250 OK\u0000\u00e9.example.com");
        assertThat(verdict.reason()).startsWith("syntax:").matches("[\\x20-\\x7e]*");
    }

    @Test
    void forgedProviderShouldCompareOrganisationalDomainsOfHeloAndPtr() {
        assertThat(verdict("", "192.0.2.41", "gmail.com").matched()).isFalse();
        Verdict forged = verdict("", "192.0.2.42", "gmail.com");
        assertThat(forged.matched()).isTrue();
        assertThat(forged.reason()).isEqualTo("forged-provider: HELO 'gmail.com' names gmail.com but the client's PTR (host.spammer.example.test) is not under google.com");
        assertThat(verdict("", "192.0.2.2", "outlook.com").reason()).contains("the client has no PTR record");
    }

    @Test
    void forgedProviderShouldBeTemporaryWhenThePtrIsUnknown() {
        dns.proxy().silence("2.0.192.in-addr.arpa");
        Verdict verdict = verdict("", "192.0.2.42", "yahoo.com");
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.TEMPORARY);
        assertThat(verdict("temporary=match", "192.0.2.42", "yahoo.com").matched()).isTrue();
    }

    @Test
    void providersShouldBeConfigurable() {
        assertThat(verdict("provider+=bigmail.test:example.test", "192.0.2.42", "mx.bigmail.test").matched()).isFalse();
        assertThat(verdict("provider+=bigmail.test:other.test", "192.0.2.42", "mx.bigmail.test").reason()).startsWith("forged-provider:");
    }

    @Test
    void noResolveShouldNeedDnsAndBeOffByDefault() {
        assertThat(verdict("", "192.0.2.1", "noaddress.example.test").matched()).isFalse();
        assertThat(verdict("default, no-resolve", "192.0.2.1", "noaddress.example.test").reason()).startsWith("no-resolve: ");
        assertThat(verdict("default, no-resolve", "192.0.2.1", "nothing.example.test").matched()).isTrue();
        assertThat(verdict("default, no-resolve", "192.0.2.1", "resolves.example.test").matched()).isFalse();
        assertThat(verdict("default, no-resolve", "192.0.2.1", "mx6.example.test").matched()).isFalse();
    }

    @Test
    void publicSuffixShouldBeOptIn() {
        assertThat(verdict("", "192.0.2.1", "mx.example.test").matched()).isFalse();
        assertThat(verdict("default, public-suffix", "192.0.2.1", "mx.example.test").reason()).startsWith("public-suffix:");
        assertThat(verdict("default, public-suffix", "192.0.2.1", "mail.example.com").matched()).isFalse();
    }

    @Test
    void conditionShouldSelectAndDeselectChecks() {
        assertThat(verdict("default, -not-fqdn", "192.0.2.1", "localhost").matched()).isFalse();
        assertThat(verdict("bare-ip", "192.0.2.1", "localhost").matched()).isFalse();
        assertThat(verdict("bare-ip", "192.0.2.1", "192.0.2.1").matched()).isTrue();
        assertThat(HeloCheck.parse("all", d -> false).enabled()).hasSize(12);
    }

    @Test
    void evaluateShouldListEveryProblemFound() {
        Verdict verdict = verdict("all, ourIps=192.0.2.99", "192.0.2.1", "[192.0.2.99]");
        assertThat(verdict.reason()).contains("literal-mismatch:", "our-name:");
    }

    @Test
    void parseShouldNameTheProblemWhenConditionIsMalformed() {
        assertThatThrownBy(() -> HeloCheck.parse("bogus", d -> false)).hasMessageContaining("unknown check 'bogus'");
        assertThatThrownBy(() -> HeloCheck.parse("ourIps=mx.example.com", d -> false)).hasMessageContaining("'mx.example.com' is not an IP address");
        assertThatThrownBy(() -> HeloCheck.parse("provider+=gmail.com", d -> false)).hasMessageContaining("expects HELO-DOMAIN:PTR-DOMAIN");
        assertThatThrownBy(() -> HeloCheck.parse("ourname=x", d -> false)).hasMessageContaining("unknown option 'ourname'");
    }
}
