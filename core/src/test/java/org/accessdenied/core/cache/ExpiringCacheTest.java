package org.accessdenied.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExpiringCacheTest {
    private static final int BOUND = 100;
    private static final long FIVE_MINUTES = 300_000_000_000L;
    private final ExpiringCache<String, String> cache = new ExpiringCache<>(BOUND);

    private static String key(int i) {
        return "client" + i + ".example.test";
    }

    private void keep(int from, int to) {
        for (int i = from; i < to; i++) {
            cache.put(key(i), "value " + i, System.nanoTime() + FIVE_MINUTES);
        }
    }

    @Test
    void putShouldKeepTheValuesThatAreReadWhenFull() {
        keep(0, BOUND);
        for (int seen = BOUND; seen < 4 * BOUND; seen++) {
            for (int shared = 0; shared < BOUND; shared += 10) {
                assertThat(cache.get(key(shared))).as("value %d, read by every client, after %d more", shared, seen - BOUND)
                    .isEqualTo("value " + shared);
            }
            keep(seen, seen + 1);
            assertThat(cache.size()).isLessThanOrEqualTo(BOUND);
        }
    }

    @Test
    void putShouldEvictReadValuesTooWhenEveryValueWasRead() {
        keep(0, BOUND);
        for (int i = 0; i < BOUND; i++) {
            cache.get(key(i));
        }
        keep(BOUND, BOUND + 1);
        assertThat(cache.size()).isLessThanOrEqualTo(BOUND - BOUND / 10 + 1);
        assertThat(cache.get(key(BOUND))).isNotNull();
    }

    @Test
    void putShouldNotKeepAValueAlreadyExpired() {
        cache.put(key(0), "stale", System.nanoTime() - 1);
        assertThat(cache.get(key(0))).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void getShouldNotGiveAValueAfterItsExpiry() throws InterruptedException {
        cache.put(key(0), "short-lived", System.nanoTime() + 20_000_000L);
        assertThat(cache.get(key(0))).isEqualTo("short-lived");
        Thread.sleep(40);
        assertThat(cache.get(key(0))).isNull();
        assertThat(cache.size()).as("dropped when found expired").isZero();
    }

    @Test
    void putShouldKeepNothingWhenTheBoundIsZero() {
        ExpiringCache<String, String> none = new ExpiringCache<>(0);
        none.put(key(0), "value", System.nanoTime() + FIVE_MINUTES);
        assertThat(none.get(key(0))).isNull();
    }

    @Test
    void constructorShouldRefuseANegativeBound() {
        assertThatThrownBy(() -> new ExpiringCache<String, String>(-1)).hasMessageContaining("-1");
    }
}
