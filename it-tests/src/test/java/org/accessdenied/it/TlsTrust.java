package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.apache.commons.net.imap.IMAPSClient;

import org.accessdenied.launcher.JamesHome;

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
        try (InputStream in = Files.newInputStream(home.confDir().resolve("keystore"))) {
            KeyStore served = KeyStore.getInstance("PKCS12");
            served.load(in, SAMPLE_SECRET.toCharArray());
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            for (String alias : java.util.Collections.list(served.aliases())) {
                Certificate certificate = served.getCertificate(alias);
                trusted.setCertificateEntry(alias, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager) {
                    return (X509TrustManager) manager;
                }
            }
            throw new IllegalStateException("no X509TrustManager");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + home.confDir().resolve("keystore") + ": " + e.getMessage(), e);
        }
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
