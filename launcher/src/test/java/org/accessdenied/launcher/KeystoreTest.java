package org.accessdenied.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keystores made for real with this JDK's keytool. */
class KeystoreTest {
    @TempDir
    Path tmp;

    private static String tls(String startTls, String type, String secret) {
        return "<tls socketTLS=\"false\" startTLS=\"" + startTls + "\"><keystore>file://conf/keystore</keystore>"
            + "<keystoreType>" + type + "</keystoreType><secret>" + secret + "</secret></tls>";
    }

    private Path conf(String smtpTls, String imapTls) throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(conf.resolve("smtpserver.xml"), "<smtpservers><!-- <tls startTLS=\"true\"><keystore>file://conf/other"
            + "</keystore></tls> --><smtpserver>" + smtpTls + "</smtpserver></smtpservers>");
        Files.writeString(conf.resolve("imapserver.xml"), "<imapservers><imapserver>" + imapTls + "</imapserver></imapservers>");
        return conf;
    }

    private static X509Certificate certificate(Path keystore, String secret) throws Exception {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret.toCharArray());
            assertThat(store.isKeyEntry(Keystore.ALIAS)).isTrue();
            return (X509Certificate) store.getCertificate(Keystore.ALIAS);
        }
    }

    @Test
    void provideShouldMakeOneSelfSignedKeystoreAndKeepItFromOneStartToTheNext() throws Exception {
        Path conf = conf(tls("true", "PKCS12", "change-me"), tls("true", "PKCS12", "change-me"));
        Path kept = tmp.resolve("home-tls");

        List<Keystore> first = Keystore.provide(conf, kept);
        assertThat(first).singleElement().satisfies(k -> {
            assertThat(k.origin()).isEqualTo(Keystore.Origin.SELF_SIGNED);
            assertThat(k.file()).isEqualTo(kept.resolve("keystore"));
        });
        X509Certificate made = certificate(conf.resolve("keystore"), "change-me");
        assertThat(made.getSubjectX500Principal().getName()).isEqualTo("CN=" + Keystore.hostName());
        assertThat(made.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).contains("localhost", "127.0.0.1");
        assertThat(conf.resolve("other")).doesNotExist();

        Files.delete(conf.resolve("keystore"));
        Keystore.provide(conf, kept);
        assertThat(certificate(conf.resolve("keystore"), "change-me")).isEqualTo(made);
    }

    @Test
    void provideShouldMakeTheKeystoreAnewWhenTheSecretChanged() throws Exception {
        Path kept = tmp.resolve("home-tls");
        X509Certificate before;
        {
            Path conf = conf(tls("true", "PKCS12", "change-me"), "");
            Keystore.provide(conf, kept);
            before = certificate(conf.resolve("keystore"), "change-me");
        }
        Path conf = conf(tls("true", "PKCS12", "another-secret"), "");
        Files.delete(conf.resolve("keystore"));
        Keystore.provide(conf, kept);
        assertThat(certificate(conf.resolve("keystore"), "another-secret")).isNotEqualTo(before);
    }

    @Test
    void provideShouldLeaveTheSetsOwnKeystoreAsItIs() throws Exception {
        Path conf = conf(tls("true", "PKCS12", "change-me"), "");
        Files.writeString(conf.resolve("keystore"), "the admin's own, not even a keystore");

        assertThat(Keystore.provide(conf, tmp.resolve("home-tls"))).singleElement().satisfies(k -> {
            assertThat(k.origin()).isEqualTo(Keystore.Origin.CONFIGURATION_SET);
            assertThat(k.file()).isEqualTo(conf.resolve("keystore"));
        });
        assertThat(conf.resolve("keystore")).hasContent("the admin's own, not even a keystore");
        assertThat(tmp.resolve("home-tls")).doesNotExist();
    }

    @Test
    void provideShouldMakeNothingWhenTlsIsOff() throws Exception {
        Path conf = conf(tls("false", "PKCS12", "change-me"), "<tls startTLS=\"true\"><privateKey>file://conf/key.pem</privateKey></tls>");
        assertThat(Keystore.provide(conf, tmp.resolve("home-tls"))).isEmpty();
        assertThat(conf.resolve("keystore")).doesNotExist();
    }

    @Test
    void provideShouldRefuseOneKeystoreWithTwoSecrets() throws Exception {
        Path conf = conf(tls("true", "PKCS12", "change-me"), tls("true", "PKCS12", "other-secret"));
        assertThatThrownBy(() -> Keystore.provide(conf, tmp.resolve("home-tls")))
            .hasMessageContaining("conf/imapserver.xml").hasMessageContaining("conf/smtpserver.xml")
            .hasMessageContaining("<secret>");
    }

    @Test
    void provideShouldRefuseASecretKeytoolCannotUse() throws Exception {
        Path conf = conf(tls("true", "PKCS12", "short"), "");
        assertThatThrownBy(() -> Keystore.provide(conf, tmp.resolve("home-tls")))
            .hasMessageContaining("conf/smtpserver.xml (<tls> of smtpserver): <secret> must have at least 6 characters");
    }
}
