package org.accessdenied.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.accessdenied.core.dnsbl.ZoneHealthMonitor;
import org.accessdenied.launcher.JamesHome;
import org.accessdenied.launcher.JamesLine;
import org.accessdenied.launcher.JamesProcess;

/**
 * The admission benchmark (issues 6 and 11): James in several configurations, all started at once and measured in
 * interleaved rounds (a, b, c, a, b, c, ...: load drift on a shared machine hits every configuration alike), each
 * under the same conditions: DNS latency and loss at the proxy, the client's round-trip time, the scenario mix
 * and the number of concurrent SMTP clients; a Markdown and a JSON report with the median and min-max per figure.
 * <ul>
 *   <li>(a) none: {@code conf-samples/strict} with {@code configs/none/} laid over it (no check at all);</li>
 *   <li>(b) builtin: {@code configs/builtin/}: James's DNSRBLHandler, ResolvableEhloHeloHandler and SPFHandler;</li>
 *   <li>(c) strict: {@code conf-samples/strict} as it is, the pack in extensions-jars/.</li>
 * </ul>
 * A configuration may carry variants after a colon: {@code strict:io=8:spf=8:qpp=0:line=3.9:exec=16} (SMTP IO
 * threads, spf.threads, dns.questionsPerPort, the James line, James 3.9's maxExecutorCount), and {@code jar=PATH}: another
 * build of the drop-in jar (an older commit's, for a before/after comparison in the same run), and {@code checks=none}
 * (strict only): the pack's hook in James's chain with a policy of one rule of James's own and none of the pack's checks,
 * what any policy enforced during the dialogue costs before its first check ({@link #withoutChecks}).
 * For (a) and (b) the processor "admission" and the HighSpamScore mailets are cut out of the strict set's
 * mailetcontainer.xml; every configuration gets {@code configs/X/dnsservice.xml} (James's DNS client asks the relay on
 * 127.0.0.53:53) and {@code dns.server=127.0.0.53} in jvm.properties (dnsjava's default resolver, used by jspf),
 * and LocalDelivery replaced by Null ({@link #withoutMailboxDelivery}). (c) is otherwise the strict set unchanged.
 * bin/bench also gives James a hosts file of its own ({@code -Djdk.net.hosts.file}): see BENCHMARKS.md, finding 1.
 * The pack (c) asks the proxy directly ({@code accessdenied.dns.servers}).
 * <p>
 * {@code java -cp benchmarks.jar org.accessdenied.bench.AdmissionBenchmark --root REPO [--seconds 20] [--rounds 3]
 * [--clients 50] [--configs none,builtin,strict] [--conditions "dns=20,rtt=30;dns=0,mix=accepted"] [--jfr true]
 * [--async-profiler ASPROF] [--out DIR]}; {@code --async-profiler} names async-profiler's {@code asprof}, attached to
 * every James after its warm-up ({@code -e cpu -i 1ms}) and stopped after the last round, its collapsed stacks written
 * beside the report ({@code profile-STAMP-CONFIG.collapsed}; {@code benchmarks/results/issue11-s5/profile-summary.py}
 * reads them);
 * a condition is {@code dns=MS,loss=FRACTION,rtt=MS,mix=all|accepted|refused,clients=N,rate=N,pipe=0|1,senders=shared|new}
 * (every key optional; {@code senders=new}: every message of a new client from a sender domain not seen before), or the
 * old form {@code 20/0.05} (conditions then separated by commas).
 */
public final class AdmissionBenchmark {
    /** Settling after a run: the share of one core below which a James counts as idle, the step and the limit. */
    static final double IDLE_SHARE = 0.1;
    static final Duration SETTLE_STEP = Duration.ofMillis(250);
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(10);

    static final String USER = BenchZones.RCPT;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    /** Scenarios every configuration accepts, and scenarios the strict set refuses (all of them accepted by (a)). */
    static final List<String> ACCEPTED_MIX = List.of("clean", "repeat");
    static final List<String> REFUSED_MIX = List.of("dnsbl", "noptr", "dynamic", "spffail");

    /** One condition: DNS latency and loss at the proxy, the clients' round-trip time, the mix, concurrent clients. */
    static final class Condition {
        final int latencyMs;
        final double loss;
        final int rttMs;
        final String mix;
        final int clients;
        /** Connections started per second (0: as fast as the clients go). */
        final int rate;
        /** MAIL FROM and RCPT TO pipelined (RFC 2920). */
        final boolean pipelining;
        /**
         * Every message of a new client (not the repeat client) from a sender domain no message had before, whose SPF
         * record no cache holds: SPF is then looked up after MAIL FROM, as for most senders of a real MX.
         */
        final boolean newSenders;

        Condition(int latencyMs, double loss, int rttMs, String mix, int clients, int rate) {
            this(latencyMs, loss, rttMs, mix, clients, rate, false, false);
        }

        Condition(int latencyMs, double loss, int rttMs, String mix, int clients, int rate, boolean pipelining,
                  boolean newSenders) {
            if (!List.of("all", "accepted", "refused").contains(mix)) {
                throw new IllegalArgumentException("mix must be all, accepted or refused: " + mix);
            }
            this.latencyMs = latencyMs;
            this.loss = loss;
            this.rttMs = rttMs;
            this.mix = mix;
            this.clients = clients;
            this.rate = rate;
            this.pipelining = pipelining;
            this.newSenders = newSenders;
        }

        static Condition parse(String text, int defaultClients) {
            String t = text.trim();
            if (!t.contains("=")) {
                String[] parts = t.split("/");
                return new Condition(Integer.parseInt(parts[0]), parts.length > 1 ? Double.parseDouble(parts[1]) : 0, 0, "all",
                    defaultClients, 0);
            }
            Map<String, String> kv = new LinkedHashMap<>(Map.of("dns", "0", "loss", "0", "rtt", "0", "mix", "all",
                "clients", Integer.toString(defaultClients), "rate", "0", "pipe", "0", "senders", "shared"));
            for (String pair : t.split(",")) {
                String[] p = pair.split("=", 2);
                if (p.length != 2 || !kv.containsKey(p[0].trim())) {
                    throw new IllegalArgumentException("condition " + t + ": expected dns=,loss=,rtt=,mix=,clients=,rate=,pipe=,senders=, got " + pair);
                }
                kv.put(p[0].trim(), p[1].trim());
            }
            return new Condition(Integer.parseInt(kv.get("dns")), Double.parseDouble(kv.get("loss")),
                Integer.parseInt(kv.get("rtt")), kv.get("mix"), Integer.parseInt(kv.get("clients")),
                Integer.parseInt(kv.get("rate")), pipe(kv.get("pipe")), newSenders(kv.get("senders")));
        }

        private static boolean newSenders(String value) {
            if (!value.equals("shared") && !value.equals("new")) {
                throw new IllegalArgumentException("senders must be shared (the mix's few sender domains) or new (a new"
                    + " sender domain for every message of a new client): " + value);
            }
            return value.equals("new");
        }

        private static boolean pipe(String value) {
            if (!value.equals("0") && !value.equals("1")) {
                throw new IllegalArgumentException("pipe must be 0 or 1 (MAIL FROM and RCPT TO pipelined): " + value);
            }
            return value.equals("1");
        }

        static List<Condition> parseList(String text, int defaultClients) {
            List<Condition> list = new ArrayList<>();
            for (String c : text.split(text.contains("=") ? ";" : ",")) {
                if (!c.isBlank()) {
                    list.add(parse(c, defaultClients));
                }
            }
            return list;
        }

        String label() {
            return "DNS " + latencyMs + " ms" + (loss > 0 ? String.format(Locale.ROOT, ", %.0f %% loss", loss * 100) : "")
                + ", R " + rttMs + " ms" + (mix.equals("all") ? "" : ", " + mix + " mix") + ", " + clients + " clients"
                + (rate > 0 ? ", paced " + rate + " msg/s" : "") + (pipelining ? ", MAIL+RCPT pipelined" : "")
                + (newSenders ? ", new sender domains" : "");
        }

        /** The scenarios of this condition's mix, taken from {@code all} (so the address pools go on where they were). */
        List<SmtpLoadDriver.Scenario> scenarios(List<SmtpLoadDriver.Scenario> all) {
            List<String> names = mix.equals("all") ? null : mix.equals("accepted") ? ACCEPTED_MIX : REFUSED_MIX;
            List<SmtpLoadDriver.Scenario> chosen = new ArrayList<>();
            for (SmtpLoadDriver.Scenario scenario : all) {
                if (names != null && !names.contains(scenario.name())) {
                    continue;
                }
                boolean sharedSender = scenario.mailFrom.equals(BenchZones.SHARED_SENDER) && !scenario.name().equals("repeat");
                chosen.add(newSenders && sharedSender ? scenario.withMailFrom(BenchZones.NEW_SENDER) : scenario);
            }
            return chosen;
        }
    }

    /** A configuration: base (none, builtin, strict) and its variants. */
    static final class Config {
        final String spec;
        final String base;
        final Map<String, String> variants = new LinkedHashMap<>();

        Config(String spec) {
            this.spec = spec.trim();
            String[] parts = this.spec.split(":");
            this.base = parts[0];
            if (!List.of("none", "builtin", "strict").contains(base)) {
                throw new IllegalArgumentException("configuration must start with none, builtin or strict: " + spec);
            }
            for (int i = 1; i < parts.length; i++) {
                String[] p = parts[i].split("=", 2);
                if (p.length != 2 || !List.of("io", "spf", "qpp", "line", "exec", "jar", "dns", "checks").contains(p[0])) {
                    throw new IllegalArgumentException("configuration " + spec + ": variant must be io=, spf=, qpp=, line=, exec=, jar=, dns= or checks=: " + parts[i]);
                }
                if (p[0].equals("checks") && !(p[1].equals("none") && base.equals("strict"))) {
                    throw new IllegalArgumentException("configuration " + spec + ": checks=none is the only checks variant, of strict only");
                }
                if (p[0].equals("dns") && !p[1].equals("nsd")) {
                    throw new IllegalArgumentException("configuration " + spec + ": dns=nsd is the only DNS variant (the pack asks nsd without the proxy)");
                }
                variants.put(p[0], p[1]);
            }
            if (base.equals("builtin") && line() == JamesLine.JAMES_39) {
                throw new IllegalArgumentException("builtin runs on James 3.8 only (its SPF handler fix is built against 3.8.1)");
            }
        }

        JamesLine line() {
            return JamesLine.parse(variants.getOrDefault("line", "3.8"));
        }

        /**
         * {@code dns=nsd}: the pack asks nsd itself, as a server asks its local resolver, instead of the proxy (which hands
         * each question to a worker thread that forwards it on a new socket, and counts it); no DNS latency or loss then,
         * and no count of the questions.
         */
        boolean asksNsd() {
            return "nsd".equals(variants.get("dns"));
        }

        /** {@code checks=none}: the pack installed and its hook in James's chain, but no check to evaluate ({@link #withoutChecks}). */
        boolean withoutChecks() {
            return "none".equals(variants.get("checks"));
        }

        String letter() {
            return base.equals("none") ? "(a)" : base.equals("builtin") ? "(b)" : "(c)";
        }

        /** {@code (c) strict:io=8}; a jar variant is named by its folder ({@code jar=jar-before}). */
        String label() {
            return letter() + " " + spec.replaceAll("jar=[^:]*/([^/:]+)/[^/:]+", "jar=$1");
        }

        /** The file-system-safe name. */
        String dirName() {
            return spec.replaceAll("[^A-Za-z0-9.-]", "_");
        }
    }

    /** The measurements of one configuration under one condition in one round. */
    static final class Run {
        final Config config;
        final Condition condition;
        final int round;
        final SmtpLoadDriver.Result result;
        final long dnsQuestions;
        final long repeatQuestions;
        final long duplicateQuestions;
        final double cpuSeconds;
        final double heapAfterGcMiB;
        /** By James thread group: user and system CPU seconds, voluntary and involuntary context switches of the run. */
        final Map<String, double[]> threads;
        /** CPU seconds outside James on the same cores: the benchmark's DNS proxies, its load driver (the rest of its JVM), nsd. */
        final Outside outside;

        Run(Config config, Condition condition, int round, SmtpLoadDriver.Result result, long dnsQuestions, long repeatQuestions,
            long duplicateQuestions, double cpuSeconds, double heapAfterGcMiB, Map<String, double[]> threads, Outside outside) {
            this.threads = threads;
            this.outside = outside;
            this.config = config;
            this.condition = condition;
            this.round = round;
            this.result = result;
            this.dnsQuestions = dnsQuestions;
            this.repeatQuestions = repeatQuestions;
            this.duplicateQuestions = duplicateQuestions;
            this.cpuSeconds = cpuSeconds;
            this.heapAfterGcMiB = heapAfterGcMiB;
        }

        double questionsPerMessage() {
            return result.all.count == 0 || config.asksNsd() ? Double.NaN : dnsQuestions / (double) result.all.count;
        }

        /** A count of the proxy's questions, NaN when the configuration does not ask the proxy. */
        double proxyCount(long count) {
            return config.asksNsd() ? Double.NaN : count;
        }

        /** CPU seconds of the run per message, in ms. */
        double msPerMessage(double seconds) {
            return result.all.count == 0 ? Double.NaN : seconds * 1000 / result.all.count;
        }

        double cpuMsPerMessage() {
            return msPerMessage(cpuSeconds);
        }

        double messagesPerSecond() {
            return result.messagesPerSecond();
        }

        double rcptP50New() {
            return result.newClients.rcptP50Ms;
        }

        double rcptP50Repeat() {
            SmtpLoadDriver.Stats repeat = result.byScenario.get(SmtpLoadDriver.Result.REPEAT);
            return repeat == null ? Double.NaN : repeat.rcptP50Ms;
        }
    }

    /** CPU seconds used during a run by the processes beside James on the same cores. */
    static final class Outside {
        final double dnsProxies;
        final double loadDriver;
        final double nsd;
        /** The benchmark's own JVM by thread group, as {@link Run#threads}: where the load driver's CPU goes. */
        final Map<String, double[]> benchThreads;

        Outside(double dnsProxies, double loadDriver, double nsd, Map<String, double[]> benchThreads) {
            this.dnsProxies = dnsProxies;
            this.loadDriver = loadDriver;
            this.nsd = nsd;
            this.benchThreads = benchThreads;
        }

        double total() {
            return dnsProxies + loadDriver + nsd;
        }

        /** The benchmark's own process (not its children: every James is one) and nsd with its child processes, now. */
        static Sample sample(BenchDns dns) throws IOException {
            long self = ProcessHandle.current().pid();
            return new Sample(ProcessStats.byThread(self), ProcessStats.cpuSeconds(self), cpuWithDescendants(dns.nsd().pid()));
        }

        static Outside between(Sample before, Sample after) {
            Map<String, double[]> groups = ProcessStats.difference(after.benchThreads, before.benchThreads, after.bench - before.bench);
            double proxies = groups.entrySet().stream().filter(e -> e.getKey().startsWith("dns-proxy"))
                .mapToDouble(e -> e.getValue()[0] + e.getValue()[1]).sum();
            return new Outside(proxies, after.bench - before.bench - proxies, after.nsd - before.nsd, groups);
        }

        private static double cpuWithDescendants(long pid) {
            double total = cpuOrZero(pid);
            for (ProcessHandle child : (Iterable<ProcessHandle>) ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)::iterator) {
                total += cpuOrZero(child.pid());
            }
            return total;
        }

        /** A process that ended in between used nothing since. */
        private static double cpuOrZero(long pid) {
            try {
                return ProcessStats.cpuSeconds(pid);
            } catch (IOException e) {
                return 0;
            }
        }

        static final class Sample {
            final Map<Long, ProcessStats.ThreadUse> benchThreads;
            final double bench;
            final double nsd;

            Sample(Map<Long, ProcessStats.ThreadUse> benchThreads, double bench, double nsd) {
                this.benchThreads = benchThreads;
                this.bench = bench;
                this.nsd = nsd;
            }
        }
    }

    /**
     * A started James of one configuration, and its clients: the same address sequence for every configuration, each
     * run going on where the last one stopped, so a "new" client is new to this James in every round.
     */
    private static final class Instance {
        final Config config;
        final JamesProcess james;
        final List<SmtpLoadDriver.Scenario> mix;

        Instance(Config config, JamesProcess james, List<SmtpLoadDriver.Scenario> mix) {
            this.config = config;
            this.james = james;
            this.mix = mix;
        }
    }

    private final Path root;
    private final Path out;
    private final Duration duration;
    private final Duration warmup;
    private final int rounds;
    private final int poolPrefix;
    private final int portBase;
    private final List<Config> configs;
    private final List<Condition> conditions;
    private final boolean jfr;
    private final Path asyncProfiler;
    private final Map<String, String> profiles = new LinkedHashMap<>();

    AdmissionBenchmark(Path root, Path out, Duration duration, Duration warmup, int rounds, int poolPrefix, int portBase,
                       List<Config> configs, List<Condition> conditions, boolean jfr, Path asyncProfiler) {
        this.root = root;
        this.out = out;
        this.duration = duration;
        this.warmup = warmup;
        this.rounds = rounds;
        this.poolPrefix = poolPrefix;
        this.portBase = portBase;
        this.configs = configs;
        this.conditions = conditions;
        this.jfr = jfr;
        this.asyncProfiler = asyncProfiler;
        for (Config config : configs) {
            for (Condition condition : conditions) {
                if (config.asksNsd() && (condition.latencyMs > 0 || condition.loss > 0)) {
                    throw new IllegalArgumentException(config.spec + ": dns=nsd skips the proxy that adds DNS latency and loss, "
                        + "so it runs only under conditions with dns=0 and loss=0, not " + condition.label());
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--root", System.getProperty("accessdenied.root", "."));
        o.put("--seconds", "20");
        o.put("--warmup", "300");
        o.put("--rounds", "3");
        o.put("--clients", "50");
        o.put("--pool-prefix", "17");
        o.put("--port-base", "31000");
        o.put("--configs", "none,builtin,strict");
        o.put("--conditions", "dns=0;dns=20;dns=100;dns=20,loss=0.05;dns=20,rtt=30;dns=0,mix=accepted");
        o.put("--jfr", "false");
        o.put("--async-profiler", "");
        o.put("--out", "");
        for (int i = 0; i < args.length; i++) {
            if (!o.containsKey(args[i]) || i + 1 >= args.length) {
                System.err.println("usage: AdmissionBenchmark " + String.join(" ", o.keySet().stream().map(k -> "[" + k + " V]").toArray(String[]::new)));
                System.exit(2);
            }
            o.put(args[i], args[++i]);
        }
        Path root = Path.of(o.get("--root")).toAbsolutePath().normalize();
        Path outDir = o.get("--out").isEmpty() ? root.resolve("benchmarks/target/admission") : Path.of(o.get("--out"));
        int clients = Integer.parseInt(o.get("--clients"));
        List<Config> configs = new ArrayList<>();
        for (String c : o.get("--configs").split(",")) {
            configs.add(new Config(c));
        }
        AdmissionBenchmark bench = new AdmissionBenchmark(root, outDir, Duration.ofSeconds(Long.parseLong(o.get("--seconds"))),
            Duration.ofSeconds(Long.parseLong(o.get("--warmup"))), Integer.parseInt(o.get("--rounds")),
            Integer.parseInt(o.get("--pool-prefix")), Integer.parseInt(o.get("--port-base")),
            configs, Condition.parseList(o.get("--conditions"), clients), Boolean.parseBoolean(o.get("--jfr")),
            o.get("--async-profiler").isEmpty() ? null : Path.of(o.get("--async-profiler")).toAbsolutePath());
        Path report = bench.run();
        System.out.println("report: " + report);
    }

    Path run() throws Exception {
        Files.createDirectories(out);
        String stamp = LocalDateTime.now().format(STAMP);
        List<Run> runs = new ArrayList<>();
        log("DNS: nsd with the benchmark zones (pools 127.S.0.0/" + poolPrefix + "), proxy, relay on "
            + BenchDns.RELAY_ADDRESS + ":53");
        List<Instance> instances = new ArrayList<>();
        try (BenchDns dns = BenchDns.start(poolPrefix, true)) {
            // Ctrl-C: nsd is a child process of its own, stop it too, and every James
            Thread stop = new Thread(() -> {
                instances.forEach(i -> i.james.close());
                dns.close();
            }, "bench-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            log("DNS up: nsd " + dns.nsd().hostAndPort() + ", proxy " + dns.proxyHostAndPort());
            try {
                // started side by side: James's start-up is mostly waiting
                java.util.concurrent.ExecutorService starter = java.util.concurrent.Executors.newFixedThreadPool(configs.size());
                List<java.util.concurrent.Future<Instance>> starting = new ArrayList<>();
                for (int i = 0; i < configs.size(); i++) {
                    Config config = configs.get(i);
                    int base = portBase + 1000 * i;
                    starting.add(starter.submit(() -> start(config, dns, base)));
                }
                starter.shutdown();
                Exception failed = null;
                for (java.util.concurrent.Future<Instance> f : starting) {
                    try {
                        instances.add(f.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        failed = failed == null ? (e.getCause() instanceof Exception ? (Exception) e.getCause() : e) : failed;
                    }
                }
                if (failed != null) {
                    throw failed;
                }
                for (Instance instance : instances) {
                    if (!warmup.isZero()) {
                        log(instance.config.label() + ": warm-up " + warmup.toSeconds() + " s");
                        new SmtpLoadDriver(new SmtpLoadDriver.Settings().port(instance.james.smtpPort())
                            .clients(conditions.get(0).clients).duration(warmup).mix(instance.mix)).run();
                    }
                    if (jfr) {
                        ProcessStats.jcmd(instance.james.pid(), "JFR.start name=bench settings=profile");
                    }
                }
                if (asyncProfiler != null) {
                    for (Instance instance : instances) {
                        asprof(instance, "start", "-e", "cpu", "-i", "1ms");
                    }
                }
                for (Condition condition : conditions) {
                    for (int round = 1; round <= rounds; round++) {
                        for (Instance instance : instances) {
                            runs.add(measure(instance, condition, round, dns));
                            writeReport(runs, stamp);
                        }
                    }
                }
                if (jfr) {
                    for (Instance instance : instances) {
                        Path file = out.resolve("profile-" + stamp + "-" + instance.config.dirName() + ".jfr");
                        ProcessStats.jcmd(instance.james.pid(), "JFR.stop name=bench filename=" + file);
                        profiles.put(instance.config.label(), JfrTopFrames.report(file, 10)
                            + "\nRecording: `" + out.relativize(file) + "`\n");
                    }
                }
                if (asyncProfiler != null) {
                    for (Instance instance : instances) {
                        Path file = out.resolve("profile-" + stamp + "-" + instance.config.dirName() + ".collapsed");
                        asprof(instance, "stop", "-o", "collapsed", "-f", file.toString());
                        log(instance.config.label() + ": async-profiler's collapsed stacks in " + file);
                    }
                }
            } finally {
                dns.conditions(Duration.ZERO, 0);
                instances.forEach(i -> i.james.close());
                Runtime.getRuntime().removeShutdownHook(stop);
            }
        }
        return writeReport(runs, stamp);
    }

    private void asprof(Instance instance, String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of(asyncProfiler.toString()));
        line.addAll(List.of(command));
        line.add(Long.toString(instance.james.pid()));
        ProcessStats.run(line);
    }

    private Instance start(Config config, BenchDns dns, int base) throws Exception {
        Path homeDir = out.resolve("homes").resolve(config.dirName());
        Path confSet = prepareConfSet(config);
        JamesLine line = config.line();
        JamesHome home = JamesHome.builder(homeDir)
            .confSet(confSet)
            .dropInJar(config.variants.containsKey("jar") ? Path.of(config.variants.get("jar")) : line.dropInJar(root))
            .portBase(base)
            .dns(config.asksNsd() ? dns.nsd().hostAndPort() : dns.proxyHostAndPort())
            .spamd("127.0.0.1:1")
            .build()
            .prepare();
        if (config.base.equals("builtin")) {
            Files.copy(builtinExtensionJar(), home.extensionsDir().resolve("access-denied-benchmarks-builtin-extension.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        }
        for (int port : new int[] {home.smtpPort(), home.submissionPort(), home.imapPort(), home.webAdminPort()}) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " is taken (another James?): choose another --port-base", e);
            }
        }
        log(config.label() + ": starting " + line + " in " + homeDir);
        JamesProcess james = JamesProcess.start(home, line, root);
        log(config.label() + ": James up in " + james.startupTime().toMillis() + " ms, pid " + james.pid()
            + ", SMTP " + james.smtpPort());
        createUserOnceWebAdminListens(james.webAdminPort());
        return new Instance(config, james, BenchZones.scenarios(poolPrefix));
    }

    private Run measure(Instance instance, Condition condition, int round, BenchDns dns) throws Exception {
        dns.conditions(Duration.ofMillis(condition.latencyMs), condition.loss);
        int questionsBefore = dns.proxy().questions().size();
        double cpuBefore = ProcessStats.cpuSeconds(instance.james.pid());
        Map<Long, ProcessStats.ThreadUse> threadsBefore = ProcessStats.byThread(instance.james.pid());
        Outside.Sample outsideBefore = Outside.sample(dns);
        SmtpLoadDriver.Result result = new SmtpLoadDriver(new SmtpLoadDriver.Settings().port(instance.james.smtpPort())
            .clients(condition.clients).duration(duration).roundTrip(Duration.ofMillis(condition.rttMs)).rate(condition.rate)
            .pipelining(condition.pipelining)
            .mix(condition.scenarios(instance.mix)).seed(42 + round)).run();
        double cpu = ProcessStats.cpuSeconds(instance.james.pid()) - cpuBefore;
        Outside outside = Outside.between(outsideBefore, Outside.sample(dns));
        Map<String, double[]> threads = ProcessStats.difference(ProcessStats.byThread(instance.james.pid()), threadsBefore, cpu);
        List<String> questions = dns.proxy().questions();
        List<String> during = questions.subList(questionsBefore, questions.size());
        long repeat = during.stream().filter(q -> q.contains("10.0.0.127") || q.contains("mail.loopback.example.test")).count();
        List<String> askedAgain = askedAgain(during);
        long duplicates = askedAgain.size();
        if (duplicates > 0) {
            log(instance.config.label() + " | " + condition.label() + " | round " + round + ": questions asked again: "
                + askedAgain.stream().distinct().limit(8).collect(java.util.stream.Collectors.joining(", "))
                + (duplicates > 8 ? ", ..." : ""));
        }
        double heapAfterGc = ProcessStats.heapUsedMiB(instance.james.pid(), true);
        dns.conditions(Duration.ZERO, 0);
        settle(instance);
        Run run = new Run(instance.config, condition, round, result, during.size(), repeat, duplicates, cpu, heapAfterGc,
            threads, outside);
        log(String.format(Locale.ROOT, "%s | %s | round %d: %.1f msg/s, RCPT p50 new %.1f ms, repeat %.1f ms, p99 %.1f ms, "
                + "%.2f CPU ms/msg, %.2f DNS q/msg (%d repeated), %s",
            instance.config.label(), condition.label(), round, result.messagesPerSecond(), run.rcptP50New(), run.rcptP50Repeat(),
            result.all.rcptP99Ms, run.cpuMsPerMessage(), run.questionsPerMessage(), duplicates, result.all.classes));
        return run;
    }

    /**
     * The questions of a run asked again within it (every answer of the bench zones lives longer than a run), leaving
     * out the probes of DNSBL zones' RFC 5782 test points (127.0.0.2 and 127.0.0.1): a zone's health is probed live on
     * purpose, never from a cache, and every James started, not only the one measured, probes its zones on its own
     * schedule through the same proxy.
     */
    static List<String> askedAgain(List<String> questions) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return questions.stream()
            .filter(q -> !q.startsWith(ZoneHealthMonitor.LISTED_TEST_POINT + ".") && !q.startsWith(ZoneHealthMonitor.UNLISTED_TEST_POINT + "."))
            .filter(q -> !seen.add(q))
            .collect(java.util.stream.Collectors.toList());
    }

    /**
     * Waits until the James just measured is idle again (below {@link #IDLE_SHARE} of a core over {@link #SETTLE_STEP}),
     * at most {@link #SETTLE_LIMIT}: what it still does after its run (mails left in its spooler, the collection for
     * the heap figure) would otherwise take cores from the next configuration's run.
     */
    private void settle(Instance instance) throws IOException, InterruptedException {
        long start = System.nanoTime();
        double settledCpu = 0;
        while (System.nanoTime() - start < SETTLE_LIMIT.toNanos()) {
            double before = ProcessStats.cpuSeconds(instance.james.pid());
            Thread.sleep(SETTLE_STEP.toMillis());
            double used = ProcessStats.cpuSeconds(instance.james.pid()) - before;
            settledCpu += used;
            if (used < IDLE_SHARE * SETTLE_STEP.toMillis() / 1000.0) {
                break;
            }
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        if (waited.compareTo(SETTLE_STEP.multipliedBy(2)) > 0) {
            log(String.format(Locale.ROOT, "%s: busy for %d ms after its run (%.2f CPU s) before the next run",
                instance.config.label(), waited.toMillis(), settledCpu));
        }
    }

    /** A conf set for one configuration: a copy of conf-samples/strict, with configs/BASE/ laid over it, and its variants. */
    Path prepareConfSet(Config config) throws IOException {
        Path strict = root.resolve("conf-samples/strict");
        Path set = out.resolve("conf-sets").resolve(config.dirName());
        JamesHome.deleteTree(set);
        Files.createDirectories(set);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(strict)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, set.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        String resourceDir = config.base.equals("strict") ? "none" : config.base;
        List<String> overlay = config.base.equals("strict") ? List.of("dnsservice.xml")
            : config.base.equals("builtin") ? List.of("smtpserver.xml", "dnsservice.xml", "extensions.properties")
            : List.of("smtpserver.xml", "dnsservice.xml");
        for (String name : overlay) {
            try (InputStream in = AdmissionBenchmark.class.getResourceAsStream("/configs/" + resourceDir + "/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource /configs/" + resourceDir + "/" + name);
                }
                Files.copy(in, set.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path mailets = set.resolve("mailetcontainer.xml");
        String container = Files.readString(mailets);
        if (!config.base.equals("strict")) {
            container = withoutPack(container);
        } else if (config.withoutChecks()) {
            container = withoutChecks(container);
        }
        Files.writeString(mailets, withoutMailboxDelivery(container));
        Path jvm = set.resolve("jvm.properties");
        String props = Files.exists(jvm) ? Files.readString(jvm) : "";
        Files.writeString(jvm, props + "\n# admission benchmark: dnsjava's default resolver (jspf, SPFHandler) asks the relay\n"
            + "dns.server=" + BenchDns.RELAY_ADDRESS + "\ndns.search=\n");
        Path smtp = set.resolve("smtpserver.xml");
        String smtpXml = Files.readString(smtp);
        if (config.variants.containsKey("io")) {
            smtpXml = smtpXml.replaceAll("<ioWorkerCount>\\d+</ioWorkerCount>",
                "<ioWorkerCount>" + Integer.parseInt(config.variants.get("io")) + "</ioWorkerCount>");
        }
        if (config.variants.containsKey("exec")) {
            String executors = "<maxExecutorCount>" + Integer.parseInt(config.variants.get("exec")) + "</maxExecutorCount>";
            smtpXml = smtpXml.contains("<maxExecutorCount>")
                ? smtpXml.replaceAll("<maxExecutorCount>\\d+</maxExecutorCount>", executors)
                : smtpXml.replaceAll("(<ioWorkerCount>\\d+</ioWorkerCount>)", "$1" + executors);
        }
        Files.writeString(smtp, smtpXml);
        Path pack = set.resolve("access-denied.properties");
        String packProps = Files.exists(pack) ? Files.readString(pack) : "";
        if (config.variants.containsKey("spf")) {
            packProps = packProps.replaceAll("(?m)^spf\\.threads=.*$", "") + "\nspf.threads=" + Integer.parseInt(config.variants.get("spf")) + "\n";
        }
        if (config.variants.containsKey("qpp")) {
            packProps += "\ndns.questionsPerPort=" + Integer.parseInt(config.variants.get("qpp")) + "\n";
        }
        Files.writeString(pack, packProps);
        return set;
    }

    /**
     * Accepted mail is dropped (mailet Null) instead of stored: the memory server guesses a thread id for every mail
     * it stores by searching the recipient's mailbox, parsing the headers of every message already there, so with
     * one recipient the cost of a delivery grows with the number of messages delivered before (JFR: most of James's
     * CPU in MessageSearches / mime4j after a few thousand messages), and the configuration that accepts the most
     * would pay the most. The benchmark measures admission, not storage; the same in all three configurations.
     */
    static String withoutMailboxDelivery(String xml) {
        String replaced = xml.replace("<mailet match=\"All\" class=\"LocalDelivery\"/>",
            "<mailet match=\"All\" class=\"Null\"/><!-- admission benchmark: LocalDelivery replaced -->");
        if (replaced.equals(xml)) {
            throw new IllegalStateException("mailetcontainer.xml has no <mailet match=\"All\" class=\"LocalDelivery\"/> to replace");
        }
        return replaced;
    }

    /** The strict mailetcontainer.xml without the pack: no processor "admission", no HighSpamScore mailet. */
    static String withoutPack(String xml) {
        String stripped = withoutPackMatchers(xml.replaceAll("(?s)<processor state=\"admission\".*?</processor>", ""));
        if (stripped.contains("org.accessdenied")) {
            throw new IllegalStateException("mailetcontainer.xml still names the pack after stripping it");
        }
        return stripped;
    }

    /**
     * The strict mailetcontainer.xml with the pack's hook kept but none of its checks: the processor "admission" holds
     * one rule of James's own matcher (an allow rule for a network no benchmark client is in), and the spooler no
     * HighSpamScore mailet. What a policy enforced during the dialogue costs before any check: the hook in James's
     * chain, the connection's evidence session, a decision and its log line a recipient, the evidence on the mail.
     */
    static String withoutChecks(String xml) {
        String oneRule = xml.replaceAll("(?s)(<processor state=\"admission\"[^>]*>).*?(</processor>)",
            "$1<mailet match=\"RemoteAddrInNetwork=192.0.2.0/24\" class=\"org.accessdenied.mailets.RejectAtSmtp\">"
                + "<action>allow</action></mailet>$2");
        String noChecks = withoutPackMatchers(oneRule);
        if (noChecks.contains("org.accessdenied.matchers")) {
            throw new IllegalStateException("mailetcontainer.xml still names a check of the pack after stripping them");
        }
        return noChecks;
    }

    /** Without every mailet whose matcher is one of the pack's (in the strict set's spooler: the HighSpamScore ones). */
    private static String withoutPackMatchers(String xml) {
        return xml.replaceAll("(?s)<mailet match=\"org\\.accessdenied[^\"]*\"[^>]*?/>", "")
            .replaceAll("(?s)<mailet match=\"org\\.accessdenied[^\"]*\"[^>]*?>.*?</mailet>", "");
    }

    private Path builtinExtensionJar() throws IOException {
        Path target = root.resolve("benchmarks/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-builtin-extension.jar")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no *-builtin-extension.jar in " + target + ": build the benchmarks module"));
        }
    }

    /**
     * James reports itself up once SMTP listens; WebAdmin may bind a moment later (seen with five Jameses starting at
     * once on 2 cores): a refused connection is tried again for up to 30 s.
     */
    private static void createUserOnceWebAdminListens(int webAdminPort) throws IOException, InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                createUser(webAdminPort);
                return;
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > giveUp) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /** The recipient of every message must be a real user (ValidRcptHandler): created over WebAdmin. */
    static void createUser(int webAdminPort) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + webAdminPort;
        String domain = USER.substring(USER.indexOf('@') + 1);
        HttpResponse<String> d = http.send(HttpRequest.newBuilder(URI.create(base + "/domains/" + domain))
            .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> u = http.send(HttpRequest.newBuilder(URI.create(base + "/users/" + USER))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"password\":\"bench-secret\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (u.statusCode() / 100 != 2 && u.statusCode() != 409) {
            throw new IllegalStateException("WebAdmin refused to create " + USER + ": domain " + d.statusCode() + " " + d.body()
                + ", user " + u.statusCode() + " " + u.body());
        }
    }

    Path writeReport(List<Run> runs, String stamp) throws IOException {
        Path md = out.resolve("admission-" + stamp + ".md");
        Files.writeString(md, markdown(runs), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("admission-" + stamp + ".json"), json(runs), StandardCharsets.UTF_8);
        Files.copy(md, out.resolve("latest.md"), StandardCopyOption.REPLACE_EXISTING);
        return md;
    }

    /** The median and the range of one figure over the rounds: {@code 123.4 [120.1-130.2]}. */
    static String spread(List<Double> values, String format) {
        List<Double> v = sortedNumbers(values);
        if (v.isEmpty()) {
            return "-";
        }
        String m = String.format(Locale.ROOT, format, median(v));
        return v.size() == 1 ? m : m + " [" + String.format(Locale.ROOT, format, v.get(0)) + "-"
            + String.format(Locale.ROOT, format, v.get(v.size() - 1)) + "]";
    }

    private static List<Double> sortedNumbers(List<Double> values) {
        List<Double> v = new ArrayList<>();
        values.stream().filter(x -> !Double.isNaN(x)).sorted().forEach(v::add);
        return v;
    }

    /** The median of the values that are numbers; NaN when none is. */
    private static double median(List<Double> values) {
        List<Double> v = sortedNumbers(values);
        return v.isEmpty() ? Double.NaN : v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
    }

    private static double medianOf(List<double[]> values, int index) {
        List<Double> column = new ArrayList<>();
        values.forEach(v -> column.add(v[index]));
        return median(column);
    }

    private static List<Double> figure(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        List<Double> values = new ArrayList<>();
        runs.forEach(r -> values.add(f.applyAsDouble(r)));
        return values;
    }

    String markdown(List<Run> runs) {
        StringBuilder s = new StringBuilder("# Admission benchmark\n\n");
        s.append(String.format(Locale.ROOT, "%d s per run, %d interleaved rounds per condition (every configuration once per round, "
            + "in turn), after a %d s warm-up per configuration; client pools 127.S.0.0/%d, one message per connection. "
            + "Figures: median [min-max] over the rounds. R: the clients' round-trip time, waited before every command.%n%n",
            duration.toSeconds(), rounds, warmup.toSeconds(), poolPrefix));
        s.append("| condition | config | msg/s | RCPT p50 new ms | RCPT p50 repeat ms | RCPT p99 ms | RCPT max ms | CPU ms/msg "
            + "| DNS q/msg | repeated q | repeat-client q | heap after GC MiB | 2xx | 4xx | 5xx | error |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        eachSelection(runs, (c, config, mine) -> {
            long[] classes = new long[4];
            for (Run r : mine) {
                int i = 0;
                for (String k : List.of("2xx", "4xx", "5xx", "error")) {
                    classes[i++] += r.result.all.classes.get(k);
                }
            }
            s.append("| ").append(c.label()).append(" | ").append(config.label())
                .append(" | ").append(spread(figure(mine, Run::messagesPerSecond), "%.1f"))
                .append(" | ").append(spread(figure(mine, Run::rcptP50New), "%.1f"))
                .append(" | ").append(spread(figure(mine, Run::rcptP50Repeat), "%.1f"))
                .append(" | ").append(spread(figure(mine, r -> r.result.all.rcptP99Ms), "%.1f"))
                .append(" | ").append(spread(figure(mine, r -> r.result.all.rcptMaxMs), "%.0f"))
                .append(" | ").append(spread(figure(mine, Run::cpuMsPerMessage), "%.2f"))
                .append(" | ").append(spread(figure(mine, Run::questionsPerMessage), "%.2f"))
                .append(" | ").append(spread(figure(mine, r -> r.proxyCount(r.duplicateQuestions)), "%.0f"))
                .append(" | ").append(spread(figure(mine, r -> r.proxyCount(r.repeatQuestions)), "%.0f"))
                .append(" | ").append(spread(figure(mine, r -> r.heapAfterGcMiB), "%.0f"))
                .append(String.format(Locale.ROOT, " | %d | %d | %d | %d |%n", classes[0], classes[1], classes[2], classes[3]));
        });
        s.append("\n## Ratios per round (median [min-max] of the rounds' ratios)\n\n");
        s.append("| condition | pair | msg/s ratio | RCPT p50 new, difference ms | RCPT p50 repeat, difference ms | CPU ms/msg, difference |\n");
        s.append("|---|---|---:|---:|---:|---:|\n");
        for (Condition c : conditions) {
            for (Config x : configs) {
                for (Config y : configs) {
                    if (x == y || !(x.base.equals("strict") && !y.base.equals("strict")
                        || x.base.equals("strict") && y.base.equals("strict") && configs.indexOf(y) < configs.indexOf(x))) {
                        continue;
                    }
                    List<Double> ratio = new ArrayList<>();
                    List<Double> newDiff = new ArrayList<>();
                    List<Double> repeatDiff = new ArrayList<>();
                    List<Double> cpuDiff = new ArrayList<>();
                    for (int round = 1; round <= rounds; round++) {
                        Run rx = find(runs, x, c, round);
                        Run ry = find(runs, y, c, round);
                        if (rx == null || ry == null) {
                            continue;
                        }
                        ratio.add(rx.messagesPerSecond() / ry.messagesPerSecond());
                        newDiff.add(rx.rcptP50New() - ry.rcptP50New());
                        repeatDiff.add(rx.rcptP50Repeat() - ry.rcptP50Repeat());
                        cpuDiff.add(rx.cpuMsPerMessage() - ry.cpuMsPerMessage());
                    }
                    if (ratio.isEmpty()) {
                        continue;
                    }
                    s.append("| ").append(c.label()).append(" | ").append(x.label()).append(" vs ").append(y.label())
                        .append(" | ").append(spread(ratio, "%.2f"))
                        .append(" | ").append(spread(newDiff, "%+.1f"))
                        .append(" | ").append(spread(repeatDiff, "%+.1f"))
                        .append(" | ").append(spread(cpuDiff, "%+.2f")).append(" |\n");
                }
            }
        }
        s.append("\n## James's threads, per message (median over the rounds; the 8 groups with the most CPU)\n\n"
            + "From /proc/PID/task/*/stat and status; a group is the thread name without digits. Per group: CPU ms "
            + "(user + system), of it system, and context switches (voluntary + involuntary). JIT compiler and GC "
            + "threads are native: no JFR sample sees them, nor the time in system calls.\n\n");
        threadGroups(s, runs, r -> r.threads);
        s.append("\n## CPU beside James, per message (median over the rounds)\n\n"
            + "The same cores run the benchmark's own JVM (the load driver and the DNS proxies: a receive thread, and worker threads that forward "
            + "each question to nsd on a new socket and relay the answer) and nsd. A configuration with `dns=nsd` asks nsd "
            + "directly, as a server asks its local resolver.\n\n"
            + "| condition | config | James ms | DNS proxies ms | load driver ms | nsd ms | all ms |\n|---|---|---:|---:|---:|---:|---:|\n");
        eachSelection(runs, (c, config, mine) -> {
            s.append("| ").append(c.label()).append(" | ").append(config.label())
                .append(" | ").append(spread(figure(mine, Run::cpuMsPerMessage), "%.2f"))
                .append(" | ").append(spread(figure(mine, r -> r.msPerMessage(r.outside.dnsProxies)), "%.2f"))
                .append(" | ").append(spread(figure(mine, r -> r.msPerMessage(r.outside.loadDriver)), "%.2f"))
                .append(" | ").append(spread(figure(mine, r -> r.msPerMessage(r.outside.nsd)), "%.2f"))
                .append(" | ").append(spread(figure(mine, r -> r.cpuMsPerMessage() + r.msPerMessage(r.outside.total())), "%.2f"))
                .append(" |\n");
        });
        s.append("\n## The benchmark's own threads, per message (median over the rounds; the 8 groups with the most CPU)\n\n"
            + "The load driver's client threads (`smtp-load-`) end with their run, so their CPU is under `(ended threads)`; "
            + "beside them run the benchmark JVM's JIT compiler, GC and DNS proxy threads.\n\n");
        threadGroups(s, runs, r -> r.outside.benchThreads);
        if (!profiles.isEmpty()) {
            s.append("\n## JFR profiles (the whole measured part of the run)\n");
            profiles.forEach((config, report) -> s.append("\n### ").append(config).append("\n\n").append(report));
        }
        s.append("\n## Per scenario (last round)\n");
        for (Run r : runs) {
            if (r.round == rounds) {
                s.append("\n### ").append(r.config.label()).append(", ").append(r.condition.label()).append("\n\n")
                    .append(r.result.toMarkdown());
            }
        }
        return s.toString();
    }

    /** One line per configuration and condition: CPU, system CPU and context switches a message by thread group. */
    private void threadGroups(StringBuilder s, List<Run> runs, java.util.function.Function<Run, Map<String, double[]>> groupsOf) {
        eachSelection(runs, (c, config, mine) -> {
            Map<String, List<double[]>> perGroup = new java.util.TreeMap<>();
            List<Double> system = new ArrayList<>();
            List<Double> switches = new ArrayList<>();
            for (Run r : mine) {
                double messages = r.result.all.count;
                Map<String, double[]> groups = groupsOf.apply(r);
                system.add(groups.values().stream().mapToDouble(f -> f[1]).sum() * 1000 / messages);
                switches.add(groups.values().stream().mapToDouble(f -> f[2] + f[3]).sum() / messages);
                groups.forEach((group, f) -> perGroup.computeIfAbsent(group, g -> new ArrayList<>())
                    .add(new double[] {(f[0] + f[1]) * 1000 / messages, f[1] * 1000 / messages, (f[2] + f[3]) / messages}));
            }
            s.append(String.format(Locale.ROOT, "- %s, %s: system %.2f ms, %.1f context switches a message; ", c.label(),
                config.label(), median(system), median(switches)));
            perGroup.entrySet().stream()
                .sorted((e1, e2) -> Double.compare(medianOf(e2.getValue(), 0), medianOf(e1.getValue(), 0)))
                .limit(8)
                .forEach(e -> s.append(String.format(Locale.ROOT, "`%s` %.2f (sys %.2f, %.1f cs); ", e.getKey(),
                    medianOf(e.getValue(), 0), medianOf(e.getValue(), 1), medianOf(e.getValue(), 2))));
            s.append("\n");
        });
    }

    /** What one configuration did under one condition, in every round so far. */
    private interface SelectionWriter {
        void write(Condition condition, Config config, List<Run> runs);
    }

    /** Each condition and configuration in report order, with their runs; pairs without a run yet are left out. */
    private void eachSelection(List<Run> runs, SelectionWriter writer) {
        for (Condition c : conditions) {
            for (Config config : configs) {
                List<Run> mine = select(runs, config, c);
                if (!mine.isEmpty()) {
                    writer.write(c, config, mine);
                }
            }
        }
    }

    private static List<Run> select(List<Run> runs, Config config, Condition c) {
        List<Run> mine = new ArrayList<>();
        runs.stream().filter(r -> r.config == config && r.condition == c).forEach(mine::add);
        return mine;
    }

    private static Run find(List<Run> runs, Config config, Condition c, int round) {
        return runs.stream().filter(r -> r.config == config && r.condition == c && r.round == round).findFirst().orElse(null);
    }

    String json(List<Run> runs) {
        StringBuilder s = new StringBuilder("{\"seconds\":").append(duration.toSeconds()).append(",\"rounds\":").append(rounds)
            .append(",\"poolPrefix\":").append(poolPrefix).append(",\"runs\":[");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            s.append(i == 0 ? "" : ",").append("{\"config\":").append(SmtpLoadDriver.quote(r.config.spec))
                .append(",\"round\":").append(r.round)
                .append(",\"latencyMs\":").append(r.condition.latencyMs)
                .append(",\"loss\":").append(SmtpLoadDriver.num(r.condition.loss))
                .append(",\"rttMs\":").append(r.condition.rttMs)
                .append(",\"mix\":").append(SmtpLoadDriver.quote(r.condition.mix))
                .append(",\"clients\":").append(r.condition.clients)
                .append(",\"pipelining\":").append(r.condition.pipelining)
                .append(",\"newSenders\":").append(r.condition.newSenders)
                .append(",\"dnsQuestions\":").append(r.dnsQuestions)
                .append(",\"dnsQuestionsPerMessage\":").append(SmtpLoadDriver.num(r.questionsPerMessage()))
                .append(",\"repeatedQuestions\":").append(r.duplicateQuestions)
                .append(",\"repeatClientQuestions\":").append(r.repeatQuestions)
                .append(",\"cpuSeconds\":").append(SmtpLoadDriver.num(r.cpuSeconds))
                .append(",\"cpuMsPerMessage\":").append(SmtpLoadDriver.num(r.cpuMsPerMessage()))
                .append(",\"dnsProxiesCpuSeconds\":").append(SmtpLoadDriver.num(r.outside.dnsProxies))
                .append(",\"loadDriverCpuSeconds\":").append(SmtpLoadDriver.num(r.outside.loadDriver))
                .append(",\"nsdCpuSeconds\":").append(SmtpLoadDriver.num(r.outside.nsd))
                .append(",\"rcptP50NewMs\":").append(SmtpLoadDriver.num(r.rcptP50New()))
                .append(",\"rcptP50RepeatMs\":").append(SmtpLoadDriver.num(r.rcptP50Repeat()))
                .append(",\"heapAfterGcMiB\":").append(SmtpLoadDriver.num(r.heapAfterGcMiB))
                .append(",\"load\":").append(r.result.toJson()).append('}');
        }
        return s.append("]}").toString();
    }

    private static void log(String line) {
        System.out.println("[" + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME) + "] " + line);
    }
}
