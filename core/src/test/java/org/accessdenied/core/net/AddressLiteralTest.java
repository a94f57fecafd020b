package org.accessdenied.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressLiteralTest {
    @ParameterizedTest
    @CsvSource({
        "[192.0.2.1], 192.0.2.1",
        "[IPv6:2001:db8::1], 2001:db8::1",
        "[ipv6:2001:DB8::1], 2001:db8::1",
        "[IPV6:::ffff:192.0.2.1], 192.0.2.1",
        "[192.000.002.001], 192.0.2.1",
        "[010.0.0.8], 10.0.0.8",
        "[IPv6:2001:0DB8:0000:0000:0000:0000:0000:0001], 2001:db8::1",
    })
    void parseShouldReturnTheAddress(String literal, String address) {
        assertThat(AddressLiteral.parse(literal).flatMap(AddressLiteral::address)).map(ClientIp::text).contains(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[x-tag:some-content]"})
    void parseShouldAcceptGeneralLiteralsWithoutAddress(String literal) {
        assertThat(AddressLiteral.parse(literal)).hasValueSatisfying(l -> assertThat(l.address()).isEmpty());
        assertThat(AddressLiteral.parse(literal).flatMap(AddressLiteral::generalTag)).contains("x-tag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[1.2.3]", "[256.0.0.1]", "[2001:db8::1]", "[IPv6:1.2.3.4]", "[mail.example.com]", "192.0.2.1", "[1.2.3.4]x", "[tag:a b]", "[0192.0.2.1]", "[IPv6:fe80::1%eth0]"})
    void parseShouldRejectInvalidLiterals(String literal) {
        assertThat(AddressLiteral.parse(literal)).isEmpty();
    }
}
