package org.accessdenied.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResolverAddressTest {
    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 127.0.0.1:53",
        "127.0.0.1:5353, 127.0.0.1:5353",
        "::1, [::1]:53",
        "[::1]:5353, [::1]:5353",
        "' 192.0.2.53 ', 192.0.2.53:53",
    })
    void parseShouldAcceptHostAndOptionalPort(String text, String expected) {
        assertThat(ResolverAddress.parse(text)).hasToString(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "dns.example.com", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:x", "[::1", "[::1]5353"})
    void parseShouldNameTheServerWhenInvalid(String text) {
        assertThatThrownBy(() -> ResolverAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("DNS server '" + text.trim() + "'");
    }
}
