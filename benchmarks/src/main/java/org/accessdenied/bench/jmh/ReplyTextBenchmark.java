package org.accessdenied.bench.jmh;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.accessdenied.core.text.SafeText;

/** Reply formatting: a DNSBL TXT reason (CR/LF, non-ASCII, a URL) made safe and put into a 550 reply line. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReplyTextBenchmark {
    private static final Pattern UNSAFE = Pattern.compile("[^\\x20-\\x7e]");

    public String txt = "Listed by bl.test\r\n250 2.0.0 OK \u0080\u00ad café, see http://bl.test/lookup?ip=192.0.2.10 for the reason";
    public String longTxt = txt.repeat(20);

    @Benchmark
    public String safeReply() {
        return "550 5.7.1 Rejected: " + SafeText.printable(txt, 200);
    }

    @Benchmark
    public String safeReplyLongTruncated() {
        return "550 5.7.1 Rejected: " + SafeText.printable(longTxt, 200);
    }

    /** Baseline: the usual regex replace plus substring. */
    @Benchmark
    public String baselineRegexReply() {
        String s = UNSAFE.matcher(txt).replaceAll("?");
        return "550 5.7.1 Rejected: " + (s.length() > 200 ? s.substring(0, 197) + "..." : s);
    }
}
