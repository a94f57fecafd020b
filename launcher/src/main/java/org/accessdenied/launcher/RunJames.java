package org.accessdenied.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bin/james}: a James memory server (3.8.1, or 3.9.0 with {@code --james 3.9}) with the Access Denied pack, on
 * loopback ports, until Ctrl-C.
 *
 * <pre>
 * bin/james [--james 3.8|3.9] [--conf DIR] [--dns HOST:PORT] [--spamd HOST:PORT] [--port-base N] [--home DIR] [--no-build] [--help]
 * </pre>
 * Exit codes: 130 after Ctrl-C (James stopped cleanly first), 1 James failed to start or died, 2 bad flags.
 */
public final class RunJames {
    /** The repository root (bin/james sets it); default: the current directory. */
    public static final String ROOT_PROPERTY = "accessdenied.root";

    static final String USAGE = String.join("\n",
        "Usage: bin/james [options]",
        "Runs Apache James (memory server) with the Access Denied pack on 127.0.0.1, until Ctrl-C.",
        "",
        "  --james 3.8|3.9    the James line: 3.8 runs James 3.8.1 with access-denied-james38 (default), 3.9 runs",
        "                     James 3.9.0 with access-denied-james39 on a JDK >= 21 (bin/james builds James 3.9.0 once)",
        "  --conf DIR         configuration set to run (default conf-samples/strict; also observe, smarthost)",
        "  --dns HOST:PORT    DNS server(s) the pack asks, comma separated (default: conf/access-denied.properties,",
        "                     else the system's resolvers)",
        "  --spamd HOST:PORT  spamd for the spam score (default: access-denied.properties, else 127.0.0.1:783)",
        "  --port-base N      every port is N + the standard one (default 10000: SMTP 10025, submission 10587,",
        "                     IMAP 10143, WebAdmin 18000; 0 = the standard ports)",
        "  --home DIR         James home: conf/, extensions-jars/, var/, logs/, tls/ (default target/james-home)",
        "  --no-build         (bin/james) do not build, use the jars as they are",
        "  --help             this text",
        "",
        "Environment: JAMES_JAVA_OPTS extra JVM options for James (e.g. -Xmx1g).");

    private RunJames() {
    }

    static final class Options {
        JamesLine line = JamesLine.JAMES_38;
        Path conf;
        Path home;
        String dns;
        String spamd;
        int portBase = JamesHome.DEFAULT_PORT_BASE;
        boolean help;
    }

    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static Options parse(String[] args, Path root) throws UsageException {
        Options o = new Options();
        o.conf = root.resolve("conf-samples").resolve("strict");
        o.home = root.resolve("target").resolve("james-home");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--help":
                case "-h":
                    o.help = true;
                    break;
                case "--no-build":
                    break;
                case "--james":
                case "--conf":
                case "--dns":
                case "--spamd":
                case "--port-base":
                case "--home":
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                            throw new UsageException(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    set(o, arg, value);
                    break;
                default:
                    throw new UsageException("unknown option '" + args[i] + "'");
            }
        }
        return o;
    }

    private static void set(Options o, String flag, String value) throws UsageException {
        try {
            switch (flag) {
                case "--james":
                    o.line = JamesLine.parse(value);
                    break;
                case "--conf":
                    o.conf = Path.of(value).toAbsolutePath().normalize();
                    break;
                case "--home":
                    o.home = Path.of(value).toAbsolutePath().normalize();
                    break;
                case "--dns":
                    o.dns = JamesHome.checkEndpoints("--dns", value);
                    break;
                case "--spamd":
                    o.spamd = JamesHome.checkEndpoints("--spamd", value);
                    break;
                case "--port-base":
                    int base;
                    try {
                        base = Integer.parseInt(value.trim());
                    } catch (NumberFormatException e) {
                        throw new UsageException("--port-base needs a number, not '" + value + "'");
                    }
                    if (base < 0 || base + JamesHome.WEBADMIN > 65535) {
                        throw new UsageException("--port-base must be between 0 and " + (65535 - JamesHome.WEBADMIN)
                            + ", not " + base);
                    }
                    o.portBase = base;
                    break;
                default:
                    throw new UsageException("unknown option '" + flag + "'");
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path root = Path.of(System.getProperty(ROOT_PROPERTY, ".")).toAbsolutePath().normalize();
        Options o;
        try {
            o = parse(args, root);
        } catch (UsageException e) {
            err.println("james: " + e.getMessage());
            err.println("Try 'bin/james --help'.");
            return 2;
        }
        if (o.help) {
            out.println(USAGE);
            return 0;
        }
        JamesHome home;
        try {
            home = JamesHome.builder(o.home)
                .confSet(o.conf)
                .dropInJar(o.line.dropInJar(root))
                .portBase(o.portBase)
                .dns(o.dns)
                .spamd(o.spamd)
                .build()
                .prepare();
        } catch (RuntimeException e) {
            err.println("james: " + e.getMessage());
            return 1;
        }

        out.println("Starting Apache James " + o.line.version() + " with Access Denied (configuration " + o.conf + ") ...");
        out.println("  home " + home.home() + ", log " + home.logFile());
        out.flush();
        AtomicReference<JamesProcess> running = new AtomicReference<>();
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicBoolean reported = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            stopping.set(true);
            JamesProcess james = running.get();
            if (james == null) {
                return;
            }
            if (james.isAlive()) {
                out.println();
                out.println("Stopping James ...");
                out.flush();
                james.close();
            }
            if (reported.compareAndSet(false, true)) {
                out.println("James stopped.");
                out.flush();
            }
        }, "stop-james");
        Runtime.getRuntime().addShutdownHook(stopper);

        JamesProcess james;
        try {
            james = JamesProcess.start(home, o.line, root);
        } catch (RuntimeException e) {
            err.println("james: " + e.getMessage());
            return 1;
        }
        running.set(james);
        out.println(banner(james, o));
        out.flush();
        try {
            int code = james.waitFor();
            if (stopping.get() || code == 130 || code == 143) {
                // Ctrl-C reaches James too (same process group): it stopped itself, cleanly
                if (reported.compareAndSet(false, true)) {
                    out.println();
                    out.println("James stopped.");
                    out.flush();
                }
                return 0;
            }
            err.println("james: James exited by itself (code " + code + "). Last lines of " + james.logFile() + ":");
            err.println(james.logTail(30));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static String banner(JamesProcess james, Options o) {
        Duration t = james.startupTime();
        String web = "http://127.0.0.1:" + james.webAdminPort();
        List<Keystore> keystores = james.home().keystores();
        boolean tls = !keystores.isEmpty();
        List<String> lines = new ArrayList<>(List.of(
            String.format("James is running (pid %d, ready in %.1f s). Connect to:", james.pid(), t.toMillis() / 1000.0),
            "  SMTP        127.0.0.1:" + james.smtpPort() + "   (incoming mail from other servers"
                + (tls ? "; STARTTLS offered, not required)" : ")"),
            "  submission  127.0.0.1:" + james.submissionPort() + "   (your users: "
                + (tls ? "STARTTLS, then AUTH)" : "AUTH)"),
            "  IMAP        127.0.0.1:" + james.imapPort() + (tls ? "   (STARTTLS, then LOGIN)" : ""),
            "  WebAdmin    " + web));
        if (tls) {
            for (Keystore k : keystores) {
                lines.add("  TLS certificate: " + (k.origin() == Keystore.Origin.SELF_SIGNED
                    ? "self-signed, " + k.file() + " (made on the first start; clients must accept it."
                        + " A real one: README, \"A real certificate\")"
                    : o.conf.resolve(k.name()) + " (the configuration set's own)"));
            }
        } else {
            lines.add("  TLS: off in this configuration: passwords travel in the clear");
        }
        lines.addAll(List.of(
            "  DNS for the pack: " + (o.dns == null ? "conf/access-denied.properties (or the system's resolvers)" : o.dns)
                + ", spamd: " + (o.spamd == null ? "conf/access-denied.properties (or 127.0.0.1:783)" : o.spamd),
            "",
            "Add a domain and a user:",
            "  curl -XPUT " + web + "/domains/example.local",
            "  curl -XPUT " + web + "/users/alice@example.local -H 'Content-Type: application/json' -d '{\"password\":\"secret\"}'",
            "Mail kept aside (quarantine, errors): curl " + web + "/mailRepositories",
            "Log: " + james.logFile(),
            "Press Ctrl-C to stop James."));
        return String.join("\n", lines);
    }
}
