package org.accessdenied.core.cache;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Values by key, each kept until its own expiry on the {@link System#nanoTime()} clock: a hit is one map lookup. At
 * most {@code maxEntries} values (0: none kept). When full, expired values are dropped, then about a tenth of the
 * rest, first those not read since they were kept or since the last eviction (a second chance, as in CLOCK): a mail
 * server's caches fill with what clients seen once left behind, while what many clients share is read again and
 * again and must stay.
 *
 * @param <K> the key: an immutable value with equals and hashCode
 * @param <V> the value kept
 */
public final class ExpiringCache<K, V> {
    private final int maxEntries;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicBoolean evicting = new AtomicBoolean();

    private static final class Entry<V> {
        final V value;
        final long expiresNanos;
        /** Read since it was kept or since the last eviction looked at it; racy by design (a hint, not a count). */
        boolean read;

        Entry(V value, long expiresNanos) {
            this.value = value;
            this.expiresNanos = expiresNanos;
        }
    }

    public ExpiringCache(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("a cache holds 0 entries or more, not " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** The value kept for this key and not expired, or null. */
    public V get(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (System.nanoTime() - entry.expiresNanos >= 0) {
            entries.remove(key, entry);
            return null;
        }
        if (!entry.read) {
            entry.read = true;
        }
        return entry.value;
    }

    /** Keeps a value until {@code expiresNanos} ({@link System#nanoTime()}); one already expired is not kept. */
    public void put(K key, V value, long expiresNanos) {
        if (maxEntries == 0 || System.nanoTime() - expiresNanos >= 0) {
            return;
        }
        if (entries.size() >= maxEntries) {
            evict();
        }
        entries.put(key, new Entry<>(value, expiresNanos));
    }

    public void remove(K key) {
        entries.remove(key);
    }

    public void clear() {
        entries.clear();
    }

    /** Values kept now, expired ones not yet dropped included (at most the bound, overshot by a few at most). */
    public int size() {
        return entries.size();
    }

    /** One thread evicts at a time; the others keep their value meanwhile (the bound is overshot by a few at most). */
    private void evict() {
        if (!evicting.compareAndSet(false, true)) {
            return;
        }
        try {
            long now = System.nanoTime();
            entries.values().removeIf(e -> now - e.expiresNanos >= 0);
            int excess = entries.size() - (maxEntries - maxEntries / 10) + 1;
            for (Iterator<Entry<V>> it = entries.values().iterator(); excess > 0 && it.hasNext(); ) {
                Entry<V> entry = it.next();
                if (entry.read) {
                    entry.read = false;
                } else {
                    it.remove();
                    excess--;
                }
            }
            for (Iterator<Entry<V>> it = entries.values().iterator(); excess > 0 && it.hasNext(); excess--) {
                it.next();
                it.remove();
            }
        } finally {
            evicting.set(false);
        }
    }
}
