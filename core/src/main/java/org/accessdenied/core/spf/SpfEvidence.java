package org.accessdenied.core.spf;

import java.util.Objects;
import java.util.Optional;

import org.accessdenied.core.text.SafeText;

/** The SPF result for one identity of one transaction. */
public final class SpfEvidence {
    public static final int MAX_EXPLANATION_LENGTH = 200;

    private final SpfIdentity identity;
    private final String checked;
    private final SpfResult result;
    private final Optional<String> explanation;

    /**
     * @param checked     the identity as checked: the MAIL FROM address, or {@code postmaster@HELO}
     * @param explanation the domain's {@code exp=} text or the reason: attacker-controlled, kept printable and bounded
     */
    public SpfEvidence(SpfIdentity identity, String checked, SpfResult result, Optional<String> explanation) {
        this.identity = identity;
        this.checked = SafeText.printable(checked, 320);
        this.result = result;
        this.explanation = explanation.filter(e -> !e.isBlank()).map(e -> SafeText.printable(e, MAX_EXPLANATION_LENGTH));
    }

    public SpfIdentity identity() {
        return identity;
    }

    /** The MAIL FROM address, or {@code postmaster@HELO} for the HELO identity. */
    public String checked() {
        return checked;
    }

    /** The domain the SPF record was looked up for. */
    public String domain() {
        int at = checked.lastIndexOf('@');
        return at >= 0 ? checked.substring(at + 1) : checked;
    }

    public SpfResult result() {
        return result;
    }

    public Optional<String> explanation() {
        return explanation;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpfEvidence)) {
            return false;
        }
        SpfEvidence other = (SpfEvidence) o;
        return identity == other.identity && checked.equals(other.checked) && result == other.result && explanation.equals(other.explanation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identity, checked, result, explanation);
    }

    @Override
    public String toString() {
        return "spf[" + identity.id() + " " + checked + "]=" + result.id() + explanation.map(e -> " (" + e + ")").orElse("");
    }
}
