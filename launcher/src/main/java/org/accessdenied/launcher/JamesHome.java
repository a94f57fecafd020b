package org.accessdenied.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A James home directory ({@code -Dworking.directory}) made from a configuration set of {@code conf-samples/}:
 * <ul>
 *   <li>{@code HOME/conf/}: a fresh copy of the set, every {@code <bind>} rewritten to {@code 127.0.0.1:(base + port)}
 *       and WebAdmin's {@code port}/{@code host} likewise (base 10000: SMTP 10025, submission 10587, IMAP 10143,
 *       WebAdmin 18000); with {@link Builder#smtpOnEveryAddress()}, smtpserver.xml's binds are
 *       {@code 0.0.0.0:(base + port)} instead, for IPv6 clients;</li>
 *   <li>{@code HOME/extensions-jars/}: the drop-in jar, alone, where James's ExtendedClassLoader finds it;</li>
 *   <li>{@code HOME/var/}: James's data (file mail repositories: quarantine, errors), kept from one run to the next;</li>
 *   <li>{@code HOME/tls/}: the self-signed keystore made on the first start when the set enables TLS without bringing
 *       its keystore ({@link Keystore}), kept and copied into {@code conf/} at every start.</li>
 * </ul>
 * The DNS servers and spamd the pack should ask are handed to James as the pack's override system properties
 * ({@link #systemProperties()}). A directory that is not empty and was not made by this class is never touched.
 */
public final class JamesHome {
    public static final int DEFAULT_PORT_BASE = 10000;
    public static final int SMTP = 25;
    public static final int SUBMISSION = 587;
    public static final int IMAP = 143;
    public static final int WEBADMIN = 8000;

    /** The pack's override properties (core's EngineSettings): host:port of the DNS servers and of spamd. */
    public static final String DNS_PROPERTY = "accessdenied.dns.servers";
    public static final String SPAMD_PROPERTY = "accessdenied.spamd";

    static final String MARKER = ".access-denied-james-home";
    static final String LOOPBACK = "127.0.0.1";
    static final String EVERY_ADDRESS = "0.0.0.0";
    private static final Pattern BIND = Pattern.compile("<bind>\\s*([^<]*?)\\s*</bind>");
    private static final Pattern HOST_PORT = Pattern.compile("^\\s*(\\S+?):(\\d+)\\s*$");
    private static final Pattern WEBADMIN_PORT = Pattern.compile("(?m)^([ \\t]*port[ \\t]*=[ \\t]*)(\\d+)[ \\t]*$");
    private static final Pattern WEBADMIN_HOST = Pattern.compile("(?m)^([ \\t]*host[ \\t]*=[ \\t]*)(\\S*)[ \\t]*$");
    private static final Pattern ENDPOINT = Pattern.compile("^[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}$");

    private final Path home;
    private final Path confSet;
    private final Path dropInJar;
    private final int portBase;
    private final boolean smtpOnEveryAddress;
    private final Optional<String> dns;
    private final Optional<String> spamd;
    private volatile List<Keystore> keystores = List.of();

    private JamesHome(Builder b) {
        this.home = b.home.toAbsolutePath().normalize();
        this.confSet = Objects.requireNonNull(b.confSet, "confSet").toAbsolutePath().normalize();
        this.dropInJar = Objects.requireNonNull(b.dropInJar, "dropInJar").toAbsolutePath().normalize();
        this.portBase = b.portBase;
        this.smtpOnEveryAddress = b.smtpOnEveryAddress;
        this.dns = b.dns;
        this.spamd = b.spamd;
    }

    public static Builder builder(Path home) {
        return new Builder(home);
    }

    public static final class Builder {
        private final Path home;
        private Path confSet;
        private Path dropInJar;
        private int portBase = DEFAULT_PORT_BASE;
        private boolean smtpOnEveryAddress;
        private Optional<String> dns = Optional.empty();
        private Optional<String> spamd = Optional.empty();

        private Builder(Path home) {
            this.home = Objects.requireNonNull(home, "home");
        }

        /** A folder of conf-samples, e.g. {@code conf-samples/strict}. */
        public Builder confSet(Path dir) {
            this.confSet = dir;
            return this;
        }

        /** The drop-in jar ({@code dist/target/access-denied-VERSION.jar}). */
        public Builder dropInJar(Path jar) {
            this.dropInJar = jar;
            return this;
        }

        /** Every listening port becomes base + the set's port (0: the set's ports as they are). */
        public Builder portBase(int base) {
            if (base < 0 || base + WEBADMIN > 65535) {
                throw new IllegalArgumentException("port base must be between 0 and " + (65535 - WEBADMIN) + ": " + base);
            }
            this.portBase = base;
            return this;
        }

        /**
         * SMTP and submission (smtpserver.xml) listen on {@code 0.0.0.0}, every interface, instead of 127.0.0.1: the
         * only way to have James accept IPv6 clients. James's {@code <bind>} takes no IPv6 literal (3.8.1 and 3.9.0
         * split each HOST:PORT at every ':'), but the JDK opens its server sockets dual-stack and binds the IPv4
         * wildcard as {@code [::]}: IPv4 and IPv6 clients alike. The other services stay on 127.0.0.1.
         */
        public Builder smtpOnEveryAddress() {
            this.smtpOnEveryAddress = true;
            return this;
        }

        /** DNS servers the pack asks, {@code host:port[,host:port...]}. */
        public Builder dns(String servers) {
            this.dns = Optional.ofNullable(servers).map(s -> checkEndpoints("--dns", s));
            return this;
        }

        /** spamd, {@code host:port}. */
        public Builder spamd(String endpoint) {
            this.spamd = Optional.ofNullable(endpoint).map(s -> checkEndpoints("--spamd", s));
            return this;
        }

        public JamesHome build() {
            return new JamesHome(this);
        }
    }

    static String checkEndpoints(String what, String value) {
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(what + " needs HOST:PORT");
        }
        for (String part : trimmed.split(",")) {
            String p = part.trim();
            Matcher m = HOST_PORT.matcher(p);
            if (!ENDPOINT.matcher(p).matches() || !m.matches() || Integer.parseInt(m.group(2)) < 1
                || Integer.parseInt(m.group(2)) > 65535) {
                throw new IllegalArgumentException(what + " needs HOST:PORT (e.g. 127.0.0.1:53), not '" + p + "'");
            }
        }
        return trimmed;
    }

    public Path home() {
        return home;
    }

    public Path confDir() {
        return home.resolve("conf");
    }

    public Path confSet() {
        return confSet;
    }

    public Path extensionsDir() {
        return home.resolve("extensions-jars");
    }

    public Path logFile() {
        return home.resolve("logs").resolve("james.log");
    }

    public int portBase() {
        return portBase;
    }

    /** Whether SMTP listens on every address, IPv6 too ({@link Builder#smtpOnEveryAddress()}), or on 127.0.0.1. */
    public boolean smtpOnEveryAddress() {
        return smtpOnEveryAddress;
    }

    public int port(int standardPort) {
        return portBase + standardPort;
    }

    public int smtpPort() {
        return port(SMTP);
    }

    public int submissionPort() {
        return port(SUBMISSION);
    }

    public int imapPort() {
        return port(IMAP);
    }

    public int webAdminPort() {
        return port(WEBADMIN);
    }

    public Path selfSignedKeystoreDir() {
        return home.resolve("tls");
    }

    /** The TLS keystores of the last {@link #prepare()}: none when the set enables no TLS. */
    public List<Keystore> keystores() {
        return keystores;
    }

    public Optional<String> dns() {
        return dns;
    }

    public Optional<String> spamd() {
        return spamd;
    }

    /** The system properties James must be started with for the pack to use the chosen DNS servers and spamd. */
    public Map<String, String> systemProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        dns.ifPresent(d -> props.put(DNS_PROPERTY, d));
        spamd.ifPresent(s -> props.put(SPAMD_PROPERTY, s));
        return props;
    }

    /**
     * Lays the home out (conf/ afresh, extensions-jars/ afresh, var/ and tls/ kept).
     *
     * @throws IllegalStateException naming what is missing or wrong
     */
    public JamesHome prepare() {
        if (!Files.isDirectory(confSet)) {
            throw new IllegalStateException("configuration set not found: " + confSet);
        }
        for (String required : List.of("smtpserver.xml", "mailetcontainer.xml")) {
            if (!Files.isRegularFile(confSet.resolve(required))) {
                throw new IllegalStateException("not a James configuration set (no " + required + "): " + confSet);
            }
        }
        if (!Files.isRegularFile(dropInJar)) {
            throw new IllegalStateException("the drop-in jar is missing: " + dropInJar
                + " (build it: mvn -B -pl dist -am package -DskipTests)");
        }
        try {
            claim();
            deleteTree(confDir());
            copyTree(confSet, confDir());
            rewritePorts();
            keystores = Keystore.provide(confDir(), selfSignedKeystoreDir());
            deleteTree(extensionsDir());
            Files.createDirectories(extensionsDir());
            Files.copy(dropInJar, extensionsDir().resolve(dropInJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Files.createDirectories(home.resolve("var"));
            Files.createDirectories(logFile().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the James home " + home + ": " + e.getMessage(), e);
        }
        return this;
    }

    private void claim() throws IOException {
        Path marker = home.resolve(MARKER);
        if (Files.isDirectory(home) && !Files.exists(marker)) {
            try (Stream<Path> entries = Files.list(home)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException("refusing to use " + home + " as James home: it is not empty and"
                        + " was not made by bin/james (choose an empty or new directory)");
                }
            }
        }
        Files.createDirectories(home);
        if (!Files.exists(marker)) {
            Files.writeString(marker, "A James home made by Access Denied's launcher: conf/ and extensions-jars/ are"
                + " rewritten at every start; var/ and tls/ are kept.\n", StandardCharsets.UTF_8);
        }
    }

    private void rewritePorts() throws IOException {
        try (DirectoryStream<Path> xmls = Files.newDirectoryStream(confDir(), "*.xml")) {
            for (Path xml : xmls) {
                String text = Files.readString(xml, StandardCharsets.UTF_8);
                boolean everyAddress = smtpOnEveryAddress && xml.getFileName().toString().equals("smtpserver.xml");
                String rewritten = rewriteBinds(text, portBase, everyAddress ? EVERY_ADDRESS : LOOPBACK);
                if (!rewritten.equals(text)) {
                    Files.writeString(xml, rewritten, StandardCharsets.UTF_8);
                }
            }
        }
        Path webadmin = confDir().resolve("webadmin.properties");
        if (Files.isRegularFile(webadmin)) {
            String text = Files.readString(webadmin, StandardCharsets.UTF_8);
            Files.writeString(webadmin, rewriteWebAdmin(text, portBase), StandardCharsets.UTF_8);
        }
    }

    /** Every {@code <bind>host:port</bind>} (outside comments too: harmless) becomes {@code host:(base+port)}. */
    static String rewriteBinds(String xml, int base, String host) {
        Matcher m = BIND.matcher(xml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            StringBuilder binds = new StringBuilder();
            for (String one : m.group(1).split(",")) {
                Matcher hp = HOST_PORT.matcher(one);
                if (!hp.matches()) {
                    throw new IllegalStateException("cannot read <bind>" + m.group(1) + "</bind>: expected HOST:PORT");
                }
                int port = Integer.parseInt(hp.group(2));
                int moved = port == 0 ? 0 : base + port;
                if (moved > 65535) {
                    throw new IllegalStateException("port " + port + " + base " + base + " is over 65535");
                }
                if (binds.length() > 0) {
                    binds.append(',');
                }
                binds.append(host).append(':').append(moved);
            }
            m.appendReplacement(out, Matcher.quoteReplacement("<bind>" + binds + "</bind>"));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String rewriteWebAdmin(String properties, int base) {
        Matcher pm = WEBADMIN_PORT.matcher(properties);
        StringBuilder out = new StringBuilder();
        while (pm.find()) {
            pm.appendReplacement(out, Matcher.quoteReplacement(pm.group(1) + (base + Integer.parseInt(pm.group(2)))));
        }
        pm.appendTail(out);
        return WEBADMIN_HOST.matcher(out.toString()).replaceAll("$1127.0.0.1");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Deletes a folder and everything below it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
