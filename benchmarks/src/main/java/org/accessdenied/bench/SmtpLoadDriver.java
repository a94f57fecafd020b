package org.accessdenied.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load driver made of real SMTP clients: {@code clients} threads, each running one connection (one message) after
 * another against host:port until the duration has passed or the message budget is spent. Every connection binds a
 * loopback source address (127.0.0.0/8) chosen from its scenario's pool, so the server sees many distinct clients.
 * Per message it records the time from connect to the RCPT reply and to the final reply (the reply to the end of
 * DATA, or the reply that refused the transaction), and the reply codes.
 * <p>
 * Command line: {@code java -cp benchmarks.jar org.accessdenied.bench.SmtpLoadDriver --port 2525 [--host 127.0.0.1]
 * [--clients 50] [--seconds 30] [--messages N] [--rtt MS] [--mix FILE] [--out PREFIX]}; the mix file has one scenario a line,
 * {@code name|weight|source|helo|mailFrom|rcpt} (see {@link Scenario#parse}).
 */
public final class SmtpLoadDriver {
    /** Default message body: a small plain-text mail. */
    public static final String DEFAULT_MESSAGE = "From: sender@bench.test\r\nTo: bench@localhost\r\nSubject: load test\r\n"
        + "Message-ID: <{id}@bench.test>\r\n\r\nA short message of the benchmark.\r\n";

    /** {@code {m}}: numbers no two messages of this process share, whichever driver, run or server sent them. */
    private static final AtomicLong MESSAGE_NUMBERS = new AtomicLong();
    /** The longest wait for the server to close after QUIT. */
    static final Duration CLOSE_WAIT_LIMIT = Duration.ofSeconds(5);

    /**
     * One kind of client. {@code source} is one address ({@code 127.0.0.10}) or a pool ({@code 127.1.0.0/19}: each
     * connection takes the next address of the pool, skipping .0 and .255). HELO, MAIL FROM and RCPT may hold
     * {@code {ip}}, {@code {c}}, {@code {d}} (third and fourth octet of the source) and {@code {n}} (c * 256 + d); MAIL
     * FROM may hold {@code {m}}, a number no other message of this process had.
     */
    public static final class Scenario {
        final String name;
        final int weight;
        final String source;
        final String helo;
        final String mailFrom;
        final String rcpt;
        final String message;
        private final int base;
        private final int size;
        private final AtomicLong next;

        public Scenario(String name, int weight, String source, String helo, String mailFrom, String rcpt, String message) {
            this(name, weight, source, helo, mailFrom, rcpt, message, new AtomicLong());
        }

        private Scenario(String name, int weight, String source, String helo, String mailFrom, String rcpt, String message,
                         AtomicLong next) {
            this.next = next;
            this.name = name;
            this.weight = weight;
            this.source = source;
            this.helo = helo;
            this.mailFrom = mailFrom;
            this.rcpt = rcpt;
            this.message = message;
            String[] parts = source.split("/");
            this.base = toInt(parts[0]);
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
            this.size = prefix == 32 ? 1 : 1 << (32 - prefix);
            if ((base >>> 24) != 127) {
                throw new IllegalArgumentException("scenario " + name + ": source " + source + " is not in 127.0.0.0/8");
            }
        }

        /** {@code name|weight|source|helo|mailFrom|rcpt}; blank lines and lines starting with # are skipped by the caller. */
        public static Scenario parse(String line) {
            String[] f = line.split("\\|", -1);
            if (f.length != 6) {
                throw new IllegalArgumentException("expected name|weight|source|helo|mailFrom|rcpt, got: " + line);
            }
            return new Scenario(f[0].trim(), Integer.parseInt(f[1].trim()), f[2].trim(), f[3].trim(), f[4].trim(), f[5].trim(),
                DEFAULT_MESSAGE);
        }

        public String name() {
            return name;
        }

        /** The same clients, sending from another address; they go on through the pool where this scenario is. */
        public Scenario withMailFrom(String template) {
            return new Scenario(name, weight, source, helo, template, rcpt, message, next);
        }

        /** The next source address of the pool. */
        int nextAddress() {
            if (size == 1) {
                return base;
            }
            while (true) {
                int candidate = base + (int) (next.getAndIncrement() % size);
                int last = candidate & 0xff;
                if (last != 0 && last != 255) {
                    return candidate;
                }
            }
        }

        static String expand(String template, int address) {
            int c = (address >>> 8) & 0xff;
            int d = address & 0xff;
            String expanded = template.replace("{ip}", toText(address)).replace("{c}", Integer.toString(c))
                .replace("{d}", Integer.toString(d)).replace("{n}", Integer.toString(c * 256 + d));
            return expanded.contains("{m}") ? expanded.replace("{m}", Long.toString(MESSAGE_NUMBERS.incrementAndGet())) : expanded;
        }
    }

    public static final class Settings {
        String host = "127.0.0.1";
        int port = 25;
        int clients = 50;
        Duration duration = Duration.ofSeconds(30);
        long maxMessages = Long.MAX_VALUE;
        Duration socketTimeout = Duration.ofSeconds(60);
        List<Scenario> mix = new ArrayList<>();
        long seed = 42;
        Duration roundTrip = Duration.ZERO;
        double rate;
        boolean pipelining;

        public Settings host(String value) {
            host = value;
            return this;
        }

        public Settings port(int value) {
            port = value;
            return this;
        }

        public Settings clients(int value) {
            clients = value;
            return this;
        }

        public Settings duration(Duration value) {
            duration = value;
            return this;
        }

        public Settings maxMessages(long value) {
            maxMessages = value;
            return this;
        }

        public Settings socketTimeout(Duration value) {
            socketTimeout = value;
            return this;
        }

        public Settings mix(List<Scenario> value) {
            mix = new ArrayList<>(value);
            return this;
        }

        public Settings seed(long value) {
            seed = value;
            return this;
        }

        /**
         * The client's network round-trip time: the client waits this long before each command it sends (EHLO, MAIL,
         * RCPT, DATA, the message), as a sender on the Internet does between a reply and its next command.
         */
        public Settings roundTrip(Duration value) {
            roundTrip = value;
            return this;
        }

        /**
         * MAIL FROM and RCPT TO sent in one write, their replies read after it (RFC 2920 PIPELINING, as Postfix and
         * Exim send them): the server reads RCPT TO together with MAIL FROM.
         */
        public Settings pipelining(boolean value) {
            pipelining = value;
            return this;
        }

        /**
         * Paced load: connections start at this rate (per second), each client taking the next start time in turn; 0
         * (the default) starts the next one as soon as a client is free. With a pace below what the server can take,
         * two servers are compared doing the same work per second: their CPU per message is then comparable.
         */
        public Settings rate(double perSecond) {
            rate = perSecond;
            return this;
        }
    }

    /** One message (one connection). Times in nanoseconds from connect; -1 when not reached. */
    public static final class Sample {
        final String scenario;
        final String source;
        final long rcptNanos;
        final long finalNanos;
        final int rcptCode;
        final int finalCode;
        final String finalReply;

        Sample(String scenario, String source, long rcptNanos, long finalNanos, int rcptCode, int finalCode, String finalReply) {
            this.scenario = scenario;
            this.source = source;
            this.rcptNanos = rcptNanos;
            this.finalNanos = finalNanos;
            this.rcptCode = rcptCode;
            this.finalCode = finalCode;
            this.finalReply = finalReply;
        }

        /** "2xx", "4xx", "5xx" or "error" (I/O failure or timeout before a final reply). */
        public String replyClass() {
            return finalCode <= 0 ? "error" : (finalCode / 100) + "xx";
        }
    }

    /** Statistics of one group of samples. */
    public static final class Stats {
        public final long count;
        public final double rcptP50Ms;
        public final double rcptP99Ms;
        public final double rcptMaxMs;
        public final double finalP50Ms;
        public final double finalP99Ms;
        public final double finalMaxMs;
        public final Map<String, Long> classes;
        public final String exampleRejection;

        Stats(List<Sample> samples) {
            count = samples.size();
            long[] rcpt = samples.stream().filter(s -> s.rcptNanos >= 0).mapToLong(s -> s.rcptNanos).sorted().toArray();
            long[] fin = samples.stream().filter(s -> s.finalNanos >= 0).mapToLong(s -> s.finalNanos).sorted().toArray();
            rcptP50Ms = percentile(rcpt, 50);
            rcptP99Ms = percentile(rcpt, 99);
            rcptMaxMs = rcpt.length == 0 ? Double.NaN : rcpt[rcpt.length - 1] / 1e6;
            finalP50Ms = percentile(fin, 50);
            finalP99Ms = percentile(fin, 99);
            finalMaxMs = fin.length == 0 ? Double.NaN : fin[fin.length - 1] / 1e6;
            Map<String, Long> c = new LinkedHashMap<>();
            for (String k : List.of("2xx", "4xx", "5xx", "error")) {
                c.put(k, samples.stream().filter(s -> s.replyClass().equals(k)).count());
            }
            classes = c;
            exampleRejection = samples.stream().filter(s -> s.finalCode >= 400 || s.finalCode <= 0).map(s -> s.finalReply)
                .findFirst().orElse("");
        }

        /** The first line of the first refusal (or error) seen, empty when every message was accepted. */
        public String exampleRefusal() {
            return exampleRejection;
        }

        static double percentile(long[] sorted, int p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }

    /** The outcome of a run. */
    public static final class Result {
        /** The name of the scenario whose client connects again and again from one address. */
        public static final String REPEAT = "repeat";

        public final Duration elapsed;
        public final int clients;
        public final Stats all;
        /** Every scenario but {@value #REPEAT}: clients the server has not seen before. */
        public final Stats newClients;
        public final Map<String, Stats> byScenario;
        final List<Sample> samples;

        Result(Duration elapsed, int clients, List<Sample> samples, List<Scenario> mix) {
            this.elapsed = elapsed;
            this.clients = clients;
            this.samples = samples;
            this.all = new Stats(samples);
            List<Sample> fresh = new ArrayList<>();
            samples.stream().filter(s -> !s.scenario.equals(REPEAT)).forEach(fresh::add);
            this.newClients = new Stats(fresh);
            Map<String, Stats> by = new LinkedHashMap<>();
            for (Scenario scenario : mix) {
                List<Sample> mine = new ArrayList<>();
                samples.stream().filter(s -> s.scenario.equals(scenario.name)).forEach(mine::add);
                by.put(scenario.name, new Stats(mine));
            }
            this.byScenario = by;
        }

        public double messagesPerSecond() {
            return all.count / (elapsed.toNanos() / 1e9);
        }

        public String toJson() {
            StringBuilder out = new StringBuilder("{");
            out.append("\"elapsedSeconds\":").append(num(elapsed.toNanos() / 1e9)).append(',');
            out.append("\"clients\":").append(clients).append(',');
            out.append("\"messages\":").append(all.count).append(',');
            out.append("\"messagesPerSecond\":").append(num(messagesPerSecond())).append(',');
            out.append("\"all\":").append(json(all)).append(",\"scenarios\":{");
            boolean first = true;
            for (Map.Entry<String, Stats> e : byScenario.entrySet()) {
                out.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(json(e.getValue()));
                first = false;
            }
            return out.append("}}").toString();
        }

        public String toMarkdown() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%d messages in %.1f s with %d clients: **%.1f messages/s**%n%n",
                all.count, elapsed.toNanos() / 1e9, clients, messagesPerSecond()));
            out.append("| scenario | messages | RCPT p50 ms | RCPT p99 ms | final p50 ms | final p99 ms | final max ms | 2xx | 4xx | 5xx | error | example refusal |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (Map.Entry<String, Stats> e : byScenario.entrySet()) {
                row(out, e.getKey(), e.getValue());
            }
            row(out, "**all**", all);
            return out.toString();
        }

        private static void row(StringBuilder out, String name, Stats s) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %d | %d | %d | %s |%n", name, s.count,
                s.rcptP50Ms, s.rcptP99Ms, s.finalP50Ms, s.finalP99Ms, s.finalMaxMs, s.classes.get("2xx"), s.classes.get("4xx"),
                s.classes.get("5xx"), s.classes.get("error"), s.exampleRejection.replace("|", "\\|")));
        }

        private static String json(Stats s) {
            return String.format(Locale.ROOT, "{\"messages\":%d,\"rcptP50Ms\":%s,\"rcptP99Ms\":%s,\"rcptMaxMs\":%s,\"finalP50Ms\":%s,"
                    + "\"finalP99Ms\":%s,\"finalMaxMs\":%s,\"2xx\":%d,\"4xx\":%d,\"5xx\":%d,\"error\":%d,\"exampleRefusal\":%s}",
                s.count, num(s.rcptP50Ms), num(s.rcptP99Ms), num(s.rcptMaxMs), num(s.finalP50Ms), num(s.finalP99Ms), num(s.finalMaxMs),
                s.classes.get("2xx"), s.classes.get("4xx"), s.classes.get("5xx"), s.classes.get("error"), quote(s.exampleRejection));
        }
    }

    static String num(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private final Settings settings;
    private final AtomicLong budget = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();

    public SmtpLoadDriver(Settings settings) {
        if (settings.mix.isEmpty()) {
            throw new IllegalArgumentException("the scenario mix is empty");
        }
        this.settings = settings;
    }

    /** Runs the load; returns when the duration has passed or the budget is spent and every client has finished. */
    public Result run() throws InterruptedException {
        budget.set(settings.maxMessages);
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        int totalWeight = settings.mix.stream().mapToInt(s -> s.weight).sum();
        long start = System.nanoTime();
        long deadline = start + settings.duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLong tickets = new java.util.concurrent.atomic.AtomicLong();
        for (int i = 0; i < settings.clients; i++) {
            Random random = new Random(settings.seed + i);
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                    if (settings.rate > 0) {
                        long at = start + (long) (tickets.getAndIncrement() * 1e9 / settings.rate);
                        if (at >= deadline) {
                            break;
                        }
                        long wait = at - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                    samples.add(oneMessage(pick(random, totalWeight)));
                }
            }, "smtp-load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(Duration.ofNanos(System.nanoTime() - start), settings.clients, new ArrayList<>(samples), settings.mix);
    }

    private Scenario pick(Random random, int totalWeight) {
        int r = random.nextInt(totalWeight);
        for (Scenario scenario : settings.mix) {
            r -= scenario.weight;
            if (r < 0) {
                return scenario;
            }
        }
        return settings.mix.get(settings.mix.size() - 1);
    }

    /** One connection, one message. Never throws: failures are samples with reply class "error". */
    Sample oneMessage(Scenario scenario) {
        int address = scenario.nextAddress();
        String source = toText(address);
        long start = System.nanoTime();
        long rcptAt = -1;
        int rcptCode = -1;
        try (Socket socket = new Socket()) {
            socket.setSoTimeout((int) settings.socketTimeout.toMillis());
            socket.setTcpNoDelay(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            start = System.nanoTime();
            socket.connect(new InetSocketAddress(settings.host, settings.port), (int) settings.socketTimeout.toMillis());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String reply = readReply(in);
            if (code(reply) != 220) {
                return done(scenario, source, start, rcptAt, rcptCode, reply);
            }
            reply = command(out, in, "EHLO " + Scenario.expand(scenario.helo, address));
            if (code(reply) != 250) {
                return done(scenario, source, start, rcptAt, rcptCode, reply);
            }
            String mailFrom = "MAIL FROM:<" + Scenario.expand(scenario.mailFrom, address) + ">";
            String rcptTo = "RCPT TO:<" + Scenario.expand(scenario.rcpt, address) + ">";
            if (settings.pipelining) {
                reply = command(out, in, mailFrom + "\r\n" + rcptTo);
                if (code(reply) != 250) {
                    readReply(in);
                    return done(scenario, source, start, rcptAt, rcptCode, reply);
                }
                reply = readReply(in);
            } else {
                reply = command(out, in, mailFrom);
                if (code(reply) != 250) {
                    return done(scenario, source, start, rcptAt, rcptCode, reply);
                }
                reply = command(out, in, rcptTo);
            }
            rcptAt = System.nanoTime() - start;
            rcptCode = code(reply);
            if (rcptCode / 100 != 2) {
                quit(socket, out, in);
                return done(scenario, source, start, rcptAt, rcptCode, reply);
            }
            reply = command(out, in, "DATA");
            if (code(reply) != 354) {
                quit(socket, out, in);
                return done(scenario, source, start, rcptAt, rcptCode, reply);
            }
            String body = scenario.message.replace("{id}", Long.toString(ids.incrementAndGet()));
            roundTrip();
            out.write((body + "\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            reply = readReply(in);
            Sample sample = done(scenario, source, start, rcptAt, rcptCode, reply);
            quit(socket, out, in);
            return sample;
        } catch (IOException | RuntimeException e) {
            return new Sample(scenario.name, source, rcptAt, -1, rcptCode, -1, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void roundTrip() throws IOException {
        long millis = settings.roundTrip.toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private static Sample done(Scenario scenario, String source, long start, long rcptAt, int rcptCode, String reply) {
        return new Sample(scenario.name, source, rcptAt, System.nanoTime() - start, rcptCode, code(reply), firstLine(reply));
    }

    /**
     * QUIT, its reply, and then the server's close before the client's (RFC 5321 section 4.1.1.10: the server closes
     * once it replied), as a real client does. The side that closes first keeps the connection's TIME-WAIT for a minute:
     * closed first by the driver, that was tens of thousands of them on the repeat client's one address, and every
     * later bind() to that address searched the kernel's port table past them. That search was a third of the driver's
     * CPU, more or less from run to run as the count rose and fell (BENCHMARKS.md, twelfth pass), on the cores James
     * runs on.
     */
    private static void quit(Socket socket, OutputStream out, InputStream in) {
        try {
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout((int) CLOSE_WAIT_LIMIT.toMillis());
            readReply(in);
            while (in.read() != -1) {
                // whatever the server still sends, until it closes
            }
        } catch (IOException e) {
            // the server closed already, or did not within the limit: the client closes now
        }
    }

    private String command(OutputStream out, InputStream in, String line) throws IOException {
        roundTrip();
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readReply(in);
    }

    /** Reads a whole (possibly multi-line) reply. */
    static String readReply(InputStream in) throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            String line = readLine(in);
            if (line == null) {
                throw new IOException("connection closed by the server" + (all.length() > 0 ? " after " + all : ""));
            }
            all.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                return all.toString();
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    static int code(String reply) {
        if (reply == null || reply.length() < 3) {
            return -1;
        }
        try {
            return Integer.parseInt(reply.substring(0, 3));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String firstLine(String reply) {
        String line = reply.split("\n", 2)[0];
        return line.length() > 160 ? line.substring(0, 160) : line;
    }

    static int toInt(String ip) {
        try {
            byte[] b = InetAddress.getByName(ip).getAddress();
            if (b.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip, e);
        }
    }

    static String toText(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    /** Reads a mix file: {@code name|weight|source|helo|mailFrom|rcpt} per line, # comments. */
    public static List<Scenario> readMix(Path file) throws IOException {
        List<Scenario> mix = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.trim().startsWith("#")) {
                mix.add(Scenario.parse(line));
            }
        }
        return mix;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = new Settings();
        Path out = null;
        Path mixFile = null;
        List<String> list = Arrays.asList(args);
        for (int i = 0; i < list.size(); i++) {
            String value = i + 1 < list.size() ? list.get(i + 1) : "";
            switch (list.get(i)) {
                case "--host": settings.host(value); i++; break;
                case "--port": settings.port(Integer.parseInt(value)); i++; break;
                case "--clients": settings.clients(Integer.parseInt(value)); i++; break;
                case "--seconds": settings.duration(Duration.ofMillis((long) (Double.parseDouble(value) * 1000))); i++; break;
                case "--messages": settings.maxMessages(Long.parseLong(value)); i++; break;
                case "--rtt": settings.roundTrip(Duration.ofMillis(Long.parseLong(value))); i++; break;
                case "--mix": mixFile = Path.of(value); i++; break;
                case "--out": out = Path.of(value); i++; break;
                default:
                    System.err.println("usage: SmtpLoadDriver --port PORT [--host H] [--clients N] [--seconds S] [--messages N] [--rtt MS] [--mix FILE] [--out PREFIX]");
                    System.exit(2);
            }
        }
        settings.mix(mixFile == null ? BenchZones.scenarios(BenchZones.DEFAULT_POOL_PREFIX) : readMix(mixFile));
        Result result = new SmtpLoadDriver(settings).run();
        System.out.println(result.toMarkdown());
        if (out != null) {
            Files.writeString(Path.of(out + ".json"), result.toJson());
            Files.writeString(Path.of(out + ".md"), result.toMarkdown());
        }
    }
}
