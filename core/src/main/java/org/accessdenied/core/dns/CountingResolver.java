package org.accessdenied.core.dns;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * Counts the questions that really leave for a server, for the "DNS queries per message" measurements, and notes
 * how long each answer that came off the wire may be kept ({@link #takeTtl}): the smallest TTL of its answer
 * section, or for "no such name" and "no such data" min(SOA TTL, SOA minimum) of its authority section (RFC 2308;
 * no SOA: not to be kept).
 */
final class CountingResolver implements Resolver {
    /** Notes not taken (an answer that lost a race with its own re-send) are dropped past this many. */
    private static final int MAX_NOTES = 10_000;

    private final Resolver delegate;
    private final LongAdder sent = new LongAdder();
    private final Map<Question, Ttl> ttls = new ConcurrentHashMap<>();

    /** A TTL in seconds, and when the answer arrived. */
    static final class Ttl {
        final long seconds;
        final long receivedNanos;

        Ttl(long seconds, long receivedNanos) {
            this.seconds = seconds;
            this.receivedNanos = receivedNanos;
        }
    }

    CountingResolver(Resolver delegate) {
        this.delegate = delegate;
    }

    /** The TTL of the last answer off the wire to this question, if one arrived after {@code sinceNanos}; forgotten once taken. */
    Ttl takeTtl(Name name, int type, long sinceNanos) {
        Ttl ttl = ttls.remove(new Question(name, type));
        return ttl != null && ttl.receivedNanos - sinceNanos >= 0 ? ttl : null;
    }

    private CompletionStage<Message> noteTtl(CompletionStage<Message> answer) {
        return answer.whenComplete((response, failure) -> {
            if (response == null || response.getQuestion() == null) {
                return;
            }
            Record question = response.getQuestion();
            long ttl = ttlOf(response, question);
            if (ttl < 0) {
                return;
            }
            if (ttls.size() >= MAX_NOTES) {
                ttls.clear();
            }
            ttls.put(new Question(question.getName(), question.getType()), new Ttl(ttl, System.nanoTime()));
        });
    }

    /** Seconds the answer may be kept, or -1 when it must not be (an error, a negative answer without SOA). */
    static long ttlOf(Message response, Record question) {
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return -1;
        }
        long min = Long.MAX_VALUE;
        boolean data = false;
        for (Record r : response.getSection(Section.ANSWER)) {
            min = Math.min(min, r.getTTL());
            data |= r.getType() == question.getType();
        }
        if (rcode == Rcode.NOERROR && data) {
            return min;
        }
        for (Record r : response.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord) {
                return Math.min(min, Math.min(r.getTTL(), ((SOARecord) r).getMinimum()));
            }
        }
        return -1;
    }

    long sent() {
        return sent.sum();
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query) {
        sent.increment();
        return noteTtl(delegate.sendAsync(query));
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        sent.increment();
        return noteTtl(delegate.sendAsync(query, executor));
    }

    @Override
    public void setPort(int port) {
        delegate.setPort(port);
    }

    @Override
    public void setTCP(boolean flag) {
        delegate.setTCP(flag);
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
        delegate.setIgnoreTruncation(flag);
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        delegate.setEDNS(version, payloadSize, flags, options);
    }

    @Override
    public void setTSIGKey(TSIG key) {
        delegate.setTSIGKey(key);
    }

    @Override
    public void setTimeout(Duration timeout) {
        delegate.setTimeout(timeout);
    }

    @Override
    public Duration getTimeout() {
        return delegate.getTimeout();
    }
}
