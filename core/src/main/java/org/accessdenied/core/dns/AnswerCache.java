package org.accessdenied.core.dns;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Completed answers by question: a hit is one map lookup and returns the same completed future every time. An
 * answer is kept for the TTL it came with off the wire ({@link ResponseReading#keepSeconds()}: found, the smallest
 * TTL of the records and their CNAME chain; NXDOMAIN/NODATA, the SOA minimum); temporary failures are never kept. At most
 * {@code maxEntries} answers: when full, expired answers are dropped, then about a tenth of the rest, first those not
 * read since they were kept or since the last eviction (a second chance, as in CLOCK): a server's cache fills with
 * the PTR and DNSBL answers of clients seen once, while the names many clients share (their providers' SPF records,
 * HELO names, DNSBL answers of repeat clients) are read again and again and must not be asked again within their TTL.
 */
final class AnswerCache {
    private final int maxEntries;
    private final Map<Question, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicBoolean evicting = new AtomicBoolean();

    private static final class Entry {
        final CompletableFuture<DnsAnswer> answer;
        final long expiresNanos;
        /** Read since it was kept or since the last eviction looked at it; racy by design (a hint, not a count). */
        boolean read;

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
        if (!entry.read) {
            entry.read = true;
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

    /** One thread evicts at a time; the others keep their answer meanwhile (the bound is overshot by a few at most). */
    private void evict() {
        if (!evicting.compareAndSet(false, true)) {
            return;
        }
        try {
            long now = System.nanoTime();
            entries.values().removeIf(e -> now - e.expiresNanos >= 0);
            int excess = entries.size() - (maxEntries - maxEntries / 10) + 1;
            for (Iterator<Entry> it = entries.values().iterator(); excess > 0 && it.hasNext(); ) {
                Entry entry = it.next();
                if (entry.read) {
                    entry.read = false;
                } else {
                    it.remove();
                    excess--;
                }
            }
            for (Iterator<Entry> it = entries.values().iterator(); excess > 0 && it.hasNext(); excess--) {
                it.next();
                it.remove();
            }
        } finally {
            evicting.set(false);
        }
    }
}
