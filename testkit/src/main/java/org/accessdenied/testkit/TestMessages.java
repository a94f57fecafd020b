package org.accessdenied.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The test messages under {@code /messages}: gtube.eml (1000), ham.eml (0.0), middle-band.eml (8.6). */
public final class TestMessages {
    private TestMessages() {
    }

    /** The file as stored (LF line ends). */
    public static byte[] raw(String name) {
        try (InputStream in = TestMessages.class.getResourceAsStream("/messages/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test message /messages/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message as it travels over SMTP: every line ending CRLF. */
    public static byte[] smtp(String name) {
        byte[] raw = raw(name);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 40);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(raw[i]);
        }
        return out.toByteArray();
    }
}
