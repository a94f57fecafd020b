package org.accessdenied.core.spam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpamStatusTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "True ; 1000.0 / 5.0 | 1000.0 | 5.0",
        "False ; -0.0 / 5.0  | 0.0    | 5.0",
        "Yes ; 7.3 / 5.0     | 7.3    | 5.0",
        "No ; -1.9 / 5.0     | -1.9   | 5.0",
        " true;12/5          | 12.0   | 5.0",
    })
    void spamdHeaderShouldReadEveryVariant(String value, double score, double required) {
        assertThat(SpamStatus.spamdHeader(value)).hasValueSatisfying(v -> {
            assertThat(v[0] == 0 ? 0.0 : v[0]).isEqualTo(score);
            assertThat(v[1]).isEqualTo(required);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Maybe ; 1 / 5", "True ; x / 5", "True ; 1.0", "True ; 1.0 / 5.0 ; extra", "True ; 1e400 / 5"})
    void spamdHeaderShouldBeEmptyForGarbage(String value) {
        assertThat(SpamStatus.spamdHeader(value)).isEmpty();
    }

    @Test
    void spamScoreShouldReadNegativeZeroAsZero() {
        SpamScore score = SpamScore.scored(SpamScore.Source.SPAMD, -0.0, 5.0, java.util.List.of());
        assertThat(Double.compare(score.score(), 0.0)).isZero();
    }

    @Test
    void statusHeaderShouldReadSpamAssassinAndJamesForms() {
        assertThat(SpamStatus.statusHeader("Yes, score=17.2 required=5.0 tests=GTUBE,\r\n\tNO_RELAYS autolearn=no version=4.0.1", SpamScore.Source.TRUSTED_HEADER))
            .hasValueSatisfying(s -> {
                assertThat(s.score()).isEqualTo(17.2);
                assertThat(s.required()).isEqualTo(5.0);
                assertThat(s.rules()).containsExactly("GTUBE", "NO_RELAYS");
            });
        assertThat(SpamStatus.statusHeader("Yes, hits=8.5 required=5.0 tests=A,B", SpamScore.Source.JAMES_SPAMASSASSIN))
            .map(SpamScore::score).contains(8.5);
        assertThat(SpamStatus.statusHeader("No, score=-0.0 required=5.0 tests=none", SpamScore.Source.TRUSTED_HEADER))
            .map(SpamScore::score).contains(0.0);
        assertThat(SpamStatus.statusHeader("garbage", SpamScore.Source.TRUSTED_HEADER)).isEmpty();
        assertThat(SpamStatus.statusHeader("Yes, score=" + "9".repeat(5000), SpamScore.Source.TRUSTED_HEADER)).isEmpty();
    }

    @Test
    void plainScoreShouldReadANumberOnly() {
        assertThat(SpamStatus.plainScore(" 12.5 ")).contains(12.5);
        assertThat(SpamStatus.plainScore("12.5 (high)")).isEmpty();
    }
}
