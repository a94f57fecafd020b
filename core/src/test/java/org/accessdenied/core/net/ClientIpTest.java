package org.accessdenied.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientIpTest {
    @ParameterizedTest
    @CsvSource({
        "192.0.2.1, 192.0.2.1",
        "' 192.0.2.1 ', 192.0.2.1",
        "[192.0.2.1], 192.0.2.1",
        "::ffff:192.0.2.1, 192.0.2.1",
        "::FFFF:C000:0201, 192.0.2.1",
        "[::ffff:192.0.2.1], 192.0.2.1",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "fe80::1%eth0, fe80::1",
    })
    void parseShouldNormaliseWhenGivenAnAddress(String text, String expected) {
        assertThat(ClientIp.parse(text)).map(ClientIp::text).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "localhost", "mail.example.com", "256.1.1.1", "1.2.3", "01.2.3.4", "[1.2.3.4", "1.2.3.4\u0000", "::g"})
    void parseShouldBeEmptyWhenNotAnAddress(String text) {
        assertThat(ClientIp.parse(text)).isEmpty();
    }

    @Test
    void parseShouldIgnoreSurroundingWhiteSpaceIncludingLineEnds() {
        assertThat(ClientIp.parse("192.0.2.1\r\n")).map(ClientIp::text).contains("192.0.2.1");
    }

    @Test
    void parseShouldBeEmptyWhenNull() {
        assertThat(ClientIp.parse(null)).isEmpty();
    }

    @Test
    void parseShouldRejectHugeInputWithoutWork() {
        assertThat(ClientIp.parse("1".repeat(10_000))).isEmpty();
    }

    @Test
    void ofShouldUnwrapAnExplicitlyBuiltMappedInet6Address() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 1};
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(ClientIp.of(v6).text()).isEqualTo("192.0.2.1");
        assertThat(ClientIp.of(v6).isIpv4()).isTrue();
    }

    @Test
    void reverseLookupNameShouldFollowRfc5782ForIpv4() {
        assertThat(ClientIp.parse("127.0.0.2").orElseThrow().reverseLookupName()).isEqualTo("2.0.0.127.in-addr.arpa.");
    }

    @Test
    void reverseLookupNameShouldUseNibblesForIpv6() {
        assertThat(ClientIp.parse("2001:db8::10").orElseThrow().reversedLabels())
            .isEqualTo("0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2");
    }
}
