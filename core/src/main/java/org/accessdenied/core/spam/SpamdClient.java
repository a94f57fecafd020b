package org.accessdenied.core.spam;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.accessdenied.core.metrics.MetricNames;
import org.accessdenied.core.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.accessdenied.core.spam.MessageContent;
import org.accessdenied.core.time.Deadline;

import org.accessdenied.core.concurrent.DaemonThreads;

/**
 * Asks spamd for a message's score over the SPAMD protocol ({@code SYMBOLS SPAMC/1.5}: the {@code CHECK} reply plus
 * the names of the rules that fired), with Content-length, connect and read timeouts and a size limit. Runs on a
 * small bounded pool of its own ({@code spamd.threads}, {@code spamd.queue}).
 * <p>
 * Every request is bounded by its caller's {@link Deadline}: the returned future completes by then, the socket is
 * closed when it passes, and a request still waiting for a thread once its caller has given up is dropped, never
 * sent. A failing spamd opens the {@link SpamdCircuit circuit}: requests are then answered at once, and spamd is
 * asked {@code PING} until it answers. spamd down, hanging, slow, answering garbage, the circuit open or the pool
 * full all give {@link SpamScore.Status#UNAVAILABLE} (counted, and logged at most once a minute): the rules decide
 * what that means (see {@code SpamScoreCheck}). A message over {@code spamd.maxSize} is
 * {@link SpamScore.Status#NOT_SCANNED}. Never an exception.
 */
public final class SpamdClient implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpamdClient.class);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_REPLY_BYTES = 64 * 1024;
    /** The longest wait for {@code PONG} while the circuit is open. */
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    private final SpamdSettings settings;
    private final ThreadPoolExecutor pool;
    private final SpamdCircuit circuit;
    private final LongAdder scored = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong lastWarning = new AtomicLong();
    private final AtomicLong failuresSinceWarning = new AtomicLong();
    private final Metrics metrics;

    public SpamdClient(SpamdSettings settings) {
        this(settings, Metrics.NONE);
    }

    /** As above, publishing each request's latency and outcome ({@code accessdenied_spamd_*}) and the circuit's state. */
    public SpamdClient(SpamdSettings settings, Metrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        BlockingQueue<Runnable> queue = settings.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.queue());
        this.pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 60, TimeUnit.SECONDS, queue, DaemonThreads.named("access-denied-spamd"));
        this.circuit = new SpamdCircuit(settings, this::ping);
        metrics.gauge(MetricNames.SPAMD_CIRCUIT_OPEN, () -> circuit.openReason().isPresent() ? 1 : 0);
    }

    /** Asks spamd with no caller deadline but spamd's own timeouts (the command-line tool). */
    public CompletableFuture<SpamScore> score(MessageContent message) {
        return score(message, Deadline.in(settings.connectTimeout().plus(settings.readTimeout())));
    }

    /** Asks spamd; the future completes (normally) by the deadline at the latest. */
    public CompletableFuture<SpamScore> score(MessageContent message, Deadline deadline) {
        Metrics.Timer timer = metrics.startTimer(MetricNames.SPAMD_LATENCY);
        return request(message, deadline).thenApply(score -> {
            timer.stop();
            return counted(score);
        });
    }

    private CompletableFuture<SpamScore> request(MessageContent message, Deadline deadline) {
        if (message.size() > settings.maxSize()) {
            return done(SpamScore.notScanned("message of " + message.size() + " bytes is over spamd.maxSize " + settings.maxSize()));
        }
        Optional<String> open = circuit.openReason();
        if (open.isPresent()) {
            return done(SpamScore.unavailable(open.get()));
        }
        if (deadline.hasPassed()) {
            return done(SpamScore.unavailable("no time left before the caller's deadline"));
        }
        Request request = new Request(message, deadline);
        try {
            pool.execute(request);
        } catch (RejectedExecutionException e) {
            return done(SpamScore.unavailable("spamd client busy: " + settings.threads() + " request(s) running and "
                + settings.queue() + " waiting (spamd.threads, spamd.queue)"));
        }
        return request.result.completeOnTimeout(SpamScore.unavailable("no answer from spamd within the caller's deadline ("
            + deadline.remaining().toMillis() + " ms)"), deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
    }

    private SpamScore counted(SpamScore score) {
        if (score.isScored()) {
            scored.increment();
            metrics.increment(MetricNames.SPAMD_SCORED);
        } else if (score.status() == SpamScore.Status.NOT_SCANNED) {
            skipped.increment();
            metrics.increment(MetricNames.SPAMD_NOT_SCANNED);
        } else {
            failed.increment();
            metrics.increment(MetricNames.SPAMD_UNAVAILABLE);
            warnAtMostOncePerMinute(score.problem().orElse(""));
        }
        return score;
    }

    /** One request on a pool thread: dropped unsent when its caller has given up while it waited for the thread. */
    private final class Request implements Runnable {
        final CompletableFuture<SpamScore> result = new CompletableFuture<>();
        private final MessageContent message;
        private final Deadline deadline;

        Request(MessageContent message, Deadline deadline) {
            this.message = message;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            if (result.isDone() || deadline.hasPassed()) {
                dropped.increment();
                result.complete(SpamScore.unavailable("dropped unsent: the caller's deadline passed while the request waited for a thread"));
                return;
            }
            byte[] bytes;
            try {
                bytes = read(message);
            } catch (IOException | RuntimeException e) {
                result.complete(SpamScore.unavailable("cannot read the message: " + e.getMessage()));
                return;
            }
            if (bytes == null) {
                result.complete(SpamScore.notScanned("message is over spamd.maxSize " + settings.maxSize()));
                return;
            }
            SpamScore score = ask(bytes, deadline, result);
            if (score.isScored()) {
                circuit.succeeded();
            } else {
                circuit.failed(score.problem().orElse("no score"));
            }
            result.complete(score);
        }
    }

    private byte[] read(MessageContent message) throws IOException {
        LimitedBuffer buffer = new LimitedBuffer(settings.maxSize());
        message.writeTo(buffer);
        return buffer.overflowed ? null : buffer.toByteArray();
    }

    /** @param caller completed when the caller stops waiting: the socket is then closed, whatever it was doing */
    private SpamScore ask(byte[] message, Deadline deadline, CompletableFuture<SpamScore> caller) {
        try (Socket socket = new Socket()) {
            caller.whenComplete((score, failure) -> closeQuietly(socket));
            int connectTimeout = deadline.millisLeft(settings.connectTimeout());
            try {
                socket.connect(new InetSocketAddress(settings.host(), settings.port()), connectTimeout);
            } catch (SocketTimeoutException e) {
                return SpamScore.unavailable("spamd did not accept the connection " + bound(connectTimeout, settings.connectTimeout(), "spamd.connectTimeout"));
            }
            int readTimeout = deadline.millisLeft(settings.readTimeout());
            socket.setSoTimeout(readTimeout);
            try {
                return parse(exchange(socket, message));
            } catch (SocketTimeoutException e) {
                return SpamScore.unavailable("spamd did not answer " + bound(readTimeout, settings.readTimeout(), "spamd.readTimeout"));
            }
        } catch (IOException e) {
            if (caller.isDone()) {
                return SpamScore.unavailable("spamd did not answer before the caller's deadline");
            }
            return SpamScore.unavailable("spamd unreachable: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Sends the SYMBOLS request with the message on a connected socket and reads spamd's reply. */
    private byte[] exchange(Socket socket, byte[] message) throws IOException {
        OutputStream out = socket.getOutputStream();
        StringBuilder request = new StringBuilder("SYMBOLS SPAMC/1.5\r\nContent-length: ").append(message.length).append("\r\n");
        settings.user().ifPresent(user -> request.append("User: ").append(user).append("\r\n"));
        request.append("\r\n");
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(message);
        out.flush();
        socket.shutdownOutput();
        return readReply(socket.getInputStream());
    }

    /** Which limit ended a wait: the caller's deadline when it came before the setting, else the setting. */
    private static String bound(int waitedMillis, Duration setting, String settingName) {
        return waitedMillis < setting.toMillis()
            ? "before the caller's deadline (" + waitedMillis + " ms)"
            : "within " + waitedMillis + " ms (" + settingName + ")";
    }

    /** The SPAMD protocol's health check: {@code PING SPAMC/1.5} answered {@code SPAMD/1.5 0 PONG}. */
    boolean ping() {
        Deadline deadline = Deadline.in(PING_TIMEOUT);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(settings.host(), settings.port()), deadline.millisLeft(settings.connectTimeout()));
            socket.setSoTimeout(deadline.millisLeft(settings.readTimeout()));
            OutputStream out = socket.getOutputStream();
            out.write("PING SPAMC/1.5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new String(readReply(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            return reply.startsWith("SPAMD/") && reply.contains(" 0 PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing to unblock a read: nothing more to do
        }
    }

    private static CompletableFuture<SpamScore> done(SpamScore score) {
        return CompletableFuture.completedFuture(score);
    }

    private static byte[] readReply(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = in.read(chunk)) > 0) {
            reply.write(chunk, 0, n);
            if (reply.size() > MAX_REPLY_BYTES) {
                break;
            }
        }
        return reply.toByteArray();
    }

    /** Reads a spamd reply; anything unexpected is "no score". */
    static SpamScore parse(byte[] reply) {
        String text = new String(reply, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return SpamScore.unavailable("spamd reply incomplete");
        }
        String[] head = text.substring(0, end).split("\r\n");
        String[] status = head[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("SPAMD/")) {
            return SpamScore.unavailable("not a spamd reply");
        }
        if (!status[1].equals("0")) {
            return SpamScore.unavailable("spamd error " + status[1] + (status.length > 2 ? " " + status[2] : ""));
        }
        Optional<double[]> score = Optional.empty();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            if (colon > 0 && head[i].substring(0, colon).trim().equalsIgnoreCase("Spam")) {
                score = SpamStatus.spamdHeader(head[i].substring(colon + 1));
            }
        }
        if (score.isEmpty()) {
            return SpamScore.unavailable("spamd reply without a readable Spam: header");
        }
        List<String> rules = SpamStatus.rules(text.substring(end + 4));
        return SpamScore.scored(SpamScore.Source.SPAMD, score.get()[0], score.get()[1], rules);
    }

    public long scoredCount() {
        return scored.sum();
    }

    public long skippedCount() {
        return skipped.sum();
    }

    /** Callers answered "unavailable": spamd failed, the circuit was open, the pool was full. */
    public long failedCount() {
        return failed.sum();
    }

    /** Requests dropped unsent because their caller gave up while they waited for a thread. */
    public long droppedCount() {
        return dropped.sum();
    }

    /** How often the circuit opened. */
    public long circuitOpenings() {
        return circuit.openings();
    }

    /** Why spamd is not being asked right now, or empty when the circuit is closed. */
    public Optional<String> circuitOpen() {
        return circuit.openReason();
    }

    public SpamdSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        circuit.close();
        pool.shutdownNow();
    }

    /** Collects at most {@code limit} bytes and remembers whether there were more. */
    private static final class LimitedBuffer extends ByteArrayOutputStream {
        private final long limit;
        private boolean overflowed;

        LimitedBuffer(long limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            if (count + 1 > limit) {
                overflowed = true;
                return;
            }
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (count + (long) len > limit) {
                overflowed = true;
                len = (int) Math.max(0, limit - count);
            }
            super.write(b, off, len);
        }
    }

    /** spamd down must not flood James's log: one warning a minute, with the count of failures since the last. */
    private void warnAtMostOncePerMinute(String problem) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        long unreported = failuresSinceWarning.incrementAndGet();
        if ((last == 0 || now - last >= WARNING_INTERVAL_NANOS) && lastWarning.compareAndSet(last, now == 0 ? 1 : now)) {
            failuresSinceWarning.addAndGet(-unreported);
            LOGGER.warn("spamd at {}:{} gave no score: {} ({} failure(s) since the last warning; each rule's temporary outcome applies)",
                settings.host(), settings.port(), problem, unreported);
        } else {
            LOGGER.debug("spamd at {}:{} gave no score: {}", settings.host(), settings.port(), problem);
        }
    }
}
