package org.accessdenied.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeTextTest {
    @ParameterizedTest
    @ValueSource(strings = {"bad\rX-Injected: yes", "bad\nname", "bad\u0000name", "bad\tname", "bad\u001bname", "bad\u007fname",
        "bad\u0080name", "bad\u0085name", "bad\u009fname", "\r", "name\u0000"})
    void hasControlCharacterShouldBeTrueForC0DelAndC1(String text) {
        assertThat(SafeText.hasControlCharacter(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "mail.example.com", "[192.0.2.1]", "[IPv6:2001:db8::1]", "bad name with spaces", "x\" reply=\"250 OK\"",
        "b\u00e4d.example", "\u00a0nbsp", "\ufffd", "\ud83d\udce7.example", "~"})
    void hasControlCharacterShouldBeFalseForPrintableAndOtherNonAsciiText(String text) {
        assertThat(SafeText.hasControlCharacter(text)).isFalse();
    }

    @Test
    void printableShouldReplaceEveryNonPrintableCharacterAndBoundTheLength() {
        assertThat(SafeText.printable("a\r\nb\u00e9c", 80)).isEqualTo("a??b?c");
        assertThat(SafeText.printable("x".repeat(100), 10)).isEqualTo("xxxxxxx...");
        assertThat(SafeText.printable(null, 10)).isEmpty();
    }

    @Test
    void truncatedShouldKeepShortTextAndNeverSplitASurrogatePair() {
        assertThat(SafeText.truncated("exactly10!", 10)).isEqualTo("exactly10!");
        assertThat(SafeText.truncated("a\r\nb", 10)).isEqualTo("a\r\nb");
        assertThat(SafeText.truncated("abcdefghijk", 10)).isEqualTo("abcdefg...").hasSize(10);
        assertThat(SafeText.truncated("abcdef\ud83d\udce7xyz", 10)).isEqualTo("abcdef...");
        assertThat(SafeText.truncated("abcdef", 2)).isEqualTo("..");
    }
}
