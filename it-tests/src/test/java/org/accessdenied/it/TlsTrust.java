package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import javax.net.ssl.X509TrustManager;

import org.apache.commons.net.imap.IMAPSClient;

import org.accessdenied.launcher.JamesHome;
import org.accessdenied.launcher.Keystore;

/**
 * The test clients' side of TLS: they trust exactly the certificate of the James home's {@code conf/keystore} (the
 * self-signed one bin/james made, or the set's own), nothing else.
 */
final class TlsTrust {
    /** The {@code <secret>} of the conf-samples' {@code <tls>} elements. */
    static final String SAMPLE_SECRET = "change-me";

    private TlsTrust() {
    }

    static X509TrustManager of(JamesHome home) {
        return Keystore.trusting(home.confDir().resolve("keystore"), SAMPLE_SECRET);
    }

    /** An IMAP client connected to the home's IMAP port, after STARTTLS (not logged in). */
    static IMAPSClient imapOverStartTls(JamesHome home) throws IOException {
        IMAPSClient imap = new IMAPSClient(false);
        imap.setDefaultTimeout(30_000);
        imap.setTrustManager(of(home));
        imap.setEndpointCheckingEnabled(true);
        imap.connect("127.0.0.1", home.imapPort());
        try {
            assertThat(imap.execTLS()).as("IMAP STARTTLS: " + imap.getReplyString()).isTrue();
        } catch (IOException | RuntimeException | Error e) {
            imap.disconnect();
            throw e;
        }
        return imap;
    }
}
