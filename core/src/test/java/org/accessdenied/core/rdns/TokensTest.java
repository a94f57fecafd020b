package org.accessdenied.core.rdns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The classifier's hand-written word splitter against the regex it replaced (issue 11: same words, no regex). */
class TokensTest {
    private static final Pattern REGEX = Pattern.compile("[.\\-_]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])");

    @Test
    void tokensShouldEqualTheRegexSplitWhenGivenAnyMixOfLettersDigitsAndSeparators() {
        Random random = new Random(11);
        String alphabet = "ab9z0.-_x1:*A";
        for (int i = 0; i < 200_000; i++) {
            char[] text = new char[random.nextInt(12)];
            for (int j = 0; j < text.length; j++) {
                text[j] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String s = new String(text);
            assertThat(DynamicRdnsClassifier.tokens(s)).as("'%s'", s).containsExactly(REGEX.split(s));
        }
    }

    @Test
    void tokensShouldSplitWhereLettersAndDigitsMeet() {
        assertThat(DynamicRdnsClassifier.tokens("c-73-1-2-3")).containsExactly("c", "73", "1", "2", "3");
        assertThat(DynamicRdnsClassifier.tokens("mx1")).containsExactly("mx", "1");
        assertThat(DynamicRdnsClassifier.tokens("-a")).containsExactly(Arrays.asList("", "a").toArray(new String[0]));
        assertThat(DynamicRdnsClassifier.tokens("--")).isEmpty();
        assertThat(DynamicRdnsClassifier.tokens("")).containsExactly("");
    }
}
