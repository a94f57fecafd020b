package org.accessdenied.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;


class LogfmtLineTest {
    private static final List<String> HOSTILE = List.of(
        "x\" reply=\"250 OK\" decision=pass",
        "\"",
        "\\",
        "\\\"",
        "a\\\" b=c",
        "key=value",
        "=",
        " leading and trailing spaces ",
        "",
        "bad\rX-Injected: yes",
        "line\nnext admission pass client=1.2.3.4",
        "nul\u0000byte",
        "tab\there",
        "esc\u001b[31mred",
        "del\u007f",
        "c1\u0085\u009b",
        "caf\u00e9 \u65e5\u672c \ud83d\udce7",
        "lone \ud800 surrogate",
        "\\x41 is not A",
        "\\u{41} is not A either",
        "plain.example.com",
        "<>",
        "x".repeat(10_000),
        "\r\n".repeat(5_000),
        "\"".repeat(10_000));

    @Test
    void everyHostileValueShouldRoundTripAsOneFieldUpToTheBound() {
        LogfmtLine line = LogfmtLine.head("admission reject rule 2 (org.accessdenied.matchers.BadHelo)");
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            line.field("v" + i, HOSTILE.get(i), 300);
            expected.put("v" + i, SafeText.truncated(HOSTILE.get(i), 300));
        }

        Map<String, String> read = LogfmtReader.fields(line.toString(), "admission reject rule 2 (org.accessdenied.matchers.BadHelo)");

        assertThat(read).containsExactlyEntriesOf(expected);
    }

    @Test
    void theLineShouldBePrintableAsciiAndBoundedWhateverTheValues() {
        LogfmtLine line = LogfmtLine.head("admission pass");
        HOSTILE.forEach(v -> line.field("v", v, 120));

        String text = line.toString();

        assertThat(text).matches("[\\x20-\\x7e]*");
        // each value: 120 characters at most, 10 bytes each escaped (a supplementary code point), plus quotes and key
        assertThat(text.length()).isLessThan("admission pass".length() + HOSTILE.size() * (120 * 10 + 5));
    }

    @Test
    void valuesShouldBeBareOnlyWhenNothingNeedsQuotingAndEscapesShouldBeReadable() {
        String text = LogfmtLine.head("h")
            .field("client", "127.0.0.2", 40)
            .field("from", "<>", 40)
            .field("empty", "", 40)
            .field("space", "a b", 40)
            .field("helo", "bad\rX\u0000\t\u007f\u0085\u00e9\ud83d\udce7\"\\", 40)
            .toString();

        assertThat(text).isEqualTo("h client=127.0.0.2 from=<> empty=\"\" space=\"a b\" helo=\"bad\\rX\\x00\\t\\x7F\\u{85}\\u{E9}\\u{1F4E7}\\\"\\\\\"");
    }

    @Test
    void aForgedHeloShouldStayInsideItsField() {
        String text = LogfmtLine.head("admission reject")
            .field("helo", "x\" reply=\"250 OK\" decision=pass", 80)
            .field("reply", "550 5.7.1 refused", 600)
            .toString();

        assertThat(LogfmtReader.fields(text, "admission reject"))
            .containsExactly(Map.entry("helo", "x\" reply=\"250 OK\" decision=pass"), Map.entry("reply", "550 5.7.1 refused"));
    }

    @Test
    void fieldShouldRefuseAKeyThatIsNotAName() {
        assertThatThrownBy(() -> LogfmtLine.head("h").field("a b", "v", 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogfmtLine.head("h").field("", "v", 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogfmtLine.head("h").field("k=", "v", 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
