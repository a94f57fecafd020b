package org.accessdenied.core.helo;

import java.util.Objects;
import java.util.Optional;

import org.accessdenied.core.net.AddressLiteral;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.net.DomainName;
import org.accessdenied.core.text.SafeText;

/**
 * What a HELO/EHLO argument is, found without DNS and without configuration: missing, invalid (not the RFC 5321
 * grammar: a trailing dot and an unregistered address-literal tag included), a bare IP, an address literal (and whether
 * it is the client's address), or a domain name (and whether it is fully qualified).
 */
public final class HeloAnalysis {
    /** Longest HELO text kept in evidence, attributes and logs. */
    public static final int MAX_KEPT_LENGTH = 300;

    public enum Form { MISSING, INVALID, BARE_IP, ADDRESS_LITERAL, DOMAIN }

    private final Form form;
    private final String text;
    private final Optional<String> syntaxProblem;
    private final Optional<AddressLiteral> literal;
    private final Optional<Boolean> literalIsClient;
    private final Optional<DomainName> domain;

    private HeloAnalysis(Form form, String text, Optional<String> syntaxProblem, Optional<AddressLiteral> literal,
                         Optional<Boolean> literalIsClient, Optional<DomainName> domain) {
        this.form = form;
        this.text = text;
        this.syntaxProblem = syntaxProblem;
        this.literal = literal;
        this.literalIsClient = literalIsClient;
        this.domain = domain;
    }

    public static HeloAnalysis analyze(Optional<String> helo, Optional<ClientIp> client) {
        String raw = helo.map(String::strip).orElse("");
        String kept = SafeText.printable(raw, MAX_KEPT_LENGTH);
        if (raw.isEmpty()) {
            return new HeloAnalysis(Form.MISSING, "", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        if (AddressLiteral.looksLikeLiteral(raw)) {
            Optional<AddressLiteral> literal = AddressLiteral.parse(raw);
            if (literal.isEmpty()) {
                return invalid(kept, "not a valid address literal");
            }
            if (literal.get().generalTag().isPresent()) {
                return invalid(kept, "address-literal tag '" + SafeText.printable(literal.get().generalTag().get(), 40)
                    + "' is not registered (RFC 5321 section 4.1.3: only IPv6 is)");
            }
            Optional<Boolean> isClient = literal.get().address().flatMap(a -> client.map(a::equals));
            return new HeloAnalysis(Form.ADDRESS_LITERAL, kept, Optional.empty(), literal, isClient, Optional.empty());
        }
        if (ClientIp.parse(raw).isPresent() && raw.indexOf('[') < 0) {
            return new HeloAnalysis(Form.BARE_IP, kept, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        Optional<String> problem = DomainName.syntaxProblem(raw);
        if (problem.isPresent()) {
            return invalid(kept, problem.get());
        }
        if (raw.endsWith(".")) {
            return invalid(kept, "trailing dot (the RFC 5321 Domain grammar has none)");
        }
        return new HeloAnalysis(Form.DOMAIN, kept, Optional.empty(), Optional.empty(), Optional.empty(), DomainName.parse(raw));
    }

    private static HeloAnalysis invalid(String kept, String problem) {
        return new HeloAnalysis(Form.INVALID, kept, Optional.of(problem), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Form form() {
        return form;
    }

    /** The HELO as given, printable ASCII and bounded: safe to log and to echo. */
    public String text() {
        return text;
    }

    public Optional<String> syntaxProblem() {
        return syntaxProblem;
    }

    public Optional<AddressLiteral> literal() {
        return literal;
    }

    /** For an IPv4/IPv6 literal with a known client: whether the literal is the client's address. */
    public Optional<Boolean> literalIsClient() {
        return literalIsClient;
    }

    public Optional<DomainName> domain() {
        return domain;
    }

    public boolean isFullyQualified() {
        return domain.map(DomainName::isFullyQualified).orElse(false);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HeloAnalysis)) {
            return false;
        }
        HeloAnalysis other = (HeloAnalysis) o;
        return form == other.form && text.equals(other.text) && syntaxProblem.equals(other.syntaxProblem)
            && literalIsClient.equals(other.literalIsClient) && domain.equals(other.domain);
    }

    @Override
    public int hashCode() {
        return Objects.hash(form, text, syntaxProblem, literalIsClient, domain);
    }

    @Override
    public String toString() {
        return "helo=" + form + " '" + text + "'" + syntaxProblem.map(p -> " (" + p + ")").orElse("");
    }
}
