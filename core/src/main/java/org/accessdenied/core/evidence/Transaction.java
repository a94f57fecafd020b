package org.accessdenied.core.evidence;

import java.util.Optional;

import org.accessdenied.core.spam.SpamScore;
import org.accessdenied.core.text.SafeText;
import org.accessdenied.core.time.Deadline;
import org.accessdenied.core.spam.MessageContent;

/**
 * What a transaction has told so far: the envelope sender once MAIL FROM is given, the message once DATA ends; and
 * until when the caller waits for a verdict on it, so that slow work done for it (spamd) stops by then.
 */
public final class Transaction {
    private static final Transaction NONE = new Transaction(Optional.empty(), Optional.empty(), "", Optional.empty(), Optional.empty());

    private final Optional<String> sender;
    private final Optional<MessageContent> message;
    private final String messageKey;
    private final Optional<SpamScore> trustedScore;
    private final Optional<Deadline> deadline;

    private Transaction(Optional<String> sender, Optional<MessageContent> message, String messageKey, Optional<SpamScore> trustedScore,
                        Optional<Deadline> deadline) {
        this.sender = sender;
        this.message = message;
        this.messageKey = messageKey;
        this.trustedScore = trustedScore;
        this.deadline = deadline;
    }

    /** Connection level: no MAIL FROM yet. */
    public static Transaction none() {
        return NONE;
    }

    /** @param sender the reverse path without brackets, {@code ""} for the null sender ({@code MAIL FROM:<>}) */
    public static Transaction of(String sender) {
        return new Transaction(Optional.of(sender), Optional.empty(), "", Optional.empty(), Optional.empty());
    }

    /** @param key names the message within its connection (James's mail name), so its score is computed once */
    public Transaction withMessage(String key, MessageContent content) {
        return new Transaction(sender, Optional.of(content), key, trustedScore, deadline);
    }

    /** A score from a source the admin trusts (James's own scanner, a trusted upstream filter): spamd is not asked. */
    public Transaction withTrustedScore(SpamScore score) {
        return new Transaction(sender, message, messageKey, Optional.of(score), deadline);
    }

    /** The caller waits for its verdict until then (the end-of-DATA deadline, {@code check.deadline} in the spooler). */
    public Transaction withDeadline(Deadline until) {
        return new Transaction(sender, message, messageKey, trustedScore, Optional.of(until));
    }

    /** The reverse path; {@code ""} is the null sender; empty before MAIL FROM. */
    public Optional<String> sender() {
        return sender;
    }

    public Optional<MessageContent> message() {
        return message;
    }

    public String messageKey() {
        return messageKey;
    }

    public Optional<SpamScore> trustedScore() {
        return trustedScore;
    }

    /** Until when the caller waits; empty: no caller deadline (the command-line tool), the work's own timeouts apply. */
    public Optional<Deadline> deadline() {
        return deadline;
    }

    /** The sender for logs and replies: {@code <>} for the null sender, printable, bounded. */
    public String senderText() {
        return sender.map(s -> s.isEmpty() ? "<>" : SafeText.printable(s, 320)).orElse("(none)");
    }

    @Override
    public String toString() {
        return "transaction[from=" + senderText() + message.map(m -> ", " + m.size() + " bytes").orElse("") + "]";
    }
}
