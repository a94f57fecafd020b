package org.accessdenied.core.evidence;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.accessdenied.core.dns.DnsAnswer;
import org.accessdenied.core.text.SafeText;

/** The PTR names of the client address, or why there are none. */
public final class PtrEvidence {
    /** At most this many PTR names are kept and forward-checked (as RFC 7208 §4.6.4 bounds the ptr mechanism). */
    public static final int MAX_NAMES = 10;

    public enum Status { FOUND, NONE, TEMPERROR }

    private final Status status;
    private final List<String> names;
    private final Optional<String> error;

    public PtrEvidence(Status status, List<String> names, Optional<String> error) {
        this.status = status;
        this.names = names.stream().limit(MAX_NAMES).map(n -> SafeText.printable(n, 255)).collect(Collectors.toUnmodifiableList());
        this.error = error;
    }

    static PtrEvidence from(DnsAnswer answer) {
        if (answer.isTemporaryFailure()) {
            return new PtrEvidence(Status.TEMPERROR, List.of(), answer.error().or(() -> Optional.of(answer.status().name())));
        }
        List<String> names = answer.ptrNames();
        return names.isEmpty()
            ? new PtrEvidence(Status.NONE, List.of(), Optional.empty())
            : new PtrEvidence(Status.FOUND, names, Optional.empty());
    }

    public Status status() {
        return status;
    }

    public List<String> names() {
        return names;
    }

    public Optional<String> error() {
        return error;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PtrEvidence)) {
            return false;
        }
        PtrEvidence other = (PtrEvidence) o;
        return status == other.status && names.equals(other.names) && error.equals(other.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, names, error);
    }

    @Override
    public String toString() {
        return "ptr=" + status + names + error.map(e -> " (" + e + ")").orElse("");
    }
}
