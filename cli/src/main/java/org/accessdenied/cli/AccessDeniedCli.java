package org.accessdenied.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.accessdenied.cli.report.ReportCommand;
import org.accessdenied.core.config.Durations;
import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.dns.DnsSettings;
import org.accessdenied.core.dns.ResolverAddress;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.net.DomainName;

/** {@code bin/access-denied}: the operator's command line. */
public final class AccessDeniedCli {
    static final String USAGE = String.join("\n",
        "Usage:",
        "  access-denied classify [--dynamic-rdns CONDITION] [--bad-helo CONDITION] [--explain] < lines",
        "      reads ip<TAB>ptr<TAB>helo lines (empty ptr: no PTR), prints one JSON object per line",
        "      with dynamic_rdns, bad_helo and their reasons. Offline: no DNS is asked. CONDITION is the",
        "      matcher's own (--dynamic-rdns 'static=exempt', --bad-helo 'default, ourNames=mx.example.com,",
        "      ourIps=192.0.2.25'). --explain adds the line number, the DynamicRdns rule that fired and the",
        "      part of the name it matched, and the BadHelo checks that matched.",
        "  access-denied check --ip IP [--helo NAME] [--from ADDRESS] [--zone ZONE]... [--dns HOST:PORT]...",
        "                      [--timeout 3s] [--bad-helo CONDITION] [--message FILE [--spamd HOST:PORT]] [--json]",
        "      runs the live checks and prints the evidence (SPF of --from and of --helo included) and which",
        "      matchers would match, with their remedies; --json: all of it as one JSON object.",
        "      --from '' checks a bounce (null sender: the HELO identity).",
        "  access-denied check --message FILE [--spamd HOST:PORT] [--json]",
        "      asks spamd (default 127.0.0.1:783, or $" + EngineSettings.SPAMD_OVERRIDE_ENV + ") for the message's score,",
        "      required score and rules.",
        "      ZONE uses the RemoteAddrInDnsbl syntax: zone[=filter][*weight]. Default DNS: the system's resolvers",
        "      (or $" + EngineSettings.DNS_OVERRIDE_ENV + ").",
        "  access-denied selfcheck --ip IP --helo NAME [--domain DOMAIN] [--zone ZONE]... [--dns HOST:PORT]... [--json]",
        "      checks your own outbound server as receivers running this pack will: PTR present, forward-confirmed and",
        "      not generic; HELO a proper name that resolves to IP and is the PTR name; SPF of DOMAIN (default: the",
        "      HELO's organisational domain) and of the HELO authorises IP; DOMAIN has an MX; IP not listed on the",
        "      ZONEs. Prints a checklist with the remedy for each failure (--json: one JSON object); exit status 0",
        "      only when every point passes, 1 when one fails.",
        "  access-denied report [--since YYYY-MM-DD] [--html FILE] LOG...",
        "      reads James logs (plain or gzip, files, directories or rotated sets such as 'logs/james-server.log*')",
        "      and prints, from the admission decision lines, the sessions refused / deferred / would-refuse per rule",
        "      and day, the top reasons, networks, PTR domains, HELOs and recipients, and the refused senders that look",
        "      legitimate. --html also writes the report as one self-contained HTML file with charts.",
        "Exit status: 0 done, 1 a file could not be read, 2 bad usage.");

    private AccessDeniedCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            if (args[0].equals("report")) {
                return ReportCommand.parse(List.of(args).subList(1, args.length), isTerminal()).run(out, err);
            }
            Options options = Options.parse(args);
            switch (args[0]) {
                case "classify":
                    try (EvidenceEngine engine = new EvidenceEngine(EngineSettings.defaults())) {
                        return new ClassifyCommand(engine, options.single("--dynamic-rdns").orElse(""), options.single("--bad-helo").orElse(""),
                                options.flag("--explain"))
                            .run(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), out);
                    }
                case "check":
                    if (options.single("--ip").isEmpty() && options.single("--message").isPresent()) {
                        try (EvidenceEngine engine = new EvidenceEngine(settings(options))) {
                            return new CheckCommand(engine, options.flag("--json")).scoreOnly(Path.of(options.single("--message").get()), out);
                        }
                    }
                    ClientIp ip = options.single("--ip").map(text -> ClientIp.parse(text)
                            .orElseThrow(() -> new IllegalArgumentException("--ip: not an IP address: " + text)))
                        .orElseThrow(() -> new IllegalArgumentException("check needs --ip IP"));
                    try (EvidenceEngine engine = new EvidenceEngine(settings(options))) {
                        return new CheckCommand(engine, options.flag("--json")).run(ip, options.single("--helo"), options.single("--from"), options.all("--zone"),
                            options.single("--bad-helo").orElse("default"), options.single("--message").map(Path::of), out);
                    }
                case "selfcheck":
                    return selfcheck(options, out);
                default:
                    throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            }
        } catch (IllegalArgumentException e) {
            err.println("access-denied: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (java.io.IOException e) {
            err.println("access-denied: " + e.getMessage());
            return 1;
        }
    }

    private static int selfcheck(Options options, PrintStream out) {
        ClientIp ip = ip(options, "selfcheck");
        String helo = options.single("--helo").orElseThrow(() -> new IllegalArgumentException("selfcheck needs --helo NAME"));
        String domain = options.single("--domain").orElseGet(() -> DomainName.parse(helo).map(DomainName::organisationalDomain)
            .orElseThrow(() -> new IllegalArgumentException("--helo: not a host name, give --domain: " + helo)));
        try (EvidenceEngine engine = new EvidenceEngine(settings(options))) {
            List<SelfcheckCommand.Point> points = new SelfcheckCommand(engine).check(ip, helo, domain, options.all("--zone"));
            if (options.flag("--json")) {
                out.println(SelfcheckCommand.json(ip, helo, domain, points));
            } else {
                SelfcheckCommand.printChecklist(ip, helo, domain, points, out);
            }
            return points.stream().allMatch(p -> p.passed) ? 0 : 1;
        }
    }

    private static ClientIp ip(Options options, String command) {
        return options.single("--ip").map(text -> ClientIp.parse(text)
                .orElseThrow(() -> new IllegalArgumentException("--ip: not an IP address: " + text)))
            .orElseThrow(() -> new IllegalArgumentException(command + " needs --ip IP"));
    }

    /** True when a person watches: a progress line on stderr helps them and would litter a file. */
    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ returns a console even when redirected; isTerminal() tells
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private static EngineSettings settings(Options options) {
        EngineSettings base = EngineSettings.defaults();
        List<ResolverAddress> servers = new ArrayList<>();
        options.all("--dns").forEach(spec -> servers.addAll(ResolverAddress.parseList(spec)));
        Duration timeout = options.single("--timeout").map(t -> Durations.parse("--timeout", t)).orElse(base.dns().timeout());
        DnsSettings dns = new DnsSettings(servers.isEmpty() ? base.dns().servers() : servers, timeout, base.dns().cacheSize());
        EngineSettings settings = base.withDns(dns);
        return options.single("--spamd").map(address -> settings.withSpamd(settings.spamd().withAddress(address))).orElse(settings);
    }

    /** {@code --name value} pairs and {@code --flag}s after the command word. */
    static final class Options {
        private static final List<String> KNOWN = List.of("--ip", "--helo", "--from", "--zone", "--dns", "--timeout", "--dynamic-rdns",
            "--bad-helo", "--message", "--spamd", "--domain");
        private static final List<String> FLAGS = List.of("--explain", "--json");
        private final List<String[]> pairs;

        private Options(List<String[]> pairs) {
            this.pairs = pairs;
        }

        static Options parse(String[] args) {
            List<String[]> pairs = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                if (FLAGS.contains(args[i])) {
                    pairs.add(new String[] {args[i], "true"});
                    continue;
                }
                if (!KNOWN.contains(args[i])) {
                    throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                pairs.add(new String[] {args[i], args[i + 1]});
                i++;
            }
            return new Options(pairs);
        }

        Optional<String> single(String name) {
            List<String> values = all(name);
            if (values.size() > 1) {
                throw new IllegalArgumentException(name + " given more than once");
            }
            return values.stream().findFirst();
        }

        boolean flag(String name) {
            return !all(name).isEmpty();
        }

        List<String> all(String name) {
            List<String> values = new ArrayList<>();
            pairs.stream().filter(p -> p[0].equals(name)).forEach(p -> values.add(p[1]));
            return values;
        }
    }
}
