package org.accessdenied.core.dns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What one response from a server says about the question it answers: the records of the asked type (through the
 * CNAME and DNAME chain the response carries), a definite "no such name" or "no such data", a server error, or that
 * the chain leads to a name the response has nothing about, to be asked next. Also how long the answer may be kept:
 * the smallest TTL of the chain and the records; for "no such name" and "no such data" min(SOA TTL, SOA minimum)
 * of the authority section (RFC 2308), not kept without an SOA; errors never.
 */
final class ResponseReading {
    /** CNAMEs and DNAMEs followed for one question at most, as dnsjava's lookups do; a longer chain is a loop. */
    static final int MAX_REDIRECTS = 16;

    private final DnsAnswer answer;
    private final long keepSeconds;
    private final Name askNext;
    private final int redirectsLeft;

    private ResponseReading(DnsAnswer answer, long keepSeconds, Name askNext, int redirectsLeft) {
        this.answer = answer;
        this.keepSeconds = keepSeconds;
        this.askNext = askNext;
        this.redirectsLeft = redirectsLeft;
    }

    /** The answer; null when the chain leads on to {@link #askNext()}. */
    DnsAnswer answer() {
        return answer;
    }

    /**
     * Seconds the answer may be kept; 0 or less: not to be kept. When the chain leads on, the smallest TTL of the
     * chain so far: the target's answer may be relied on no longer.
     */
    long keepSeconds() {
        return keepSeconds;
    }

    /** The name the chain leads to when the response says nothing about it; null when there is an answer. */
    Name askNext() {
        return askNext;
    }

    /** Redirects the next question may still follow. */
    int redirectsLeft() {
        return redirectsLeft;
    }

    static ResponseReading of(Message response, Name asked, int type, int redirectsLeft, Duration latency) {
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN && rcode != Rcode.NXRRSET) {
            // the rcode's name only: the question may carry a secret DNSBL key
            return answered(DnsAnswer.failure(DnsAnswer.Status.ERROR, Rcode.string(rcode), latency), -1);
        }
        List<Record> records = response.getSection(Section.ANSWER);
        Name current = asked;
        long ttl = Long.MAX_VALUE;
        int left = redirectsLeft;
        while (true) {
            List<Record> found = new ArrayList<>(2);
            Record redirect = null;
            for (Record r : records) {
                if (r.getDClass() != DClass.IN) {
                    continue;
                }
                if (r.getName().equals(current)) {
                    if (r.getType() == type) {
                        found.add(r);
                    } else if (r.getType() == Type.CNAME && redirect == null) {
                        redirect = r;
                    }
                } else if (r.getType() == Type.DNAME && redirect == null && current.subdomain(r.getName())) {
                    redirect = r;
                }
            }
            if (!found.isEmpty()) {
                for (Record r : found) {
                    ttl = Math.min(ttl, r.getTTL());
                }
                return answered(DnsAnswer.found(found, latency), ttl);
            }
            if (redirect == null) {
                break;
            }
            Name next = target(redirect, current);
            if (left == 0 || next == null) {
                // a loop, an endless chain or a DNAME that overflows: a lasting misconfiguration, not a passing failure
                return answered(DnsAnswer.noData(latency), -1);
            }
            left--;
            ttl = Math.min(ttl, redirect.getTTL());
            current = next;
        }
        long negativeTtl = negativeTtl(response, ttl);
        if (rcode == Rcode.NXDOMAIN) {
            return answered(DnsAnswer.nxDomain(latency), negativeTtl);
        }
        if (current.equals(asked) || negativeTtl >= 0) {
            return answered(DnsAnswer.noData(latency), negativeTtl);
        }
        // the chain leaves the response (an authoritative server answers for its own zones only): ask the target
        return new ResponseReading(null, ttl, current, left);
    }

    private static Name target(Record redirect, Name current) {
        if (redirect instanceof CNAMERecord) {
            return ((CNAMERecord) redirect).getTarget();
        }
        try {
            return current.fromDNAME((DNAMERecord) redirect);
        } catch (NameTooLongException e) {
            return null;
        }
    }

    private static long negativeTtl(Message response, long chainTtl) {
        for (Record r : response.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord) {
                return Math.min(chainTtl, Math.min(r.getTTL(), ((SOARecord) r).getMinimum()));
            }
        }
        return -1;
    }

    private static ResponseReading answered(DnsAnswer answer, long keepSeconds) {
        return new ResponseReading(answer, keepSeconds, null, 0);
    }
}
