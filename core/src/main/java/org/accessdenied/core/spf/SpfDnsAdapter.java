package org.accessdenied.core.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.PermErrorException;
import org.apache.james.jspf.core.exceptions.TempErrorException;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import org.accessdenied.core.dns.DnsAnswer;
import org.accessdenied.core.dns.DnsClient;

/**
 * jSPF's DNS interface on the pack's DNS client: same cache, same deadline, same hedged retry. Mirrors jSPF's own
 * implementation where it is right ({@code null} for "no records", MX targets with their trailing dot, TXT strings
 * joined) and enforces at the DNS layer what jSPF 1.0.3 gets wrong, raising jSPF's own result exceptions (its
 * executor turns them into results):
 * <ul>
 * <li>a timeout, SERVFAIL or REFUSED of a mechanism's lookup (A, AAAA, MX, PTR) is temperror (RFC 7208 §5),
 * never "no records" (jSPF's exists mechanism would call a timeout "no match"); TXT lookups fail the way jSPF
 * already handles right (record lookup: temperror; {@code exp=}: no explanation);</li>
 * <li>more than 10 MX records is permerror (§4.6.4);</li>
 * <li>more than 2 void mechanism lookups (A, AAAA, MX, PTR) in one evaluation is permerror (§4.6.4; include and
 * redirect to a name without a record are permerror already);</li>
 * <li>an SPF record with non-ASCII bytes is permerror (§4.5).</li>
 * </ul>
 * Records of the obsolete SPF type (99) are not asked for (§3.1). Void lookups, and until when the answers used may
 * be relied on, are recorded per evaluation ({@link Evaluation}): jSPF's synchronous executor runs one evaluation on
 * one thread, between {@link #beginEvaluation(boolean)} and {@link #endEvaluation()}. An evaluation on cached answers
 * only never waits: its first lookup whose answer is not in yet is asked (so it is on its way) and ends the
 * evaluation, which says so ({@link Evaluation#missedAnAnswer()}) and whose result is then worthless.
 */
final class SpfDnsAdapter implements DNSService {
    static final int MAX_MX_RECORDS = 10;
    static final int MAX_VOID_LOOKUPS = 2;

    private final DnsClient dns;
    private final ThreadLocal<Evaluation> evaluation = new ThreadLocal<>();
    private int recordLimit = MAX_MX_RECORDS;

    /** What one evaluation's DNS answers were: how many void lookups, and until when all of them may be relied on. */
    static final class Evaluation {
        private final boolean cachedAnswersOnly;
        private boolean missedAnAnswer;
        private int voidLookups;
        private boolean everyAnswerKept = true;
        private boolean anyAnswer;
        private long keptUntilNanos;

        Evaluation(boolean cachedAnswersOnly) {
            this.cachedAnswersOnly = cachedAnswersOnly;
        }

        /** An evaluation on cached answers only met an answer not in yet: it ended early, its result is worthless. */
        boolean missedAnAnswer() {
            return missedAnAnswer;
        }

        void used(DnsAnswer answer) {
            if (answer.keptUntilNanos().isEmpty()) {
                everyAnswerKept = false;
            } else if (!anyAnswer || answer.keptUntilNanos().getAsLong() - keptUntilNanos < 0) {
                keptUntilNanos = answer.keptUntilNanos().getAsLong();
            }
            anyAnswer = true;
        }

        /**
         * Until when ({@link System#nanoTime()}) the result may be relied on: the earliest expiry of the answers used.
         * Empty when none was used or one may not be kept (a failure, no TTL).
         */
        OptionalLong keptUntilNanos() {
            return anyAnswer && everyAnswerKept ? OptionalLong.of(keptUntilNanos) : OptionalLong.empty();
        }
    }

    SpfDnsAdapter(DnsClient dns) {
        this.dns = dns;
    }

    /** Begins an evaluation on this thread; with {@code cachedAnswersOnly} it ends at the first answer not in yet. */
    void beginEvaluation(boolean cachedAnswersOnly) {
        evaluation.set(new Evaluation(cachedAnswersOnly));
    }

    /** Ends this thread's evaluation, and says what its answers were. */
    Evaluation endEvaluation() {
        Evaluation ended = evaluation.get();
        evaluation.remove();
        return ended != null ? ended : new Evaluation(false);
    }

    @Override
    public List<String> getRecords(DNSRequest request) throws TimeoutException {
        int type = typeOf(request.getRecordType());
        if (type < 0) {
            return null;
        }
        Name name;
        try {
            name = Name.fromString(request.getHostname(), Name.root);
        } catch (TextParseException e) {
            return null;
        }
        CompletableFuture<DnsAnswer> asked = dns.query(name, type);
        Evaluation current = evaluation.get();
        if (current != null && current.cachedAnswersOnly && !asked.isDone()) {
            current.missedAnAnswer = true;
            throw sneaky(new TempErrorException("answer not in yet"));
        }
        DnsAnswer answer = asked.join();
        if (current != null) {
            current.used(answer);
        }
        if (answer.isTemporaryFailure()) {
            String reason = "DNS " + answer.status() + answer.error().map(e -> ": " + e).orElse("");
            // jSPF handles a failed TXT lookup right (record: temperror; exp=: no explanation, RFC 7208 §6.2);
            // its mechanisms do not (exists: "no match"), so those get temperror directly
            if (type == Type.TXT) {
                throw new TimeoutException(reason);
            }
            throw sneaky(new TempErrorException(reason));
        }
        if (!answer.isFound()) {
            if (type != Type.TXT) {
                countVoidLookup(current);
            }
            return null;
        }
        if (type == Type.MX && answer.records().size() > MAX_MX_RECORDS) {
            throw sneaky(new PermErrorException("more than " + MAX_MX_RECORDS + " MX records"));
        }
        if (type == Type.TXT && hasNonAsciiSpfRecord(answer)) {
            throw sneaky(new PermErrorException("SPF record with non-ASCII characters"));
        }
        return convert(answer, type);
    }

    private static void countVoidLookup(Evaluation current) {
        if (current != null && ++current.voidLookups > MAX_VOID_LOOKUPS) {
            throw sneaky(new PermErrorException("more than " + MAX_VOID_LOOKUPS + " void DNS lookups"));
        }
    }

    private static boolean hasNonAsciiSpfRecord(DnsAnswer answer) {
        for (Record record : answer.records()) {
            if (record instanceof TXTRecord) {
                List<byte[]> strings = ((TXTRecord) record).getStringsAsByteArrays();
                StringBuilder text = new StringBuilder();
                boolean nonAscii = false;
                for (byte[] bytes : strings) {
                    for (byte b : bytes) {
                        nonAscii |= b < 0;
                        text.append((char) (b & 0xff));
                    }
                }
                String lower = text.toString().toLowerCase(java.util.Locale.ROOT);
                if (nonAscii && (lower.startsWith("v=spf1 ") || lower.equals("v=spf1"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Throws a checked jSPF result exception through jSPF's narrower {@code throws} clause. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable exception) throws T {
        throw (T) exception;
    }

    @Override
    public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
        try {
            return CompletableFuture.completedFuture(getRecords(request));
        } catch (TimeoutException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static int typeOf(int jspfType) {
        switch (jspfType) {
            case DNSRequest.A:
                return Type.A;
            case DNSRequest.AAAA:
                return Type.AAAA;
            case DNSRequest.MX:
                return Type.MX;
            case DNSRequest.PTR:
                return Type.PTR;
            case DNSRequest.TXT:
                return Type.TXT;
            default:
                return -1;
        }
    }

    private static List<String> convert(DnsAnswer answer, int type) {
        switch (type) {
            case Type.A:
            case Type.AAAA:
                List<String> addresses = new ArrayList<>();
                answer.addresses().forEach(a -> addresses.add(a.getHostAddress()));
                return addresses;
            case Type.MX:
                List<String> exchanges = new ArrayList<>();
                for (Record record : answer.records()) {
                    if (record instanceof MXRecord) {
                        exchanges.add(((MXRecord) record).getTarget().toString());
                    }
                }
                return exchanges;
            case Type.PTR:
                return answer.ptrNames();
            default:
                return answer.texts();
        }
    }

    @Override
    public List<String> getLocalDomainNames() {
        return List.of();
    }

    @Override
    public void setTimeOut(int timeOut) {
        // the pack's DNS client has its own deadline (dns.timeout)
    }

    @Override
    public int getRecordLimit() {
        return recordLimit;
    }

    @Override
    public void setRecordLimit(int recordLimit) {
        this.recordLimit = recordLimit;
    }
}
