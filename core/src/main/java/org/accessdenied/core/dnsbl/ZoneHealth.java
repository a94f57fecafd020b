package org.accessdenied.core.dnsbl;

import java.time.Instant;
import java.util.Optional;

/** What the last RFC 5782 §5 probe of a zone found: 127.0.0.2 must be listed, 127.0.0.1 must not. */
public final class ZoneHealth {
    public enum State {
        /** Not probed yet: the zone is used. */
        UNKNOWN,
        HEALTHY,
        /** Dead, listing everyone, refusing us or not answering: the zone is skipped until a probe passes. */
        UNHEALTHY
    }

    private final State state;
    private final Optional<String> reason;
    private final Optional<Instant> checkedAt;

    private ZoneHealth(State state, Optional<String> reason, Optional<Instant> checkedAt) {
        this.state = state;
        this.reason = reason;
        this.checkedAt = checkedAt;
    }

    public static ZoneHealth unknown() {
        return new ZoneHealth(State.UNKNOWN, Optional.empty(), Optional.empty());
    }

    public static ZoneHealth healthy(Instant at) {
        return new ZoneHealth(State.HEALTHY, Optional.empty(), Optional.of(at));
    }

    public static ZoneHealth unhealthy(String reason, Instant at) {
        return new ZoneHealth(State.UNHEALTHY, Optional.of(reason), Optional.of(at));
    }

    public State state() {
        return state;
    }

    public boolean isUsable() {
        return state != State.UNHEALTHY;
    }

    public Optional<String> reason() {
        return reason;
    }

    public Optional<Instant> checkedAt() {
        return checkedAt;
    }

    @Override
    public String toString() {
        return state + reason.map(r -> ": " + r).orElse("");
    }
}
