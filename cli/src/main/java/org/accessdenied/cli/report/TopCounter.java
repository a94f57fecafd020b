package org.accessdenied.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Counts keys in bounded memory: exact while at most {@code capacity} distinct keys were seen; past that, the lower
 * half is dropped whenever the table fills and a newcomer starts from the largest count dropped (space-saving), so a
 * frequent key is never lost and its count is over-estimated by at most {@link #maxError()}. Each key may carry a
 * sample value (the first seen, merged with later ones).
 *
 * @param <K> the key counted
 * @param <V> what is kept about a key
 */
final class TopCounter<K, V> {
    static final class Entry<K, V> {
        final K key;
        long count;
        final long error;
        V sample;

        private Entry(K key, long count, long error, V sample) {
            this.key = key;
            this.count = count;
            this.error = error;
            this.sample = sample;
        }

        long count() {
            return count;
        }

        V sample() {
            return sample;
        }

        /** What the count is sure of: " (at least N)" when the count may be high, else nothing. */
        String lowerBound() {
            return error == 0 ? "" : " (at least " + (count - error) + ")";
        }
    }

    private final int capacity;
    private final Map<K, Entry<K, V>> entries = new HashMap<>();
    private long floor;
    private long total;

    TopCounter(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2");
        }
        this.capacity = capacity;
    }

    void add(K key) {
        add(key, null, (a, b) -> a);
    }

    void add(K key, V sample, BiFunction<V, V, V> merge) {
        total++;
        Entry<K, V> entry = entries.get(key);
        if (entry != null) {
            entry.count++;
            if (sample != null) {
                entry.sample = entry.sample == null ? sample : merge.apply(entry.sample, sample);
            }
            return;
        }
        if (entries.size() >= capacity) {
            prune();
        }
        entries.put(key, new Entry<>(key, floor + 1, floor, sample));
    }

    private void prune() {
        List<Entry<K, V>> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong((Entry<K, V> e) -> e.count).reversed());
        for (Entry<K, V> dropped : sorted.subList(capacity / 2, sorted.size())) {
            floor = Math.max(floor, dropped.count);
            entries.remove(dropped.key);
        }
    }

    /** The {@code n} largest counts, largest first (ties in key order of first appearance are not promised). */
    List<Entry<K, V>> top(int n) {
        List<Entry<K, V>> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong((Entry<K, V> e) -> e.count).reversed().thenComparing(e -> String.valueOf(e.key)));
        return sorted.subList(0, Math.min(n, sorted.size()));
    }

    /** Every key still held (all of them while exact). */
    List<Entry<K, V>> all() {
        return top(entries.size());
    }

    /** How much any count may exceed the truth: 0 while exact. */
    long maxError() {
        return floor;
    }

    boolean isExact() {
        return floor == 0;
    }

    long total() {
        return total;
    }
}
