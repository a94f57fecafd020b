package org.accessdenied.matchers;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * James's local domains, read from its domain list at most once per {@code refresh} and kept meanwhile: asking the
 * list itself for every HELO name costs a database query with a database-backed list, and on James 3.9 a blocking
 * hand-off to James's own threads, on the thread that serves the connection. A domain added or removed counts once
 * the next read is done. The first question reads the list; after that, the question that finds the copy older
 * than {@code refresh} reads it again, one at a time, while the others answer from the copy. A read that fails keeps
 * the copy (none yet: no name is local) and is tried again at the next question.
 */
final class LocalDomains {
    private static final Logger LOGGER = LoggerFactory.getLogger(LocalDomains.class);
    static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);

    /** Reads the domain list: every local domain, in any case. */
    @FunctionalInterface
    interface Source {
        Collection<String> read() throws Exception;
    }

    private static final class Copy {
        final Set<String> names;
        final long readAtNanos;

        Copy(Set<String> names, long readAtNanos) {
            this.names = names;
            this.readAtNanos = readAtNanos;
        }
    }

    private final Source source;
    private final long refreshNanos;
    private final LongSupplier clock;
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile Copy copy;

    LocalDomains(Source source, Duration refresh, LongSupplier clock) {
        this.source = source;
        this.refreshNanos = refresh.toNanos();
        this.clock = clock;
    }

    LocalDomains(Source source) {
        this(source, DEFAULT_REFRESH, System::nanoTime);
    }

    boolean contains(String name) {
        Copy known = copy;
        if (known == null || clock.getAsLong() - known.readAtNanos >= refreshNanos) {
            known = readAgain(known);
        }
        return known != null && known.names.contains(name.toLowerCase(Locale.ROOT));
    }

    private Copy readAgain(Copy known) {
        if (!reading.compareAndSet(false, true)) {
            return known;
        }
        try {
            Copy read = new Copy(source.read().stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()),
                clock.getAsLong());
            copy = read;
            return read;
        } catch (Exception | LinkageError e) {
            LOGGER.warn("James's local domains could not be read ({}); {}", e.toString(),
                known == null ? "no HELO counts as one of them until they can" : "the last copy is used");
            return known;
        } finally {
            reading.set(false);
        }
    }
}
