package org.accessdenied.smtp;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.smtp.SMTPSession;

import org.accessdenied.core.time.Deadline;

/**
 * A client's commands not read until the evidence its RCPT TO needs is in. A hook that waited for the DNS at RCPT TO
 * would hold a James thread meanwhile (a network thread on James 3.8.1, shared by every connection it serves; one of
 * {@code maxExecutorCount} on 3.8.2 and later); a paused connection holds none, and its RCPT TO waits in the socket,
 * read the moment the lookups are in. A command read together with MAIL FROM (a pipelining client) is handled at once
 * and waits in the hook, as it always did. Either way the RCPT TO's wait, pause included, ends at one deadline counted
 * from MAIL FROM.
 */
final class CommandReadPause {
    private static final ProtocolSession.AttachmentKey<CommandReadPause> KEY =
        ProtocolSession.AttachmentKey.of("accessdenied.readPause", CommandReadPause.class);

    /** When the RCPT TO that follows stops waiting. */
    final Deadline deadline;
    private final long started = System.nanoTime();
    private volatile long resumed;

    private CommandReadPause(Deadline deadline) {
        this.deadline = deadline;
    }

    /**
     * Pauses reading from {@code session}'s client until {@code in} completes, or {@code longest} has passed (the
     * lookups have deadlines of their own: this only guarantees that no connection stays paused). Nothing is paused
     * when the evidence is already in, on a session James did not make (no transport to pause), or when reading is off
     * already (James pauses it around STARTTLS, and resumes it).
     */
    static void start(SMTPSession session, CompletableFuture<Void> in, Duration longest) {
        if (in.isDone() || !(session instanceof ProtocolSessionImpl)) {
            return;
        }
        ProtocolTransport transport = ((ProtocolSessionImpl) session).getProtocolTransport();
        if (!transport.isReadable()) {
            return;
        }
        CommandReadPause pause = new CommandReadPause(Deadline.in(longest));
        session.setAttachment(KEY, pause, ProtocolSession.State.Transaction);
        transport.setReadable(false);
        in.copy().orTimeout(longest.toNanos(), TimeUnit.NANOSECONDS).whenComplete((ignored, failure) -> {
            pause.resumed = System.nanoTime();
            transport.setReadable(true);
        });
    }

    /** The pause before this RCPT TO, if there was one; removed, so that a later RCPT TO has a wait of its own. */
    static Optional<CommandReadPause> take(SMTPSession session) {
        return session.removeAttachment(KEY, ProtocolSession.State.Transaction);
    }

    /** How long the client's commands were not read: the part of the RCPT TO's wait spent in the socket. */
    long pausedNanos() {
        long end = resumed;
        return (end == 0 ? System.nanoTime() : end) - started;
    }
}
