package org.accessdenied.matchers;

import java.util.Optional;
import java.util.stream.Collectors;

import com.google.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;

import org.accessdenied.core.check.Check;
import org.accessdenied.core.check.HeloCheck;
import org.accessdenied.core.evidence.EvidenceEngine;

/**
 * Matches when the HELO/EHLO argument is rubbish, a lie or not a proper host name. Each problem is a named check:
 * <ul>
 * <li>{@code missing}: no argument;</li>
 * <li>{@code syntax}: not an RFC 5321 domain (labels of letters, digits, inner hyphens, at most 63 characters, 253 in
 * all, no trailing dot) nor an address literal ({@code [192.0.2.1]}, leading zeros allowed, {@code [IPv6:2001:db8::1]},
 * tag case-insensitive); a general literal with an unregistered tag ({@code [IPv4:...]}, {@code [x-tag:...]});</li>
 * <li>{@code not-fqdn}: one label, a numeric top level, or a private one (localdomain, lan, local, home...);</li>
 * <li>{@code bare-ip}: an IP address without brackets;</li>
 * <li>{@code literal-mismatch}: an address literal that is not the client's address (IPv4-mapped handled);</li>
 * <li>{@code our-name}: claims to be this server (ourNames, ourIps, or one of James's local domains, read from its
 * domain list at most every 30 s), unless the client is one of ourIps: then it is this server talking to itself (a
 * content filter re-injecting, a probe);</li>
 * <li>{@code forged-provider}: names a big provider (gmail.com, outlook.com, yahoo.com...) but the client's PTR is
 * not under that provider's domains; or is the bare domain of a brand or mailbox provider (paypal.com, chase.com,
 * dhl.com, gmx.de, orange.fr, mail.ru, qq.com, naver.com, uol.com.br...) greeted from a host whose PTR is not under
 * it;</li>
 * <li>{@code dynamic}: the name is generic (the DynamicRdns classifier with the client's address, big senders such as
 * SES, Facebook or Proton exempt);</li>
 * <li>{@code reserved}: a special-use name (RFC 2606/6761/8375/7686/9476: {@code example.com}, {@code .test},
 * {@code home.arpa}...) or a top-level label not in the Public Suffix List ({@code .tld}, {@code .intern}), greeted
 * from a public address (private, loopback and documentation addresses may use them);</li>
 * <li>{@code rdns-mismatch} (off by default): the name's organisational domain differs from the client's
 * forward-confirmed PTR's; many honest servers do this;</li>
 * <li>{@code public-suffix} (off by default): not under a suffix of the Public Suffix List;</li>
 * <li>{@code no-resolve} (off by default): the name has no A or AAAA record.</li>
 * </ul>
 * Default: all but the last three, which also reject legitimate servers.
 *
 * <pre><code>
 * &lt;mailet match="org.accessdenied.matchers.BadHelo" class="..."/&gt;
 * &lt;mailet match="org.accessdenied.matchers.BadHelo=default, -not-fqdn, ourNames=mx.example.com|example.com,
 *     ourIps=192.0.2.25" class="..."/&gt;
 * &lt;mailet match="org.accessdenied.matchers.BadHelo=all, -rdns-mismatch, provider+=bigmail.example:bigmail.example|bigmail-out.example,
 *     brand+=mybank.example:mybank-mail.example, static=exempt" class="..."/&gt;
 * </code></pre>
 *
 * Options: {@code ourNames=}, {@code ourIps=}, {@code provider+=HELO-DOMAIN:PTR-DOMAIN|PTR-DOMAIN},
 * {@code brand+=DOMAIN[:PTR-DOMAIN|PTR-DOMAIN]}, {@code static=generic|exempt} (as DynamicRdns, for the dynamic
 * check), {@code temporary=nomatch|match}. The verdict ({@code accessdenied.verdict.BadHelo}) names every problem
 * found.
 */
public class BadHelo extends CheckMatcher {
    /** James's local domains from its domain list, kept for a while; none: the mailet context is asked each time. */
    private final Optional<LocalDomains> localDomains;

    /** In James: its local domains read from its domain list (see {@link LocalDomains}). */
    @Inject
    public BadHelo(EvidenceEngine engine, DomainList domainList) {
        super(engine);
        this.localDomains = Optional.of(new LocalDomains(() -> domainList.getDomains().stream().map(Domain::asString)
            .collect(Collectors.toList())));
    }

    /** Outside James's injector (tests): the mailet context says which domains are local. */
    public BadHelo(EvidenceEngine engine) {
        super(engine);
        this.localDomains = Optional.empty();
    }

    @Override
    protected Check parse(String condition) {
        return HeloCheck.parse(condition, this::isLocalDomain);
    }

    private boolean isLocalDomain(String name) {
        try {
            if (localDomains.isPresent()) {
                return localDomains.get().contains(name);
            }
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
