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
 * {@code maxExecutorCount} on 3.8.2 and later); a paused connection holds none, and its next command waits in the
 * socket, read the moment the lookups are in. Reading pauses twice: after HELO/EHLO, until the lookups started at
 * connect and HELO are in (PTR, forward confirmation, DNSBL zones, the HELO name), so that a client pipelining MAIL
 * FROM, RCPT TO and DATA (RFC 2920; most MTAs do) sends them to a server whose evidence is mostly in; and after MAIL
 * FROM, until SPF is in too. A command read together with MAIL FROM waits in the hook for what is left (SPF, when the
 * sender's domain is not cached), as it always did. The RCPT TO's wait after MAIL FROM, pause included, ends at one
 * deadline counted from MAIL FROM; its decision line's {@code waited=} counts both pauses.
 */
final class CommandReadPause {
    private static final ProtocolSession.AttachmentKey<CommandReadPause> AFTER_HELO =
        ProtocolSession.AttachmentKey.of("accessdenied.readPause.helo", CommandReadPause.class);
    private static final ProtocolSession.AttachmentKey<CommandReadPause> AFTER_MAIL =
        ProtocolSession.AttachmentKey.of("accessdenied.readPause.mail", CommandReadPause.class);

    /** When the RCPT TO after a pause after MAIL FROM stops waiting (a pause after HELO/EHLO bounds only itself). */
    final Deadline deadline;
    private final long started = System.nanoTime();
    private volatile long resumed;

    private CommandReadPause(Deadline deadline) {
        this.deadline = deadline;
    }

    /** Pauses reading after HELO/EHLO until {@code in} completes or {@code longest} has passed (see {@link #start}). */
    static void afterHelo(SMTPSession session, CompletableFuture<Void> in, Duration longest) {
        start(session, in, longest).ifPresent(pause -> session.setAttachment(AFTER_HELO, pause, ProtocolSession.State.Connection));
    }

    /** Pauses reading after MAIL FROM until {@code in} completes or {@code longest} has passed (see {@link #start}). */
    static void afterMail(SMTPSession session, CompletableFuture<Void> in, Duration longest) {
        start(session, in, longest).ifPresent(pause -> session.setAttachment(AFTER_MAIL, pause, ProtocolSession.State.Transaction));
    }

    /**
     * Pauses reading from {@code session}'s client until {@code in} completes, or {@code longest} has passed (the
     * lookups have deadlines of their own: this only guarantees that no connection stays paused). Nothing is paused
     * when the evidence is already in, on a session James did not make (no transport to pause), or when reading is off
     * already (James pauses it around STARTTLS, and resumes it).
     */
    private static Optional<CommandReadPause> start(SMTPSession session, CompletableFuture<Void> in, Duration longest) {
        if (in.isDone() || !(session instanceof ProtocolSessionImpl)) {
            return Optional.empty();
        }
        ProtocolTransport transport = ((ProtocolSessionImpl) session).getProtocolTransport();
        if (!transport.isReadable()) {
            return Optional.empty();
        }
        CommandReadPause pause = new CommandReadPause(Deadline.in(longest));
        transport.setReadable(false);
        in.copy().orTimeout(longest.toNanos(), TimeUnit.NANOSECONDS).whenComplete((ignored, failure) -> {
            pause.resumed = System.nanoTime();
            transport.setReadable(true);
        });
        return Optional.of(pause);
    }

    /** The pause after MAIL FROM, if there was one; removed, so that a later RCPT TO has a wait of its own. */
    static Optional<CommandReadPause> takeAfterMail(SMTPSession session) {
        return session.removeAttachment(AFTER_MAIL, ProtocolSession.State.Transaction);
    }

    /** How long the commands after HELO/EHLO were not read, counted once: by the first RCPT TO after it. */
    static long takeAfterHeloNanos(SMTPSession session) {
        return session.<CommandReadPause>removeAttachment(AFTER_HELO, ProtocolSession.State.Connection).map(CommandReadPause::pausedNanos).orElse(0L);
    }

    /** How long the client's commands were not read: the part of the RCPT TO's wait spent in the socket. */
    long pausedNanos() {
        long end = resumed;
        return (end == 0 ? System.nanoTime() : end) - started;
    }
}
