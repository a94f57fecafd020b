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

import org.accessdenied.launcher.JamesHome;
import org.accessdenied.launcher.JamesLine;
import org.accessdenied.launcher.JamesProcess;

/**
 * The admission benchmark of issue 6: three James 3.8.1 configurations, one after the other, each under the same
 * DNS conditions (0, 20, 100 ms per question, and 20 ms with 5 % of the questions dropped), the same client
 * population ({@link BenchZones}) and the same number of concurrent SMTP clients; a Markdown and a JSON report.
 * <ul>
 *   <li>(a) none: {@code conf-samples/strict} with {@code configs/none/} laid over it (no check at all);</li>
 *   <li>(b) builtin: {@code configs/builtin/}: James's DNSRBLHandler, ResolvableEhloHeloHandler and SPFHandler;</li>
 *   <li>(c) strict: {@code conf-samples/strict} as it is, the pack in extensions-jars/.</li>
 * </ul>
 * For (a) and (b) the processor "admission" and the HighSpamScore mailets are cut out of the strict set's
 * mailetcontainer.xml; every configuration gets {@code configs/X/dnsservice.xml} (James's DNS client asks the relay on
 * 127.0.0.53:53) and {@code dns.server=127.0.0.53} in jvm.properties (dnsjava's default resolver, used by jspf),
 * and LocalDelivery replaced by Null ({@link #withoutMailboxDelivery}). (c) is otherwise the strict set unchanged.
 * bin/bench also gives James a hosts file of its own ({@code -Djdk.net.hosts.file}): see BENCHMARKS.md, finding 1.
 * The pack (c) asks the proxy directly ({@code accessdenied.dns.servers}).
 * <p>
 * {@code java -cp benchmarks.jar org.accessdenied.bench.AdmissionBenchmark --root REPO [--seconds 30] [--clients 50]
 * [--configs none,builtin,strict] [--conditions 0,20,100,20/0.05] [--out DIR]}
 */
public final class AdmissionBenchmark {
    static final String USER = BenchZones.RCPT;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    /** One DNS condition: latency added by the proxy to every question, fraction of questions dropped. */
    static final class Condition {
        final int latencyMs;
        final double loss;

        Condition(int latencyMs, double loss) {
            this.latencyMs = latencyMs;
            this.loss = loss;
        }

        static Condition parse(String text) {
            String[] parts = text.trim().split("/");
            return new Condition(Integer.parseInt(parts[0]), parts.length > 1 ? Double.parseDouble(parts[1]) : 0);
        }

        String label() {
            return latencyMs + " ms" + (loss > 0 ? String.format(Locale.ROOT, ", %.0f %% loss", loss * 100) : "");
        }
    }

    /** The measurements of one configuration under one condition. */
    static final class Run {
        final String config;
        final Condition condition;
        final SmtpLoadDriver.Result result;
        final long dnsQuestions;
        final long repeatQuestions;
        final double cpuSeconds;
        final double heapUsedMiB;
        final double heapAfterGcMiB;

        Run(String config, Condition condition, SmtpLoadDriver.Result result, long dnsQuestions, long repeatQuestions,
            double cpuSeconds, double heapUsedMiB, double heapAfterGcMiB) {
            this.config = config;
            this.condition = condition;
            this.result = result;
            this.dnsQuestions = dnsQuestions;
            this.repeatQuestions = repeatQuestions;
            this.cpuSeconds = cpuSeconds;
            this.heapUsedMiB = heapUsedMiB;
            this.heapAfterGcMiB = heapAfterGcMiB;
        }

        double questionsPerMessage() {
            return result.all.count == 0 ? Double.NaN : dnsQuestions / (double) result.all.count;
        }

        double cpuPer1000() {
            return result.all.count == 0 ? Double.NaN : cpuSeconds * 1000 / result.all.count;
        }
    }

    private final Path root;
    private final Path out;
    private final Duration duration;
    private final Duration warmup;
    private final int clients;
    private final int poolPrefix;
    private final int portBase;
    private final List<String> configs;
    private final List<Condition> conditions;

    AdmissionBenchmark(Path root, Path out, Duration duration, Duration warmup, int clients, int poolPrefix, int portBase,
                       List<String> configs, List<Condition> conditions) {
        this.root = root;
        this.out = out;
        this.duration = duration;
        this.warmup = warmup;
        this.clients = clients;
        this.poolPrefix = poolPrefix;
        this.portBase = portBase;
        this.configs = configs;
        this.conditions = conditions;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--root", System.getProperty("accessdenied.root", "."));
        o.put("--seconds", "30");
        o.put("--warmup", "20");
        o.put("--clients", "50");
        o.put("--pool-prefix", "17");
        o.put("--port-base", "31000");
        o.put("--configs", "none,builtin,strict");
        o.put("--conditions", "0,20,100,20/0.05");
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
        List<Condition> conditions = new ArrayList<>();
        for (String c : o.get("--conditions").split(",")) {
            conditions.add(Condition.parse(c));
        }
        AdmissionBenchmark bench = new AdmissionBenchmark(root, outDir, Duration.ofSeconds(Long.parseLong(o.get("--seconds"))),
            Duration.ofSeconds(Long.parseLong(o.get("--warmup"))), Integer.parseInt(o.get("--clients")),
            Integer.parseInt(o.get("--pool-prefix")), Integer.parseInt(o.get("--port-base")),
            Arrays.asList(o.get("--configs").split(",")), conditions);
        Path report = bench.run();
        System.out.println("report: " + report);
    }

    Path run() throws Exception {
        Files.createDirectories(out);
        String stamp = LocalDateTime.now().format(STAMP);
        List<Run> runs = new ArrayList<>();
        log("DNS: nsd with the benchmark zones (pools 127.S.0.0/" + poolPrefix + "), proxy, relay on "
            + BenchDns.RELAY_ADDRESS + ":53");
        try (BenchDns dns = BenchDns.start(poolPrefix, true)) {
            // Ctrl-C: nsd is a child process of its own, stop it too (James is stopped by JamesProcess's owner below)
            Thread stopDns = new Thread(dns::close, "bench-dns-stop");
            Runtime.getRuntime().addShutdownHook(stopDns);
            log("DNS up: nsd " + dns.nsd().hostAndPort() + ", proxy " + dns.proxyHostAndPort());
            for (String config : configs) {
                runs.addAll(runConfig(config, dns, out.resolve("homes").resolve(config)));
                writeReport(runs, stamp);
            }
        }
        return writeReport(runs, stamp);
    }

    private List<Run> runConfig(String config, BenchDns dns, Path homeDir) throws Exception {
        Path confSet = prepareConfSet(config);
        JamesHome home = JamesHome.builder(homeDir)
            .confSet(confSet)
            .dropInJar(JamesLine.JAMES_38.dropInJar(root))
            .portBase(portBase)
            .dns(dns.proxyHostAndPort())
            .spamd("127.0.0.1:1")
            .build()
            .prepare();
        if (config.equals("builtin")) {
            Files.copy(builtinExtensionJar(), home.extensionsDir().resolve("access-denied-benchmarks-builtin-extension.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        }
        dns.conditions(Duration.ZERO, 0);
        for (int port : new int[] {home.smtpPort(), home.submissionPort(), home.imapPort(), home.webAdminPort()}) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " is taken (another James?): choose another --port-base", e);
            }
        }
        log("(" + config + ") starting James in " + homeDir);
        List<Run> runs = new ArrayList<>();
        try (JamesProcess james = JamesProcess.start(home, root.resolve("launcher/target/james/lib"))) {
            Thread stopJames = new Thread(james::close, "bench-james-stop");
            Runtime.getRuntime().addShutdownHook(stopJames);
            log("(" + config + ") James up in " + james.startupTime().toMillis() + " ms, pid " + james.pid()
                + ", SMTP " + james.smtpPort());
            createUser(james.webAdminPort());
            // the same address sequence for every configuration: a fresh mix per configuration
            List<SmtpLoadDriver.Scenario> mix = BenchZones.scenarios(poolPrefix);
            if (!warmup.isZero()) {
                log("(" + config + ") warm-up " + warmup.toSeconds() + " s");
                new SmtpLoadDriver(new SmtpLoadDriver.Settings().port(james.smtpPort()).clients(clients).duration(warmup)
                    .mix(mix)).run();
            }
            for (Condition condition : conditions) {
                dns.conditions(Duration.ofMillis(condition.latencyMs), condition.loss);
                int questionsBefore = dns.proxy().questions().size();
                double cpuBefore = ProcessStats.cpuSeconds(james.pid());
                SmtpLoadDriver.Result result = new SmtpLoadDriver(new SmtpLoadDriver.Settings().port(james.smtpPort())
                    .clients(clients).duration(duration).mix(mix)).run();
                double cpu = ProcessStats.cpuSeconds(james.pid()) - cpuBefore;
                List<String> questions = dns.proxy().questions();
                List<String> during = questions.subList(questionsBefore, questions.size());
                long repeat = during.stream().filter(q -> q.contains("10.0.0.127") || q.contains("mail.loopback.example.test")).count();
                double heap = ProcessStats.heapUsedMiB(james.pid(), false);
                double heapAfterGc = ProcessStats.heapUsedMiB(james.pid(), true);
                Run run = new Run(config, condition, result, during.size(), repeat, cpu, heap, heapAfterGc);
                runs.add(run);
                log(String.format(Locale.ROOT, "(%s) %s: %.1f msg/s, RCPT p50 %.1f ms p99 %.1f ms, %.2f DNS q/msg, %s",
                    config, condition.label(), result.messagesPerSecond(), result.all.rcptP50Ms, result.all.rcptP99Ms,
                    run.questionsPerMessage(), result.all.classes));
            }
            dns.conditions(Duration.ZERO, 0);
            Runtime.getRuntime().removeShutdownHook(stopJames);
        }
        return runs;
    }

    /** A conf set for one configuration: a copy of conf-samples/strict, with configs/CONFIG/ laid over it. */
    Path prepareConfSet(String config) throws IOException {
        Path strict = root.resolve("conf-samples/strict");
        Path set = out.resolve("conf-sets").resolve(config);
        JamesHome.deleteTree(set);
        Files.createDirectories(set);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(strict)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, set.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        String resourceDir = config.equals("strict") ? "none" : config;
        List<String> overlay = config.equals("strict") ? List.of("dnsservice.xml")
            : config.equals("builtin") ? List.of("smtpserver.xml", "dnsservice.xml", "extensions.properties")
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
        if (!config.equals("strict")) {
            container = withoutPack(container);
        }
        Files.writeString(mailets, withoutMailboxDelivery(container));
        Path jvm = set.resolve("jvm.properties");
        String props = Files.exists(jvm) ? Files.readString(jvm) : "";
        Files.writeString(jvm, props + "\n# admission benchmark: dnsjava's default resolver (jspf, SPFHandler) asks the relay\n"
            + "dns.server=" + BenchDns.RELAY_ADDRESS + "\ndns.search=\n");
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
        String noAdmission = xml.replaceAll("(?s)<processor state=\"admission\".*?</processor>", "");
        String noSpam = noAdmission.replaceAll("(?s)<mailet match=\"org\\.accessdenied[^\"]*\"[^>]*?/>", "")
            .replaceAll("(?s)<mailet match=\"org\\.accessdenied[^\"]*\"[^>]*?>.*?</mailet>", "");
        if (noSpam.contains("org.accessdenied")) {
            throw new IllegalStateException("mailetcontainer.xml still names the pack after stripping it");
        }
        return noSpam;
    }

    private Path builtinExtensionJar() throws IOException {
        Path target = root.resolve("benchmarks/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-builtin-extension.jar")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no *-builtin-extension.jar in " + target + ": build the benchmarks module"));
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

    String markdown(List<Run> runs) {
        StringBuilder s = new StringBuilder("# Admission benchmark\n\n");
        s.append(String.format(Locale.ROOT, "%d concurrent SMTP clients, %d s per run (after a %d s warm-up per configuration), "
            + "client pools 127.S.0.0/%d, one message per connection.%n%n", clients, duration.toSeconds(), warmup.toSeconds(), poolPrefix));
        s.append("| config | DNS | msg/s | RCPT p50 ms | RCPT p99 ms | RCPT max ms | final p50 ms | final p99 ms | DNS q/msg | repeat-client q | CPU s/1000 msg | heap MiB (after GC) | 2xx | 4xx | 5xx | error |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run r : runs) {
            SmtpLoadDriver.Stats a = r.result.all;
            s.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %d | %.2f | %.0f (%.0f) | %d | %d | %d | %d |%n",
                r.config, r.condition.label(), r.result.messagesPerSecond(), a.rcptP50Ms, a.rcptP99Ms, a.rcptMaxMs, a.finalP50Ms,
                a.finalP99Ms, r.questionsPerMessage(), r.repeatQuestions, r.cpuPer1000(), r.heapUsedMiB, r.heapAfterGcMiB,
                a.classes.get("2xx"), a.classes.get("4xx"), a.classes.get("5xx"), a.classes.get("error")));
        }
        s.append("\n## Ratios\n\n| DNS | (c)/(a) msg/s | (c)/(b) msg/s | (c)-(a) RCPT p50 ms | (c)-(b) RCPT p50 ms |\n|---|---:|---:|---:|---:|\n");
        for (Condition c : conditions) {
            Run a = find(runs, "none", c);
            Run b = find(runs, "builtin", c);
            Run st = find(runs, "strict", c);
            if (st == null) {
                continue;
            }
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", c.label(),
                a == null ? "-" : String.format(Locale.ROOT, "%.2f", st.result.messagesPerSecond() / a.result.messagesPerSecond()),
                b == null ? "-" : String.format(Locale.ROOT, "%.2f", st.result.messagesPerSecond() / b.result.messagesPerSecond()),
                a == null ? "-" : String.format(Locale.ROOT, "%.1f", st.result.all.rcptP50Ms - a.result.all.rcptP50Ms),
                b == null ? "-" : String.format(Locale.ROOT, "%.1f", st.result.all.rcptP50Ms - b.result.all.rcptP50Ms)));
        }
        s.append("\n## Per scenario\n");
        for (Run r : runs) {
            s.append("\n### ").append(r.config).append(", DNS ").append(r.condition.label()).append("\n\n").append(r.result.toMarkdown());
        }
        return s.toString();
    }

    private static Run find(List<Run> runs, String config, Condition c) {
        return runs.stream().filter(r -> r.config.equals(config) && r.condition == c).findFirst().orElse(null);
    }

    String json(List<Run> runs) {
        StringBuilder s = new StringBuilder("{\"clients\":").append(clients).append(",\"seconds\":").append(duration.toSeconds())
            .append(",\"poolPrefix\":").append(poolPrefix).append(",\"runs\":[");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            s.append(i == 0 ? "" : ",").append("{\"config\":").append(SmtpLoadDriver.quote(r.config))
                .append(",\"latencyMs\":").append(r.condition.latencyMs)
                .append(",\"loss\":").append(SmtpLoadDriver.num(r.condition.loss))
                .append(",\"dnsQuestions\":").append(r.dnsQuestions)
                .append(",\"dnsQuestionsPerMessage\":").append(SmtpLoadDriver.num(r.questionsPerMessage()))
                .append(",\"repeatClientQuestions\":").append(r.repeatQuestions)
                .append(",\"cpuSeconds\":").append(SmtpLoadDriver.num(r.cpuSeconds))
                .append(",\"cpuSecondsPer1000Messages\":").append(SmtpLoadDriver.num(r.cpuPer1000()))
                .append(",\"heapUsedMiB\":").append(SmtpLoadDriver.num(r.heapUsedMiB))
                .append(",\"heapAfterGcMiB\":").append(SmtpLoadDriver.num(r.heapAfterGcMiB))
                .append(",\"load\":").append(r.result.toJson()).append('}');
        }
        return s.append("]}").toString();
    }

    private static void log(String line) {
        System.out.println("[" + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME) + "] " + line);
    }
}
