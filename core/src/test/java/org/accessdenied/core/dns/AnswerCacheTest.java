package org.accessdenied.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class AnswerCacheTest {
    private static final int BOUND = 100;
    private final AnswerCache cache = new AnswerCache(BOUND);

    private static Question question(int i) {
        return new Question(Name.fromConstantString("client" + i + ".example.test."), Type.PTR);
    }

    private void keep(int from, int to) {
        for (int i = from; i < to; i++) {
            cache.put(question(i), DnsAnswer.nxDomain(Duration.ofMillis(3)), 300);
        }
    }

    @Test
    void putShouldKeepTheAnswersThatAreReadWhenFull() {
        keep(0, BOUND);
        for (int seen = BOUND; seen < 4 * BOUND; seen++) {
            for (int shared = 0; shared < BOUND; shared += 10) {
                assertThat(cache.get(question(shared))).as("answer %d, read by every client, after %d more", shared, seen - BOUND)
                    .isNotNull();
            }
            keep(seen, seen + 1);
            assertThat(cache.size()).isLessThanOrEqualTo(BOUND);
        }
    }

    @Test
    void putShouldEvictReadAnswersTooWhenEveryAnswerWasRead() {
        keep(0, BOUND);
        for (int i = 0; i < BOUND; i++) {
            cache.get(question(i));
        }
        keep(BOUND, BOUND + 1);
        assertThat(cache.size()).isLessThanOrEqualTo(BOUND - BOUND / 10 + 1);
        assertThat(cache.get(question(BOUND))).isNotNull();
    }

    @Test
    void getShouldGiveTheAnswerWithoutLatency() {
        keep(0, 1);
        assertThat(cache.get(question(0)).join().latency()).isZero();
    }

    @Test
    void putShouldNotKeepAnswersWithoutTtl() {
        cache.put(question(0), DnsAnswer.nxDomain(Duration.ZERO), 0);
        assertThat(cache.get(question(0))).isNull();
    }
}
