package org.accessdenied.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.accessdenied.testkit.NsdServer;

class AccessDeniedCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return AccessDeniedCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<JsonNode> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).collect(Collectors.toList());
    }

    @Test
    void classifyShouldPrintOneJsonObjectPerLine() {
        String input = "73.1.2.3\tc-73-1-2-3.hsd1.ca.comcast.net\tDESKTOP-4F2J9KL\n"
            + "# a comment\n"
            + "209.85.218.41\tmail-ej1-f41.google.com\tmail-ej1-f41.google.com\n"
            + "192.0.2.2\t\tmx.example.com\n";
        assertThat(run(input, "classify")).isZero();
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("dynamic_rdns").asBoolean()).isTrue();
        assertThat(lines.get(0).get("dynamic_rdns_reason").asText()).contains("address in name \"73-1-2-3\"");
        assertThat(lines.get(0).get("bad_helo").asBoolean()).isTrue();
        assertThat(lines.get(0).get("bad_helo_reason").asText()).startsWith("not-fqdn:");
        assertThat(lines.get(1).get("dynamic_rdns").asBoolean()).isFalse();
        assertThat(lines.get(1).get("bad_helo").asBoolean()).isFalse();
        assertThat(lines.get(2).get("dynamic_rdns").asBoolean()).isFalse();
    }

    @Test
    void classifyShouldTakeTheMatchersOptionsAndExplainWhichRuleFired() {
        String input = "93.184.0.1\tstatic-93-184-0-1.example-isp.net\tstatic-93-184-0-1.example-isp.net\n"
            + "85.214.12.25\tmx.ours-mail.de\tmx.ours-mail.de\n"
            + "85.214.12.26\tvmi123456.contaboserver.net\tmx.ours-mail.de\n"
            + "93.184.0.2\t\t[093.184.000.002]\n";
        assertThat(run(input, "classify", "--explain", "--bad-helo", "default, ourNames=mx.ours-mail.de, ourIps=85.214.12.25")).isZero();
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).get("line").asInt()).isEqualTo(1);
        assertThat(lines.get(0).get("dynamic_rdns_rule").asText()).isEqualTo("ip-in-name");
        assertThat(lines.get(0).get("dynamic_rdns_detail").asText()).isEqualTo("93-184-0-1");
        assertThat(lines.get(0).get("bad_helo_checks").toString()).isEqualTo("[\"dynamic\"]");
        assertThat(lines.get(1).get("bad_helo").asBoolean()).as("this server talking to itself").isFalse();
        assertThat(lines.get(1).get("bad_helo_checks").toString()).isEqualTo("[]");
        assertThat(lines.get(2).get("dynamic_rdns_rule").asText()).isEqualTo("hosting-default");
        assertThat(lines.get(2).get("bad_helo_checks").toString()).isEqualTo("[\"our-name\"]");
        assertThat(lines.get(3).get("dynamic_rdns_rule").asText()).isEqualTo("no-ptr");
        assertThat(lines.get(3).get("bad_helo").asBoolean()).as("leading zeros in a literal").isFalse();

        out.reset();
        assertThat(run(input.lines().findFirst().get() + "\n", "classify", "--dynamic-rdns", "static=exempt", "--bad-helo", "static=exempt")).isZero();
        assertThat(lines().get(0).get("dynamic_rdns").asBoolean()).isFalse();
        assertThat(lines().get(0).has("dynamic_rdns_rule")).isFalse();
        assertThat(run("", "classify", "--dynamic-rdns", "static=sometimes")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("DynamicRdns: option 'static' must be 'generic' or 'exempt'");
    }

    @Test
    void classifyShouldStayBoundedOnHostileInput() {
        String input = "2001:db8::4\t" + "2001-db8-0-0-0-0-0-4.".repeat(450) + "example.net\t" + "x".repeat(10_240) + "\n"
            + "2001:0DB8:0:0:0:0:0:4\t20010db8000000000000000000000004.dyn.example.net\tmail.exampl\u00e9.com\n"
            + "::ffff:192.0.2.7\tc-192-0-2-7.example.net\t[IPv6:::ffff:192.0.2.7]\n"
            + "192.0.2.8\txn--mller-kva.example.net\ta\u0000b.example.com\n";
        assertThat(run(input, "classify", "--explain")).isZero();
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).get("ptr").asText().length()).isLessThanOrEqualTo(255);
        assertThat(lines.get(0).get("dynamic_rdns_rule").asText()).isEqualTo("ip-in-name");
        assertThat(lines.get(0).get("bad_helo_checks").toString()).isEqualTo("[\"syntax\"]");
        assertThat(lines.get(1).get("dynamic_rdns").asBoolean()).isTrue();
        assertThat(lines.get(1).get("bad_helo_reason").asText()).startsWith("syntax:").matches("[\\x20-\\x7e]*");
        assertThat(lines.get(2).get("ip").asText()).isEqualTo("192.0.2.7");
        assertThat(lines.get(2).get("dynamic_rdns").asBoolean()).isTrue();
        assertThat(lines.get(2).get("bad_helo").asBoolean()).isFalse();
        assertThat(lines.get(3).get("dynamic_rdns").asBoolean()).isFalse();
        assertThat(lines.get(3).get("bad_helo_reason").asText()).startsWith("syntax:").matches("[\\x20-\\x7e]*");
    }

    @Test
    void classifyShouldReportBadLinesAndGoOn() {
        String input = "bogus\tx\ty\nonly-one-field\n\u0000\t\t\n192.0.2.1\tmx.example.com\t" + "h".repeat(10_000) + "\n";
        assertThat(run(input, "classify")).isZero();
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).get("error").asText()).isEqualTo("not an IP address: bogus");
        assertThat(lines.get(1).get("error").asText()).isEqualTo("expected ip<TAB>ptr<TAB>helo");
        assertThat(lines.get(2).get("error").asText()).startsWith("not an IP address");
        assertThat(lines.get(3).get("bad_helo_reason").asText()).startsWith("syntax:");
        assertThat(lines.get(3).get("helo").asText().length()).isLessThanOrEqualTo(300);
    }

    @Test
    void checkShouldPrintEvidenceAndVerdictsFromLiveDns() throws Exception {
        String dns = NsdServer.shared().hostAndPort();
        assertThat(run("", "check", "--ip", "192.0.2.10", "--helo", "mail.listed.example.test", "--dns", dns,
            "--zone", "bl.test", "--zone", "dead.test", "--timeout", "1s", "--json")).isZero();
        JsonNode result = lines().get(0);
        assertThat(result.at("/matchers/RemoteAddrInDnsbl/matched").asBoolean()).isTrue();
        assertThat(result.at("/matchers/RemoteAddrInDnsbl/remedy").asText()).isEqualTo("see http://bl.test/lookup?ip=192.0.2.10");
        assertThat(result.at("/matchers/NoMatchingPtr/matched").asBoolean()).isFalse();
        assertThat(result.at("/evidence/dnsbl/bl.test/codes/0").asText()).isEqualTo("127.0.0.2");
        assertThat(result.at("/evidence/fcrdns/result").asText()).isEqualTo("pass");
        assertThat(result.at("/zone_health/dead.test").asText()).startsWith("UNHEALTHY");
        assertThat(result.at("/dns/servers/0").asText()).isEqualTo(dns);
    }

    @Test
    void checkShouldShowADynamicClientWithoutZones() {
        assertThat(run("", "check", "--ip", "192.0.2.4", "--dns", NsdServer.shared().hostAndPort(), "--json")).isZero();
        JsonNode result = lines().get(0);
        assertThat(result.at("/matchers/DynamicRdns/matched").asBoolean()).isTrue();
        assertThat(result.at("/matchers/RemoteAddrInDnsbl").isMissingNode()).isTrue();
        assertThat(result.at("/matchers/BadHelo/reason").asText()).isEqualTo("missing: no HELO/EHLO name given");
    }

    @Test
    void checkShouldPrintASummaryForAPersonByDefault() {
        String dns = NsdServer.shared().hostAndPort();
        assertThat(run("", "check", "--ip", "192.0.2.10", "--helo", "mail.listed.example.test", "--dns", dns, "--zone", "bl.test",
            "--timeout", "1s")).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("192.0.2.10 greeting as mail.listed.example.test\n")
            .contains("  PTR:    found mail.listed.example.test; forward-confirmed: pass\n")
            .contains("  bl.test: listed 127.0.0.2 \"Listed by bl.test, see http://bl.test/lookup?ip=192.0.2.10\" [zone HEALTHY")
            .contains("  MATCH     RemoteAddrInDnsbl: ")
            .contains("            remedy: see http://bl.test/lookup?ip=192.0.2.10\n")
            .contains("  no match  NoMatchingPtr: ")
            .contains("DNS: " + dns + ", ");
        assertThat(text).doesNotContain("{\"");
    }

    @Test
    void badUsageShouldExitTwoWithAMessage() {
        assertThat(run("", "check")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("check needs --ip IP");
        assertThat(run("", "check", "--ip", "not-an-ip")).isEqualTo(2);
        assertThat(run("", "check", "--ip", "192.0.2.1", "--dns", "dns.example.com")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("DNS server 'dns.example.com'");
        assertThat(run("", "check", "--ip", "192.0.2.1", "--zone", "bl.test=bad")).isEqualTo(2);
        assertThat(run("", "frobnicate")).isEqualTo(2);
        assertThat(run("", "classify", "--verbose", "x")).isEqualTo(2);
        assertThat(run("")).isEqualTo(2);
    }
}
