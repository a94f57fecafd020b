package org.accessdenied.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPU time and heap of another (James's) JVM, from /proc and jcmd. Linux only. */
public final class ProcessStats {
    private static final Pattern HEAP_USED = Pattern.compile("total\\s.*?used\\s+(\\d+)K");
    private static final long CLOCK_TICKS = clockTicks();

    private ProcessStats() {
    }

    /** User + system CPU seconds the process has used so far ({@code /proc/PID/stat} utime + stime). */
    public static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
        // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / (double) CLOCK_TICKS;
    }

    /** Heap in use (MiB) by {@code jcmd PID GC.heap_info}; after a full GC when {@code collectFirst}. NaN if jcmd fails. */
    public static double heapUsedMiB(long pid, boolean collectFirst) {
        try {
            if (collectFirst) {
                jcmd(pid, "GC.run");
            }
            Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
            return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    static String jcmd(long pid, String command) throws IOException {
        // the target JVM's own jcmd (James 3.9 runs on a newer JDK than this one), else ours, else the PATH's
        String jcmd = "jcmd";
        try {
            Path own = Path.of("/proc/" + pid + "/exe").toRealPath().resolveSibling("jcmd");
            Path ours = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            jcmd = Files.isExecutable(own) ? own.toString() : Files.isExecutable(ours) ? ours.toString() : jcmd;
        } catch (IOException e) {
            // keep the PATH's
        }
        Process process = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("jcmd " + pid + " " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
