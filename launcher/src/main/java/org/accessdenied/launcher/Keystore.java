package org.accessdenied.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A keystore that an enabled {@code <tls>} (startTLS or socketTLS) of a James home's {@code conf/*.xml} names as
 * {@code <keystore>file://conf/NAME</keystore>}. One the configuration set brings is used as it is. A missing one is
 * made once, self-signed, in {@code HOME/tls/NAME} with this JDK's keytool, the {@code <keystoreType>} and
 * {@code <secret>} of the XML and the host's name, and copied into {@code conf/} at every start: the same certificate
 * from one run to the next. Keystores named otherwise ({@code file:///etc/...}, PEM files) are the admin's business.
 */
public final class Keystore {
    public enum Origin { CONFIGURATION_SET, SELF_SIGNED }

    static final String PREFIX = "file://conf/";
    static final String ALIAS = "james";
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Set<String> TRUE = Set.of("true", "yes", "on");

    private final String name;
    private final String type;
    private final Path file;
    private final Origin origin;

    private Keystore(String name, String type, Path file, Origin origin) {
        this.name = name;
        this.type = type;
        this.file = file;
        this.origin = origin;
    }

    /** The path under {@code conf/}, e.g. {@code keystore}. */
    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    /** Where it is: {@code HOME/conf/NAME} as the set brought it, or {@code HOME/tls/NAME} for a self-signed one. */
    public Path file() {
        return file;
    }

    public Origin origin() {
        return origin;
    }

    /**
     * What a client of this home's servers trusts: exactly the certificates in the keystore file (PKCS12 here),
     * nothing else. For the tests and tools that talk to a James started with a self-signed certificate.
     */
    public static javax.net.ssl.X509TrustManager trusting(Path keystore, String secret) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore served = KeyStore.getInstance("PKCS12");
            served.load(in, secret.toCharArray());
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            for (String alias : java.util.Collections.list(served.aliases())) {
                trusted.setCertificateEntry(alias, served.getCertificate(alias));
            }
            javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            for (javax.net.ssl.TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof javax.net.ssl.X509TrustManager) {
                    return (javax.net.ssl.X509TrustManager) manager;
                }
            }
            throw new IllegalStateException("no X509TrustManager");
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + keystore + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return (origin == Origin.SELF_SIGNED ? "self-signed " : "") + type + " keystore " + file;
    }

    /** What one {@code <tls>} element asks for. */
    static final class Wanted {
        final String name;
        final String type;
        final String secret;
        final String where;

        Wanted(String name, String type, String secret, String where) {
            this.name = name;
            this.type = type;
            this.secret = secret;
            this.where = where;
        }
    }

    /**
     * Every keystore the enabled {@code <tls>} elements of {@code confDir} name under {@code conf/}: left as it is when
     * {@code confDir} has it (it came with the set), else made in {@code selfSignedDir} if not there yet (or no longer
     * opening with the secret) and copied into {@code confDir}.
     *
     * @throws IllegalStateException naming the file and element when the XML cannot be used or keytool fails
     */
    static List<Keystore> provide(Path confDir, Path selfSignedDir) {
        Map<String, Wanted> wanted = new LinkedHashMap<>();
        for (Wanted w : wanted(confDir)) {
            Wanted before = wanted.putIfAbsent(w.name, w);
            if (before != null && (!before.type.equalsIgnoreCase(w.type) || !before.secret.equals(w.secret))) {
                throw new IllegalStateException(before.where + " and " + w.where + " name the keystore " + PREFIX + w.name
                    + " with a different <keystoreType> or <secret>: one keystore, one type, one secret");
            }
        }
        List<Keystore> provided = new ArrayList<>();
        try {
            for (Wanted w : wanted.values()) {
                Path inConf = confDir.resolve(w.name);
                if (Files.isRegularFile(inConf)) {
                    provided.add(new Keystore(w.name, w.type, inConf, Origin.CONFIGURATION_SET));
                    continue;
                }
                Path kept = selfSignedDir.resolve(w.name);
                if (!opens(kept, w)) {
                    generate(kept, w, hostName());
                }
                Files.createDirectories(inConf.getParent());
                Files.copy(kept, inConf, StandardCopyOption.REPLACE_EXISTING);
                ownerOnly(inConf);
                provided.add(new Keystore(w.name, w.type, kept, Origin.SELF_SIGNED));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not provide a TLS keystore: " + e.getMessage(), e);
        }
        return List.copyOf(provided);
    }

    static List<Wanted> wanted(Path confDir) {
        List<Wanted> all = new ArrayList<>();
        try (DirectoryStream<Path> xmls = Files.newDirectoryStream(confDir, "*.xml")) {
            for (Path xml : xmls) {
                NodeList tls = parse(xml).getElementsByTagName("tls");
                for (int i = 0; i < tls.getLength(); i++) {
                    Element e = (Element) tls.item(i);
                    if (!isTrue(e.getAttribute("startTLS")) && !isTrue(e.getAttribute("socketTLS"))) {
                        continue;
                    }
                    String keystore = child(e, "keystore");
                    if (keystore == null || !keystore.startsWith(PREFIX)) {
                        continue;
                    }
                    String where = "conf/" + xml.getFileName() + " (<tls> of " + ((Element) e.getParentNode()).getTagName() + ")";
                    String name = keystore.substring(PREFIX.length());
                    if (name.isEmpty() || name.contains("..") || name.startsWith("/")) {
                        throw new IllegalStateException(where + ": <keystore>" + keystore + "</keystore> names no file under conf/");
                    }
                    String type = Objects.requireNonNullElse(child(e, "keystoreType"), "JKS");
                    String secret = Objects.requireNonNullElse(child(e, "secret"), "");
                    all.add(new Wanted(name, type, secret, where));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + confDir + ": " + e.getMessage(), e);
        }
        return all;
    }

    private static Document parse(Path xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setIgnoringComments(true);
            return factory.newDocumentBuilder().parse(xml.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + xml + ": " + e.getMessage(), e);
        }
    }

    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
                return n.getTextContent().trim();
            }
        }
        return null;
    }

    private static boolean isTrue(String attribute) {
        return TRUE.contains(attribute.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether a keystore made before is there and opens with the secret the XML names now. */
    private static boolean opens(Path file, Wanted w) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(w.type);
            store.load(in, w.secret.toCharArray());
            return store.isKeyEntry(ALIAS);
        } catch (Exception e) {
            return false;
        }
    }

    /** keytool -genkeypair, the secret passed through the environment (not visible in the process list). */
    static void generate(Path file, Wanted w, String host) throws IOException {
        if (w.secret.length() < 6) {
            throw new IllegalStateException(w.where + ": <secret> must have at least 6 characters for bin/james to make"
                + " a self-signed keystore (keytool's rule); or put your own keystore in the configuration set as " + w.name);
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IllegalStateException("cannot make a self-signed keystore: no keytool at " + keytool
                + " (install a full JDK, or put your own keystore in the configuration set as " + w.name + ")");
        }
        Files.createDirectories(file.getParent());
        Path fresh = Files.createTempDirectory(file.getParent(), ".keytool-").resolve("keystore");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA",
            "-keysize", "2048", "-validity", "3650", "-storetype", w.type, "-keystore", fresh.toString(),
            "-storepass:env", "KEYSTORE_SECRET", "-keypass:env", "KEYSTORE_SECRET", "-dname", "CN=" + host,
            "-ext", "SAN=" + subjectAlternativeNames(host), "-noprompt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KEYSTORE_SECRET", w.secret);
        try {
            Process keytoolRun = builder.start();
            keytoolRun.getOutputStream().close();
            byte[] output = keytoolRun.getInputStream().readAllBytes();
            if (!keytoolRun.waitFor(60, TimeUnit.SECONDS) || keytoolRun.exitValue() != 0) {
                keytoolRun.destroyForcibly();
                throw new IllegalStateException("keytool could not make " + file + " for " + w.where + ": "
                    + new String(output, StandardCharsets.UTF_8).trim());
            }
            ownerOnly(fresh);
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool made " + file, e);
        } finally {
            Files.deleteIfExists(fresh);
            Files.deleteIfExists(fresh.getParent());
        }
    }

    static String subjectAlternativeNames(String host) {
        String names = "dns:localhost,ip:127.0.0.1";
        return host.equalsIgnoreCase("localhost") ? names : "dns:" + host + "," + names;
    }

    /** This host's name for the certificate, {@code localhost} when it has none usable. */
    static String hostName() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            return HOST_NAME.matcher(host).matches() ? host : "localhost";
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own defaults
        }
    }
}
