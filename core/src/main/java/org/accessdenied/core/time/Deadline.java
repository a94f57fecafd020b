package org.accessdenied.core.time;

import java.time.Duration;

/**
 * The moment a caller stops waiting, on the monotonic clock ({@link System#nanoTime()}), so that work done for the
 * caller (a spamd request in a queue, a socket read) can be bounded by the time it has left and dropped once it has
 * none.
 */
public final class Deadline {
    /** How much earlier than its caller's deadline the work done for the caller ends: see {@link #forWork()}. */
    public static final Duration REPORTING_MARGIN = Duration.ofMillis(200);

    private final long nanos;

    private Deadline(long nanos) {
        this.nanos = nanos;
    }

    /** The deadline that passes {@code timeout} from now. */
    public static Deadline in(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /**
     * The deadline of work started for a caller who waits until this one: a moment earlier, so that the work's own
     * outcome (e.g. "spamd did not answer in time") is there when the caller stops waiting, and is recorded with the
     * evidence for later rules instead of being asked for again.
     */
    public Deadline forWork() {
        return new Deadline(nanos - REPORTING_MARGIN.toNanos());
    }

    /** The time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
    }

    public boolean hasPassed() {
        return nanos - System.nanoTime() <= 0;
    }

    /** The time left, at most {@code cap}, in whole milliseconds and at least 1 (0 means "forever" to socket timeouts). */
    public int millisLeft(Duration cap) {
        return (int) Math.max(1, Math.min(cap.toMillis(), remaining().toMillis()));
    }

    @Override
    public String toString() {
        return "deadline in " + remaining().toMillis() + " ms";
    }
}
