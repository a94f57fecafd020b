package org.accessdenied.matchers;

import java.util.Optional;

import com.google.inject.Inject;

import org.apache.james.core.Domain;

import org.accessdenied.core.check.Check;
import org.accessdenied.core.check.HeloCheck;
import org.accessdenied.core.evidence.EvidenceEngine;

/**
 * Matches when the HELO/EHLO argument is rubbish, a lie or not a proper host name. Each problem is a named check:
 * <ul>
 * <li>{@code missing}: no argument;</li>
 * <li>{@code syntax}: not an RFC 5321 domain (labels of letters, digits, inner hyphens, at most 63 characters, 253 in
 * all) nor an address literal ({@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]}, tag case-insensitive);</li>
 * <li>{@code not-fqdn}: one label, a numeric top level, or a private one (localdomain, lan, local, home...);</li>
 * <li>{@code bare-ip}: an IP address without brackets;</li>
 * <li>{@code literal-mismatch}: an address literal that is not the client's address (IPv4-mapped handled);</li>
 * <li>{@code our-name}: claims to be this server (ourNames, ourIps, or one of James's local domains);</li>
 * <li>{@code forged-provider}: names a big provider (gmail.com, outlook.com, yahoo.com...) but the client's PTR is
 * not under that provider's domains;</li>
 * <li>{@code public-suffix} (off by default): not under a suffix of the Public Suffix List;</li>
 * <li>{@code no-resolve} (off by default): the name has no A or AAAA record.</li>
 * </ul>
 * Default: all but the last two, which reject rubbish but not legitimate servers.
 *
 * <pre><code>
 * &lt;mailet match="org.accessdenied.matchers.BadHelo" class="..."/&gt;
 * &lt;mailet match="org.accessdenied.matchers.BadHelo=default, -not-fqdn, ourNames=mx.example.com|example.com,
 *     ourIps=192.0.2.25" class="..."/&gt;
 * &lt;mailet match="org.accessdenied.matchers.BadHelo=all, provider+=bigmail.example:bigmail.example|bigmail-out.example"
 *     class="..."/&gt;
 * </code></pre>
 *
 * The verdict ({@code accessdenied.verdict.BadHelo}) names every problem found.
 */
public class BadHelo extends CheckMatcher {
    @Inject
    public BadHelo(EvidenceEngine engine) {
        super(engine);
    }

    @Override
    protected Check parse(String condition) {
        return HeloCheck.parse(condition, this::isLocalDomain);
    }

    private boolean isLocalDomain(String name) {
        try {
            return Optional.ofNullable(getMailetContext()).map(context -> context.isLocalServer(Domain.of(name))).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String getMatcherInfo() {
        return "Access Denied: bad HELO/EHLO argument";
    }
}
