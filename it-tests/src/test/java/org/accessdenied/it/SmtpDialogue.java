package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.X509TrustManager;

import org.apache.commons.net.smtp.AuthenticatingSMTPClient;

/** A real SMTP client from a chosen loopback source address (IPv4 or IPv6); every step returns the server's reply line. */
final class SmtpDialogue implements AutoCloseable {
    private final PipeliningClient client = new PipeliningClient();

    /** commons-net's client, able to send several commands in one write (RFC 2920) before reading their replies. */
    private static final class PipeliningClient extends AuthenticatingSMTPClient {
        void sendTogether(List<String> commands) throws IOException {
            _output_.write((String.join("\r\n", commands) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            _output_.flush();
        }
    }

    private SmtpDialogue() {
    }

    /** From {@code from} to James on the loopback address of the same family: 127.0.0.1, or ::1 for an IPv6 client. */
    static SmtpDialogue connect(String from, int port) throws IOException {
        SmtpDialogue dialogue = new SmtpDialogue();
        dialogue.client.setDefaultTimeout(15_000);
        InetAddress source = InetAddress.getByName(from);
        InetAddress server = InetAddress.getByName(source instanceof Inet6Address ? "::1" : "127.0.0.1");
        dialogue.client.connect(server, port, source, 0);
        return dialogue;
    }

    /** EHLO and MAIL FROM (both must get 250), then RCPT TO: the reply to RCPT. */
    static String rcptReply(String from, int port, String helo, String sender, String recipient) throws IOException {
        try (SmtpDialogue smtp = connect(from, port)) {
            smtp.expect250(smtp.ehlo(helo)).expect250(smtp.mailFrom(sender));
            return smtp.rcptTo(recipient);
        }
    }

    /**
     * EHLO, MAIL FROM and RCPT TO (each must get 250), a pause (the hook's lookups may finish before DATA), then the
     * message: the final reply.
     */
    static String send(String from, int port, String helo, String sender, String recipient, byte[] message,
                       Duration pauseBeforeData) throws IOException, InterruptedException {
        try (SmtpDialogue smtp = connect(from, port)) {
            smtp.expect250(smtp.ehlo(helo)).expect250(smtp.mailFrom(sender)).expect250(smtp.rcptTo(recipient));
            Thread.sleep(pauseBeforeData.toMillis());
            return smtp.data(message);
        }
    }

    /**
     * EHLO, then MAIL FROM and RCPT TO in one write, as a pipelining MTA sends them (each must get 250), then the
     * message: the final reply.
     */
    static String sendPipelined(String from, int port, String helo, String sender, String recipient, byte[] message) throws IOException {
        try (SmtpDialogue smtp = connect(from, port)) {
            smtp.expect250(smtp.ehlo(helo));
            smtp.mailFromAndRcptTos(sender, recipient).forEach(smtp::expect250);
            return smtp.data(message);
        }
    }

    private SmtpDialogue expect250(String reply) {
        assertThat(reply).startsWith("250");
        return this;
    }

    String ehlo(String helo) throws IOException {
        client.sendCommand("EHLO", helo);
        return reply();
    }

    /** STARTTLS, trusting what {@code trust} trusts and checking the server's name; the reply to STARTTLS. */
    String startTls(X509TrustManager trust) throws IOException {
        client.setTrustManager(trust);
        client.setEndpointCheckingEnabled(true);
        client.execTLS();
        return reply();
    }

    /** {@code AUTH PLAIN} with the initial response on the same line. */
    String auth(String user, String password) throws Exception {
        client.auth(AuthenticatingSMTPClient.AUTH_METHOD.PLAIN, user, password);
        return reply();
    }

    String mailFrom(String sender) throws IOException {
        client.sendCommand("MAIL FROM:<" + sender + ">");
        return reply();
    }

    /** MAIL FROM and a RCPT TO for each recipient in one write, as a pipelining MTA sends them: the replies, MAIL FROM's first. */
    List<String> mailFromAndRcptTos(String sender, String... recipients) throws IOException {
        List<String> commands = new ArrayList<>();
        commands.add("MAIL FROM:<" + sender + ">");
        for (String recipient : recipients) {
            commands.add("RCPT TO:<" + recipient + ">");
        }
        client.sendTogether(commands);
        List<String> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            client.getReply();
            replies.add(reply());
        }
        return replies;
    }

    String rcptTo(String recipient) throws IOException {
        client.sendCommand("RCPT TO:<" + recipient + ">");
        return reply();
    }

    /** DATA, the message (CRLF line ends, dot-stuffed by the client), and the final reply. */
    String data(byte[] message) throws IOException {
        java.io.Writer writer = client.sendMessageData();
        if (writer == null) {
            return reply();
        }
        // ISO-8859-1 maps each byte to one char: 8-bit content goes out byte for byte
        writer.write(new String(message, java.nio.charset.StandardCharsets.ISO_8859_1));
        writer.close();
        client.completePendingCommand();
        return reply();
    }

    private String reply() {
        return client.getReplyString().trim();
    }

    @Override
    public void close() throws IOException {
        try {
            client.quit();
        } catch (IOException ignored) {
            // the server may have closed first
        }
        client.disconnect();
    }
}
