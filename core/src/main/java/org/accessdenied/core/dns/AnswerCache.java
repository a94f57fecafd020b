package org.accessdenied.core.dns;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Completed answers by question: a hit is one map lookup and returns the same completed future every time. An
 * answer is kept for the TTL it came with off the wire ({@link ResponseReading#keepSeconds()}: found, the smallest
 * TTL of the records and their CNAME chain; NXDOMAIN/NODATA, the SOA minimum); temporary failures are never kept. At most {@code maxEntries}
 * answers: when full, expired answers are dropped, then about a tenth of the rest.
 */
final class AnswerCache {
    private final int maxEntries;
    private final Map<Question, Entry> entries = new ConcurrentHashMap<>();

    private static final class Entry {
        final CompletableFuture<DnsAnswer> answer;
        final long expiresNanos;

        Entry(CompletableFuture<DnsAnswer> answer, long expiresNanos) {
            this.answer = answer;
            this.expiresNanos = expiresNanos;
        }
    }

    AnswerCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The kept answer to this question, or null. */
    CompletableFuture<DnsAnswer> get(Question question) {
        Entry entry = entries.get(question);
        if (entry == null) {
            return null;
        }
        if (System.nanoTime() - entry.expiresNanos >= 0) {
            entries.remove(question, entry);
            return null;
        }
        return entry.answer;
    }

    /** Keeps an answer (its latency set to zero: a kept answer costs no wait) for {@code ttlSeconds}. */
    void put(Question question, DnsAnswer answer, long ttlSeconds) {
        if (maxEntries == 0 || ttlSeconds <= 0 || answer.isTemporaryFailure()) {
            return;
        }
        if (entries.size() >= maxEntries) {
            evict();
        }
        long now = System.nanoTime();
        entries.put(question, new Entry(CompletableFuture.completedFuture(answer.withLatency(Duration.ZERO)),
            now + Math.min(ttlSeconds, 7 * 86_400L) * 1_000_000_000L));
    }

    void remove(Question question) {
        entries.remove(question);
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private void evict() {
        long now = System.nanoTime();
        entries.values().removeIf(e -> now - e.expiresNanos >= 0);
        int excess = entries.size() - (maxEntries - maxEntries / 10) + 1;
        for (Iterator<Question> it = entries.keySet().iterator(); excess > 0 && it.hasNext(); excess--) {
            it.next();
            it.remove();
        }
    }
}
