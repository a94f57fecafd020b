package org.accessdenied.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A raw SMTP client from a chosen loopback source address that writes exactly the bytes it is given (hostile input
 * included) and times every reply. No STARTTLS, no pipelining: one command, one reply.
 */
final class SmtpProbe implements AutoCloseable {
    /** One reply: its code (0 when the connection closed or timed out first), its text and how long it took. */
    static final class Reply {
        final int code;
        final String text;
        final long millis;

        Reply(int code, String text, long millis) {
            this.code = code;
            this.text = text;
            this.millis = millis;
        }

        boolean is(int first) {
            return code / 100 == first;
        }

        @Override
        public String toString() {
            return code == 0 ? "(" + text + ")" : text;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    final Reply banner;

    private SmtpProbe(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        long t0 = System.nanoTime();
        this.banner = read(t0);
    }

    static SmtpProbe connect(String source, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            return new SmtpProbe(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one command line (CRLF added) as ISO-8859-1 bytes: any byte value can be sent. */
    Reply command(String line) throws IOException {
        return raw((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    Reply raw(byte[] bytes) throws IOException {
        long t0 = System.nanoTime();
        out.write(bytes);
        out.flush();
        return read(t0);
    }

    /** DATA, the message (dot-stuffed, CRLF line ends expected) and the end-of-data reply; the DATA reply if not 354. */
    Reply data(byte[] message) throws IOException {
        Reply go = command("DATA");
        if (go.code != 354) {
            return go;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String text = new String(message, StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r\n", -1)) {
            body.writeBytes(((line.startsWith(".") ? "." : "") + line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        body.writeBytes(".\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return raw(body.toByteArray());
    }

    /** EHLO, MAIL FROM, RCPT TO and, when RCPT was accepted, DATA: the last reply the server gave. */
    Reply transaction(String helo, String sender, String recipient, byte[] message) throws IOException {
        Reply reply = command("EHLO " + helo);
        if (!reply.is(2)) {
            return reply;
        }
        reply = command("MAIL FROM:<" + sender + ">");
        if (!reply.is(2)) {
            return reply;
        }
        reply = command("RCPT TO:<" + recipient + ">");
        if (!reply.is(2)) {
            return reply;
        }
        return data(message);
    }

    private Reply read(long t0) {
        StringBuilder all = new StringBuilder();
        try {
            while (true) {
                String line = readLine();
                if (line == null) {
                    return new Reply(0, "connection closed" + (all.length() > 0 ? " after " + all : ""), elapsed(t0));
                }
                all.append(all.length() > 0 ? " / " : "").append(line);
                if (line.length() < 4 || line.charAt(3) != '-') {
                    int code = line.length() >= 3 && line.substring(0, 3).chars().allMatch(Character::isDigit)
                        ? Integer.parseInt(line.substring(0, 3)) : 0;
                    return new Reply(code, all.toString(), elapsed(t0));
                }
            }
        } catch (IOException e) {
            return new Reply(0, e.getClass().getSimpleName() + ": " + e.getMessage(), elapsed(t0));
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() < 8192) {
                line.write(b);
            }
        }
        return line.size() > 0 ? line.toString(StandardCharsets.ISO_8859_1) : null;
    }

    private static long elapsed(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Override
    public void close() {
        try {
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException ignored) {
            // the server may have closed first
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
