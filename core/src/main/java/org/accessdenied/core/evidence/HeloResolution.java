package org.accessdenied.core.evidence;

import java.util.List;
import java.util.Objects;

/** Whether the HELO name has A or AAAA records. */
public final class HeloResolution {
    public enum Status { RESOLVES, NO_ADDRESS, TEMPERROR, NOT_A_NAME }

    private final Status status;
    private final List<String> addresses;

    public HeloResolution(Status status, List<String> addresses) {
        this.status = status;
        this.addresses = List.copyOf(addresses);
    }

    public Status status() {
        return status;
    }

    public List<String> addresses() {
        return addresses;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeloResolution && ((HeloResolution) o).status == status
            && ((HeloResolution) o).addresses.equals(addresses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, addresses);
    }

    @Override
    public String toString() {
        return "helo-dns=" + status + addresses;
    }
}
