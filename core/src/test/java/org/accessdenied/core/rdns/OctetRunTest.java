package org.accessdenied.core.rdns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The classifier's octet matcher against the regex it replaced (issue 11: same text found, no pattern per address). */
class OctetRunTest {
    private static Optional<String> regex(String name, String[] octets, boolean separatorOptional) {
        String sep = separatorOptional ? "[.\\-_]?" : "[.\\-_]";
        StringBuilder form = new StringBuilder("(?<![0-9])");
        for (int i = 0; i < octets.length; i++) {
            form.append(i == 0 ? "" : sep).append("0{0,2}").append(octets[i]);
        }
        Matcher m = Pattern.compile(form.append("(?![0-9])").toString()).matcher(name);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    @Test
    void findShouldEqualTheRegexWhenGivenAnyMixOfDigitsZerosAndSeparators() {
        Random random = new Random(11);
        String[] pieces = {"0", "00", "1", "10", "100", "12", "2", "20", "25", "255", "5", ".", "-", "_", "a", "x", "--"};
        for (int i = 0; i < 200_000; i++) {
            StringBuilder name = new StringBuilder();
            int n = random.nextInt(9);
            for (int j = 0; j < n; j++) {
                name.append(pieces[random.nextInt(pieces.length)]);
            }
            int size = random.nextBoolean() ? 4 : 2;
            String[] octets = new String[size];
            for (int j = 0; j < size; j++) {
                octets[j] = new String[] {"0", "1", "10", "100", "12", "2", "20", "25", "255", "5"}[random.nextInt(10)];
            }
            boolean optional = size == 4;
            String text = name.toString();
            assertThat(OctetRun.find(text, octets, optional)).as("'%s' %s", text, String.join(".", octets))
                .isEqualTo(regex(text, octets, optional));
        }
    }

    @Test
    void findShouldReturnTheTextOfTheAddressInAName() {
        assertThat(OctetRun.find("c-73-1-2-3.hsd1", new String[] {"73", "1", "2", "3"}, true)).contains("73-1-2-3");
        assertThat(OctetRun.find("host073001002003", new String[] {"73", "1", "2", "3"}, true)).contains("073001002003");
        assertThat(OctetRun.find("a1-2-3-45", new String[] {"1", "2", "3", "4"}, true)).isEmpty();
    }
}
