package org.accessdenied.core.evidence;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Forward-confirmed reverse DNS (RFC 1912 §2.1): does a PTR name of the client resolve back to its address? */
public final class ForwardConfirmation {
    public enum Result {
        /** A PTR name resolves (A/AAAA) to the client address. */
        PASS,
        /** The address has no PTR record. */
        NO_PTR,
        /** PTR names exist but none resolves back to the client address. */
        MISMATCH,
        /** A lookup failed: the answer is not known yet. */
        TEMPERROR
    }

    private final Result result;
    private final List<String> confirmedNames;
    private final Optional<String> detail;

    public ForwardConfirmation(Result result, List<String> confirmedNames, Optional<String> detail) {
        this.result = result;
        this.confirmedNames = List.copyOf(confirmedNames);
        this.detail = detail;
    }

    public Result result() {
        return result;
    }

    /** The PTR names that resolve back to the client address (empty unless {@link Result#PASS}). */
    public List<String> confirmedNames() {
        return confirmedNames;
    }

    public Optional<String> detail() {
        return detail;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ForwardConfirmation)) {
            return false;
        }
        ForwardConfirmation other = (ForwardConfirmation) o;
        return result == other.result && confirmedNames.equals(other.confirmedNames) && detail.equals(other.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(result, confirmedNames, detail);
    }

    @Override
    public String toString() {
        return "fcrdns=" + result + confirmedNames + detail.map(d -> " (" + d + ")").orElse("");
    }
}
