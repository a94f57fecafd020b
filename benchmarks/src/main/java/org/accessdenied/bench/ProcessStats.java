package org.accessdenied.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** CPU time and heap of another (James's) JVM, from /proc and jcmd. Linux only. */
public final class ProcessStats {
    private static final Pattern HEAP_USED = Pattern.compile("total\\s.*?used\\s+(\\d+)K");
    private static final long CLOCK_TICKS = clockTicks();

    private ProcessStats() {
    }

    /** User + system CPU seconds the process has used so far ({@code /proc/PID/stat} utime + stime). */
    public static double cpuSeconds(long pid) throws IOException {
        double[] cpu = userAndSystemSeconds(Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII));
        return cpu[0] + cpu[1];
    }

    /** User and system CPU seconds of a {@code /proc/.../stat} line (utime, stime). */
    private static double[] userAndSystemSeconds(String stat) {
        // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new double[] {Long.parseLong(fields[11]) / (double) CLOCK_TICKS, Long.parseLong(fields[12]) / (double) CLOCK_TICKS};
    }

    /** What one live thread has used so far: its group and user CPU s, system CPU s, voluntary and involuntary switches. */
    public static final class ThreadUse {
        final String group;
        final double[] figures;

        ThreadUse(String group, double[] figures) {
            this.group = group;
            this.figures = figures;
        }
    }

    /**
     * What each live thread of the process has used so far, by thread id. Its group is the thread's name ({@code comm},
     * at most 15 characters) with its digits taken out, so "C2 CompilerThre", "GC Thread#", "nioEventLoopGro",
     * "spooler-" each add up their threads ({@code /proc/PID/task/TID/stat} and {@code status}).
     */
    public static Map<Long, ThreadUse> byThread(long pid) {
        Map<Long, ThreadUse> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    double[] cpu = userAndSystemSeconds(stat);
                    double[] figures = new double[] {cpu[0], cpu[1], 0, 0};
                    for (String line : Files.readAllLines(task.resolve("status"), StandardCharsets.US_ASCII)) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            figures[2] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            figures[3] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadUse(name.replaceAll("[0-9]+", "").trim(), figures));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we read: its CPU shows up under "(ended threads)"
                }
            }
        } catch (IOException e) {
            return threads;
        }
        return threads;
    }

    /**
     * What each group used between two samples: per thread {@code after - before} (a thread born in between, or a
     * thread id reused by another thread, counts from zero), summed by group. Threads that ended in between are not
     * in {@code after}: what they used since {@code before} (the process's total less the live threads') is
     * "(ended threads)". Taking differences per thread keeps a pool that replaces idle threads from showing a
     * negative group and its CPU under "(ended threads)".
     */
    public static Map<String, double[]> difference(Map<Long, ThreadUse> after, Map<Long, ThreadUse> before, double totalCpuSeconds) {
        Map<String, double[]> difference = new TreeMap<>();
        after.forEach((tid, now) -> {
            ThreadUse then = before.get(tid);
            boolean same = then != null && then.group.equals(now.group) && now.figures[0] + now.figures[1] >= then.figures[0] + then.figures[1];
            difference.merge(now.group, same ? plus(now.figures, negate(then.figures)) : now.figures.clone(), ProcessStats::plus);
        });
        double accounted = difference.values().stream().mapToDouble(f -> f[0] + f[1]).sum();
        difference.put("(ended threads)", new double[] {totalCpuSeconds - accounted, 0, 0, 0});
        return difference;
    }

    private static double[] plus(double[] a, double[] b) {
        double[] sum = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    private static double[] negate(double[] a) {
        double[] negative = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            negative[i] = -a[i];
        }
        return negative;
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
        return run(List.of(jcmd, Long.toString(pid), command));
    }

    /** Runs a tool against a process (jcmd, asprof): its output, or an IOException naming it when it fails. */
    static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
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
