package org.accessdenied.core.spam;

import java.io.IOException;
import java.io.OutputStream;

/** The raw message of a transaction, as the server received it, read only when a check needs it. */
public interface MessageContent {
    /** Size in bytes (may be an estimate from the server; -1 if unknown). */
    long size();

    /** Writes the message, headers and body, as received. */
    void writeTo(OutputStream out) throws IOException;

    /** A message held in memory. */
    static MessageContent of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new MessageContent() {
            @Override
            public long size() {
                return copy.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(copy);
            }
        };
    }
}
