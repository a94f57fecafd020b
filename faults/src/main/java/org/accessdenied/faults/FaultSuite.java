package org.accessdenied.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

import org.accessdenied.bench.ProcessStats;
import org.accessdenied.bench.SmtpLoadDriver;

/**
 * bin/faults: the pack's behaviour under faults, against a real James 3.8.1 started as bin/james starts it, with the
 * shipped {@code conf-samples/strict} (and variants of it where a fault needs one), a real nsd behind a fault proxy
 * and a real spamd behind another. Prints one table (fault, expected, observed, longest wait, pass/fail), the
 * accounting of every accepted message, and writes both into RELIABILITY.md between its markers.
 *
 * <pre>
 * --minutes N     the soak's length (default 10; 0 skips it)
 * --only a,b      run only these faults (names as in the table)
 * --root DIR      the repository (default .)
 * --report FILE   where the report goes (default ROOT/RELIABILITY.md; "-" prints only)
 * --port-base N   James's ports: N + 25, N + 587, N + 143, N + 8000 (default 21000; variants use N + 1000, N + 2000)
 * </pre>
 */
public final class FaultSuite {
    static final String BEGIN = "<!-- faults:begin (written by bin/faults) -->";
    static final String END = "<!-- faults:end -->";

    private final Path root;
    private final Path report;
    private final int minutes;
    private final Set<String> only;
    private final int portBase;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private FaultSuite(Path root, Path report, int minutes, Set<String> only, int portBase) {
        this.root = root;
        this.report = report;
        this.minutes = minutes;
        this.only = only;
        this.portBase = portBase;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".");
        String report = null;
        int minutes = 10;
        int portBase = 21000;
        Set<String> only = Set.of();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--root": root = Path.of(value); i++; break;
                case "--report": report = value; i++; break;
                case "--minutes": minutes = Integer.parseInt(value); i++; break;
                case "--port-base": portBase = Integer.parseInt(value); i++; break;
                case "--only": only = Set.of(value.split(",")); i++; break;
                default:
                    System.err.println("faults: unknown argument " + args[i] + " (see bin/faults --help)");
                    System.exit(2);
            }
        }
        root = root.toAbsolutePath().normalize();
        Path reportPath = report == null ? root.resolve("RELIABILITY.md") : report.equals("-") ? null : Path.of(report);
        int failed = new FaultSuite(root, reportPath, minutes, only, portBase).run();
        System.exit(failed == 0 ? 0 : 1);
    }

    private int run() throws Exception {
        Path out = root.resolve("faults/target/run");
        org.accessdenied.launcher.JamesHome.deleteTree(out);
        Files.createDirectories(out);
        try (FaultWorld world = FaultWorld.start(root, out)) {
            Scenarios scenarios = new Scenarios(world, this::log);
            Path strict = world.confSet("strict", "strict", Map.of());
            log("starting James 3.8.1 with conf-samples/strict (ports " + portBase + "+)");
            try (FaultWorld.Server james = world.startJames("strict", strict, portBase)) {
                log("James up in " + james.process.startupTime().toMillis() + " ms, pid " + james.pid());
                Map<String, Callable<Outcome>> faults = new LinkedHashMap<>();
                faults.put("dns-silent", () -> scenarios.dnsSilent(james));
                faults.put("dns-servfail", () -> scenarios.dnsServfail(james));
                faults.put("dns-truncated", () -> scenarios.dnsTruncated(james));
                faults.put("dns-slow", () -> scenarios.dnsSlow(james));
                faults.put("dns-lossy", () -> scenarios.dnsLossy(james));
                faults.put("dnsbl-error-entry", () -> scenarios.dnsblErrorEntry(james));
                faults.put("dnsbl-zone-refusing", () -> scenarios.zoneRefusing(james));
                scenarios.spamdFaults(faults, james, portBase + 2000);
                faults.put("stalled-connections", () -> scenarios.stalledConnections(james, 200));
                faults.put("open-relay-sweep", () -> scenarios.openRelaySweep(james));
                faults.put("hostile-input", () -> scenarios.hostileInput(james));
                if (world.systemDns != null) {
                    faults.put("system-resolver-down", () -> scenarios.systemResolverDown(james, portBase + 1000));
                } else {
                    notes.add("system-resolver-down skipped: /etc/resolv.conf does not point at " + FaultWorld.SYSTEM_RESOLVER
                        + " (bin/faults sets that up in a mount namespace of its own; it needs root and unshare)");
                }
                if (minutes > 0) {
                    faults.put("soak", () -> scenarios.soak(james, Duration.ofMinutes(minutes)));
                }
                for (Map.Entry<String, Callable<Outcome>> fault : faults.entrySet()) {
                    if (!only.isEmpty() && !only.contains(fault.getKey())) {
                        continue;
                    }
                    log("fault " + fault.getKey() + " ...");
                    Outcome outcome;
                    try {
                        outcome = fault.getValue().call();
                    } catch (Exception e) {
                        outcome = Outcome.failed(fault.getKey(), "(see the fault's description)", e);
                    } finally {
                        world.packDns.heal();
                    }
                    scenarios.healSpamd();
                    outcomes.add(outcome);
                    log(outcome.markdownRow());
                }
                outcomes.add(scenarios.accounting(james));
            }
        }
        String table = table();
        System.out.println();
        System.out.println(table);
        if (report != null) {
            writeReport(table);
            log("written to " + report);
        }
        return (int) outcomes.stream().filter(o -> !o.pass).count();
    }

    private String table() {
        StringBuilder text = new StringBuilder();
        text.append("Run of ").append(LocalDate.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
            .append(" cores, soak ").append(minutes).append(" min").append(only.isEmpty() ? "" : ", only " + only).append(".\n\n");
        text.append("| fault | expected | observed | longest wait | result |\n|---|---|---|---:|---|\n");
        outcomes.forEach(o -> text.append(o.markdownRow()).append('\n'));
        long failed = outcomes.stream().filter(o -> !o.pass).count();
        text.append('\n').append(outcomes.size() - failed).append(" passed, ").append(failed).append(" failed\n");
        notes.forEach(n -> text.append("\n- ").append(n));
        return text.toString();
    }

    private void writeReport(String table) throws IOException {
        String existing = Files.exists(report) ? Files.readString(report) : "# Reliability\n\n" + BEGIN + "\n" + END + "\n";
        int begin = existing.indexOf(BEGIN);
        int end = existing.indexOf(END);
        if (begin < 0 || end < begin) {
            existing = existing + "\n" + BEGIN + "\n" + END + "\n";
            begin = existing.indexOf(BEGIN);
            end = existing.indexOf(END);
        }
        Files.writeString(report, existing.substring(0, begin + BEGIN.length()) + "\n" + table + "\n" + existing.substring(end));
    }

    private void log(String line) {
        System.err.println("faults: " + line);
    }

    /** Helpers for text edits of conf files in variants. */
    static UnaryOperator<String> replacing(String from, String to) {
        return text -> {
            if (!text.contains(from)) {
                throw new IllegalStateException("conf file has no '" + from + "' to replace");
            }
            return text.replace(from, to);
        };
    }

    static String ms(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static double heapAfterGc(long pid) {
        return ProcessStats.heapUsedMiB(pid, true);
    }

    static SmtpLoadDriver.Settings load(int port) {
        return new SmtpLoadDriver.Settings().port(port);
    }
}
