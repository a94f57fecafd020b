package org.accessdenied.core.spam;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.accessdenied.core.check.MessageContent;

/**
 * Asks spamd for a message's score over the SPAMD protocol ({@code SYMBOLS SPAMC/1.5}: the {@code CHECK} reply plus
 * the names of the rules that fired), with Content-length, connect and read timeouts and a size limit. Runs on a
 * small bounded pool of its own. spamd down, slow, over-size or answering garbage gives "no score" (logged and
 * counted), never an exception.
 */
public final class SpamdClient implements AutoCloseable {
    private static final long WARNING_INTERVAL_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
    private final java.util.concurrent.atomic.AtomicLong lastWarning = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failuresSinceWarning = new java.util.concurrent.atomic.AtomicLong();
    private static final Logger LOGGER = LoggerFactory.getLogger(SpamdClient.class);
    private static final int MAX_REPLY_BYTES = 64 * 1024;

    private final SpamdSettings settings;
    private final ThreadPoolExecutor pool;
    private final LongAdder scored = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder failed = new LongAdder();

    public SpamdClient(SpamdSettings settings) {
        this.settings = settings;
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), runnable -> {
            Thread thread = new Thread(runnable, "access-denied-spamd-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public CompletableFuture<SpamScore> score(MessageContent message) {
        try {
            return CompletableFuture.supplyAsync(() -> scoreNow(message), pool);
        } catch (RejectedExecutionException e) {
            failed.increment();
            return CompletableFuture.completedFuture(SpamScore.unavailable("spamd client busy"));
        }
    }

    /** Asks spamd on the calling thread. */
    public SpamScore scoreNow(MessageContent message) {
        if (message.size() > settings.maxSize()) {
            skipped.increment();
            return SpamScore.notScanned("message of " + message.size() + " bytes is over spamd.maxSize " + settings.maxSize());
        }
        byte[] bytes;
        try {
            bytes = read(message);
        } catch (IOException e) {
            failed.increment();
            return SpamScore.unavailable("cannot read the message: " + e.getMessage());
        }
        if (bytes == null) {
            skipped.increment();
            return SpamScore.notScanned("message is over spamd.maxSize " + settings.maxSize());
        }
        SpamScore result = ask(bytes);
        if (result.isScored()) {
            scored.increment();
        } else {
            failed.increment();
            warnAtMostOncePerMinute(result.problem().orElse(""));
        }
        return result;
    }

    private byte[] read(MessageContent message) throws IOException {
        LimitedBuffer buffer = new LimitedBuffer(settings.maxSize());
        message.writeTo(buffer);
        return buffer.overflowed ? null : buffer.toByteArray();
    }

    private SpamScore ask(byte[] message) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(settings.host(), settings.port()), (int) settings.connectTimeout().toMillis());
            socket.setSoTimeout((int) settings.readTimeout().toMillis());
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("SYMBOLS SPAMC/1.5\r\nContent-length: ").append(message.length).append("\r\n");
            settings.user().ifPresent(user -> request.append("User: ").append(user).append("\r\n"));
            request.append("\r\n");
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(message);
            out.flush();
            socket.shutdownOutput();
            return parse(readReply(socket.getInputStream()));
        } catch (SocketTimeoutException e) {
            return SpamScore.unavailable("spamd did not answer within " + settings.readTimeout().toMillis() + " ms");
        } catch (IOException e) {
            return SpamScore.unavailable("spamd unreachable: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
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

    public long failedCount() {
        return failed.sum();
    }

    public SpamdSettings settings() {
        return settings;
    }

    @Override
    public void close() {
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
            LOGGER.warn("spamd at {}:{} gave no score: {} ({} failure(s) since the last warning; mails are delivered unscored)",
                settings.host(), settings.port(), problem, unreported);
        } else {
            LOGGER.debug("spamd at {}:{} gave no score: {}", settings.host(), settings.port(), problem);
        }
    }
}
