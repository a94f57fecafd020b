package org.accessdenied.bench;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;
import org.apache.james.jspf.impl.SPF;

/**
 * Reproduces what configuration (b) of the admission benchmark shows: jSPF 1.0.3 as James 3.8.1's SPFHandler
 * uses it ({@code new SPF(new DNSServiceXBillImpl())}, i.e. its AsynchronousSPFExecutor) answers "none" for a domain
 * whose SPF record is a TXT record, and the DNS answers arrive after the result. Every DNS call is printed.
 * <p>
 * With the benchmark DNS running ({@code BenchDns}):
 * {@code java -Ddns.server=127.0.0.53 -cp benchmarks.jar org.accessdenied.bench.JspfProbe 127.6.0.5 sender@fail.bench.test mx5.spffail.bench.test}
 */
public final class JspfProbe {
    private JspfProbe() {
    }

    public static void main(String[] args) throws Exception {
        String ip = args.length > 0 ? args[0] : "127.6.0.5";
        String sender = args.length > 1 ? args[1] : "sender@fail.bench.test";
        String helo = args.length > 2 ? args[2] : "mx5.spffail.bench.test";
        DNSServiceXBillImpl real = new DNSServiceXBillImpl();
        DNSService logging = new DNSService() {
            @Override
            public List<String> getRecords(DNSRequest request) throws TimeoutException {
                List<String> records = real.getRecords(request);
                System.out.println("sync  " + request.getHostname() + " type " + request.getRecordType() + " -> " + records);
                return records;
            }

            @Override
            public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
                return real.getRecordsAsync(request).whenComplete((records, failure) -> System.out.println("async "
                    + request.getHostname() + " type " + request.getRecordType() + " -> " + records + (failure == null ? "" : " " + failure)));
            }

            @Override
            public List<String> getLocalDomainNames() {
                return real.getLocalDomainNames();
            }

            @Override
            public void setTimeOut(int timeOut) {
                real.setTimeOut(timeOut);
            }

            @Override
            public int getRecordLimit() {
                return real.getRecordLimit();
            }

            @Override
            public void setRecordLimit(int limit) {
                real.setRecordLimit(limit);
            }
        };
        System.out.println("TXT through DNSServiceXBillImpl: " + real.getRecords(new DNSRequest(sender.substring(sender.indexOf('@') + 1), DNSRequest.TXT)));
        String result = new SPF(logging).checkSPF(ip, sender, helo).getResult();
        System.out.println("jSPF result for " + ip + " " + sender + ": " + result);
        Thread.sleep(1000);
    }
}
