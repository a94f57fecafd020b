package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.net.MalformedServerReplyException;
import org.apache.commons.net.imap.IMAPClient;

import org.accessdenied.launcher.JamesHome;
import org.accessdenied.launcher.JamesLine;
import org.accessdenied.launcher.JamesProcess;

/**
 * A James (3.8.1 or 3.9.0) started exactly as {@code bin/james} starts it (a home prepared from a conf-samples set, the drop-in
 * jar in extensions-jars/, a child JVM), with the pack's DNS and spamd pointed where the test says; and the admin's
 * tools a test needs: WebAdmin calls, IMAP reads, the log.
 */
final class RunningJames implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("accessdenied.repoRoot", "..")).toAbsolutePath().normalize();
    static final Path LIB = ROOT.resolve("launcher/target/james/lib");
    static final Path DROP_IN_JAR = Path.of(System.getProperty("accessdenied.dropInJar",
        JamesLine.JAMES_38.dropInJar(ROOT).toString()));
    static final Path JAMES39_DROP_IN_JAR = Path.of(System.getProperty("accessdenied.james39.dropInJar",
        JamesLine.JAMES_39.dropInJar(ROOT).toString()));

    private final JamesProcess process;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningJames(JamesProcess process) {
        this.process = process;
    }

    static RunningJames start(Path confSet, Path home, String dns, String spamd) {
        return start(JamesLine.JAMES_38, confSet, home, dns, spamd);
    }

    /** James of a line with that line's drop-in jar (3.9: on the JDK of the system property james39.jdk). */
    static RunningJames start(JamesLine line, Path confSet, Path home, String dns, String spamd) {
        return start(line, confSet, home, dns, spamd, false);
    }

    /**
     * As {@link #start(JamesLine, Path, Path, String, String)}; with {@code ipv6Clients} SMTP listens on every address
     * (JamesHome.Builder#smtpOnEveryAddress: James's {@code <bind>} takes no IPv6 literal), so IPv6 clients reach it on ::1.
     */
    static RunningJames start(JamesLine line, Path confSet, Path home, String dns, String spamd, boolean ipv6Clients) {
        JamesHome.Builder builder = JamesHome.builder(home).confSet(confSet).dropInJar(dropInJar(line)).portBase(freePortBase())
            .dns(dns).spamd(spamd);
        if (ipv6Clients) {
            builder.smtpOnEveryAddress();
        }
        return new RunningJames(JamesProcess.start(builder.build().prepare(), line, ROOT));
    }

    static Path dropInJar(JamesLine line) {
        return line == JamesLine.JAMES_38 ? DROP_IN_JAR : JAMES39_DROP_IN_JAR;
    }

    JamesHome home() {
        return process.home();
    }

    int smtpPort() {
        return process.smtpPort();
    }

    int submissionPort() {
        return process.submissionPort();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.readString(process.logFile());
    }

    void addDomainAndUsers(String domain, String... users) throws Exception {
        webAdmin("PUT", "/domains/" + domain, null, 204);
        for (String user : users) {
            webAdmin("PUT", "/users/" + user + "@" + domain, "{\"password\":\"secret\"}", 204);
        }
    }

    /** The number of mails in a repository given by its path, e.g. {@code var/mail/quarantine/}; 0 when it does not exist. */
    long repositorySize(String path) throws Exception {
        HttpResponse<String> response = webAdmin("GET", "/mailRepositories/" + URLEncoder.encode(path, StandardCharsets.UTF_8), null, -1);
        if (response.statusCode() == 404) {
            return 0;
        }
        Matcher size = Pattern.compile("\"size\"\\s*:\\s*(\\d+)").matcher(response.body());
        assertThat(size.find()).as(response.body()).isTrue();
        return Long.parseLong(size.group(1));
    }

    /** The mails waiting in a mail queue ({@code spool}, {@code outgoing}), as WebAdmin lists them (JSON). */
    String queue(String name) throws Exception {
        return webAdmin("GET", "/mailQueues/" + name + "/mails", null, 200).body();
    }

    HttpResponse<String> webAdmin(String method, String path, String json, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.webAdminPort() + path))
            .timeout(Duration.ofSeconds(30));
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (expected > 0) {
            assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        }
        return response;
    }

    /** How many messages a user's INBOX holds (SELECT's EXISTS: nothing fetched), over IMAP after STARTTLS. */
    int inboxSize(String user) throws IOException {
        IMAPClient imap = TlsTrust.imapOverStartTls(process.home());
        try {
            // no LOGOUT: James sometimes closes the connection after its BYE before the tagged reply (commons-net then
            // throws); closing the connection ends the session as well
            return selectInbox(imap, user);
        } finally {
            imap.disconnect();
        }
    }

    private static int selectInbox(IMAPClient imap, String user) throws IOException {
        assertThat(imap.login(user, "secret")).as(imap.getReplyString()).isTrue();
        assertThat(imap.select("INBOX")).isTrue();
        Matcher exists = Pattern.compile("\\* (\\d+) EXISTS").matcher(imap.getReplyString());
        return exists.find() ? Integer.parseInt(exists.group(1)) : 0;
    }

    /**
     * The user's messages once there are {@code count} (at most 30 s). A FETCH of a message James 3.9.0 has just
     * delivered sometimes gives commons-net a reply it cannot parse (a lone ")"; cause not found): that read is tried
     * again.
     */
    List<byte[]> awaitInbox(String user, int count) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
            .ignoreExceptionsInstanceOf(MalformedServerReplyException.class)
            .until(() -> inbox(user), messages -> messages.size() >= count);
    }

    /** The raw messages (BODY[], bytes as stored) in a user's INBOX, read over IMAP after STARTTLS. */
    List<byte[]> inbox(String user) throws IOException {
        IMAPClient imap = TlsTrust.imapOverStartTls(process.home());
        try {
            int count = selectInbox(imap, user);
            List<byte[]> messages = new java.util.ArrayList<>();
            for (int i = 1; i <= count; i++) {
                assertThat(imap.fetch(String.valueOf(i), "(BODY.PEEK[])")).isTrue();
                messages.add(literal(imap.getReplyString()));
            }
            return messages;
        } finally {
            imap.disconnect();
        }
    }

    /** The first IMAP literal {@code {n}CRLF<n octets>} of a reply (commons-net reads IMAP as ISO-8859-1: octets = chars). */
    private static byte[] literal(String reply) {
        Matcher m = Pattern.compile("\\{(\\d+)}\r\n").matcher(reply);
        assertThat(m.find()).as(reply).isTrue();
        int length = Integer.parseInt(m.group(1));
        return reply.substring(m.end(), m.end() + length).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The message without the trace fields the receiving side puts on top (Return-Path, Delivered-To, Received). */
    static byte[] withoutTraceHeaders(byte[] stored) {
        return TraceFields.strip(stored, "Received:", "Return-Path:", "Delivered-To:");
    }

    @Override
    public void close() {
        process.close();
    }

    /** Every port the conf-samples sets bind: LMTP, SMTP, POP3, IMAP, submission, ManageSieve, WebAdmin. */
    private static final List<Integer> BOUND_PORTS = List.of(24, JamesHome.SMTP, 110, JamesHome.IMAP,
        JamesHome.SUBMISSION, 4190, JamesHome.WEBADMIN);

    /** A base whose every port James binds is free on every address (127.0.0.1 and ::1 included) right now. */
    static int freePortBase() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 50_000);
            if (BOUND_PORTS.stream().allMatch(p -> free(base + p))) {
                return base;
            }
        }
        throw new IllegalStateException("no free port base");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
