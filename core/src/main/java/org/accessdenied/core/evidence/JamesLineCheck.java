package org.accessdenied.core.evidence;

import java.util.Optional;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start-up which jar runs in which James line, and refuses the wrong line. Both jars come from the same
 * sources: access-denied-james38 links against javax.mail (James 3.8), access-denied-james39 against jakarta.mail
 * (James 3.9), its build rewriting every {@code javax.mail.} name to {@code jakarta.mail.} -- {@link #BUILT_FOR} too.
 * The running James tells its line by the type its {@link Mail#getMessage()} returns.
 * <p>
 * It runs twice: from {@link JamesLineModule} when extensions.properties loads it (the samples do), first thing at
 * start-up, before the JVM could refuse a class of the pack; and when the evidence engine is made, as the line's INFO
 * at start-up. Without the module the JVM refuses a wrong jar first, in its own words: {@code NoClassDefFoundError:
 * javax/mail/MessagingException} in James 3.9, {@code UnsupportedClassVersionError} in James 3.8 on Java 17.
 */
final class JamesLineCheck {
    private static final Logger LOGGER = LoggerFactory.getLogger(JamesLineCheck.class);

    /** The message type of the mail API this jar is compiled against (the 3.9 build rewrites it). */
    static final String BUILT_FOR = "javax.mail.internet.MimeMessage";

    private JamesLineCheck() {
    }

    /**
     * Logs the line at INFO when it is the right one.
     *
     * @throws IllegalStateException (logged at ERROR too) saying which jar this James needs
     */
    static void verify() {
        String running;
        try {
            running = Mail.class.getMethod("getMessage").getReturnType().getName();
        } catch (NoSuchMethodException | LinkageError e) {
            running = "unknown (" + e + ")";
        }
        Optional<String> problem = problem(BUILT_FOR, running);
        if (problem.isPresent()) {
            LOGGER.error(problem.get());
            throw new IllegalStateException(problem.get());
        }
        LOGGER.info("Access Denied {} for James {} ({})", jar(BUILT_FOR), line(BUILT_FOR), api(BUILT_FOR));
    }

    /** Why a jar built against the message type {@code builtFor} cannot run in a James whose mails carry {@code running}. */
    static Optional<String> problem(String builtFor, String running) {
        if (builtFor.equals(running)) {
            return Optional.empty();
        }
        String wanted = running.startsWith("jakarta.") || running.startsWith("javax.")
            ? jar(running) + "-VERSION.jar (for James " + line(running) + ")"
            : "the Access Denied jar for this James line";
        return Optional.of("Access Denied: wrong jar for this James. " + jar(builtFor) + " is built for James "
            + line(builtFor) + " (" + api(builtFor) + "), but this James's mails are " + running + ". Replace it in"
            + " extensions-jars/ with " + wanted + ".");
    }

    private static boolean jakarta(String messageType) {
        return messageType.startsWith("jakarta.");
    }

    private static String line(String messageType) {
        return jakarta(messageType) ? "3.9" : "3.8";
    }

    private static String jar(String messageType) {
        return jakarta(messageType) ? "access-denied-james39" : "access-denied-james38";
    }

    private static String api(String messageType) {
        return jakarta(messageType) ? "jakarta.mail, Java 21" : "javax.mail, Java 11";
    }
}
