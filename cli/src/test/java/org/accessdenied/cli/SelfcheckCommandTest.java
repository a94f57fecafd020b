package org.accessdenied.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.accessdenied.core.check.ForwardConfirmedRdnsCheck;
import org.accessdenied.core.check.HeloCheck;
import org.accessdenied.testkit.NsdServer;

/** {@code selfcheck} against real DNS (nsd) for four senders: a good one, a generic-named one, one without PTR, a listed one. */
class SelfcheckCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOOD = "198.51.100.25";
    private static final String GENERIC = "198.51.100.26";
    private static final String NO_PTR = "198.51.100.27";
    private static final String LISTED = "198.51.100.28";
    private static NsdServer nsd;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startDns() {
        Map<String, String> zones = new LinkedHashMap<>();
        zones.put("100.51.198.in-addr.arpa", zone("100.51.198.in-addr.arpa",
            "25 PTR mail.goodsender.example.net.",
            "26 PTR c-198-51-100-26.dsl.isp-example.net.",
            "28 PTR mail.listedsender.example.org."));
        zones.put("goodsender.example.net", zone("goodsender.example.net",
            "@ MX 10 mail.goodsender.example.net.",
            "@ TXT \"v=spf1 ip4:" + GOOD + " -all\"",
            "mail A " + GOOD,
            "mail TXT \"v=spf1 a -all\""));
        zones.put("isp-example.net", zone("isp-example.net",
            "c-198-51-100-26.dsl A " + GENERIC,
            "c-198-51-100-26.dsl TXT \"v=spf1 a -all\"",
            "home-user MX 10 mail.isp-example.net.",
            "home-user TXT \"v=spf1 ip4:" + GENERIC + " -all\""));
        zones.put("noptr-sender.net", zone("noptr-sender.net",
            "@ MX 10 mail.noptr-sender.net.",
            "@ TXT \"v=spf1 ip4:" + NO_PTR + " -all\"",
            "mail A " + NO_PTR,
            "mail TXT \"v=spf1 a -all\""));
        zones.put("listedsender.example.org", zone("listedsender.example.org",
            "@ MX 10 mail.listedsender.example.org.",
            "@ TXT \"v=spf1 ip4:" + LISTED + " -all\"",
            "mail A " + LISTED,
            "mail TXT \"v=spf1 a -all\""));
        zones.put("bl.example.com", zone("bl.example.com",
            "2.0.0.127 A 127.0.0.2",
            "28.100.51.198 A 127.0.0.2",
            "28.100.51.198 TXT \"Listed, see https://bl.example.com/q?ip=198.51.100.28\""));
        nsd = NsdServer.start(zones);
    }

    @AfterAll
    static void stopDns() {
        nsd.close();
    }

    private static String zone(String origin, String... records) {
        return "$TTL 300\n$ORIGIN " + origin + ".\n@ IN SOA ns." + origin + ". hostmaster." + origin + ". 1 3600 600 86400 60\n"
            + "@ IN NS ns." + origin + ".\nns IN A 127.0.0.1\n" + String.join("\n", records) + "\n";
    }

    private int selfcheck(String... args) {
        String[] all = new String[args.length + 7];
        all[0] = "selfcheck";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--dns", nsd.hostAndPort(), "--timeout", "2s", "--zone", "bl.example.com"}, 0, all, args.length + 1, 6);
        return AccessDeniedCli.run(all, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** check id -> passed, in checklist order. */
    private Map<String, Boolean> verdicts() throws Exception {
        JsonNode result = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        Map<String, Boolean> verdicts = new TreeMap<>();
        result.get("checks").forEach(check -> verdicts.put(check.get("check").asText(), check.get("passed").asBoolean()));
        return verdicts;
    }

    private JsonNode check(String id) throws Exception {
        for (JsonNode check : JSON.readTree(out.toString(StandardCharsets.UTF_8)).get("checks")) {
            if (check.get("check").asText().equals(id)) {
                return check;
            }
        }
        throw new AssertionError("no check " + id + " in " + out);
    }

    private static Map<String, Boolean> allPassExcept(String... failing) {
        Map<String, Boolean> expected = new TreeMap<>();
        for (String id : new String[] {"ptr", "fcrdns", "ptr-not-generic", "helo-fqdn", "helo-resolves", "helo-matches-ptr", "spf-domain",
            "spf-helo", "mx", "zone:bl.example.com"}) {
            expected.put(id, true);
        }
        for (String id : failing) {
            expected.put(id, false);
        }
        return expected;
    }

    @Test
    void aWellConfiguredSenderShouldPassEveryPointAndExitZero() throws Exception {
        assertThat(selfcheck("--ip", GOOD, "--helo", "mail.goodsender.example.net", "--domain", "goodsender.example.net", "--json")).isZero();

        assertThat(verdicts()).isEqualTo(allPassExcept());
        assertThat(JSON.readTree(out.toString(StandardCharsets.UTF_8)).get("passed").asBoolean()).isTrue();
        assertThat(check("mx").get("detail").asText()).isEqualTo("10 mail.goodsender.example.net.");
        assertThat(check("ptr").has("remedy")).isFalse();
    }

    @Test
    void aGenericNamedSenderShouldFailTheGenericPointsWithTheDynamicRdnsRemedy() throws Exception {
        assertThat(selfcheck("--ip", GENERIC, "--helo", "c-198-51-100-26.dsl.isp-example.net", "--domain", "home-user.isp-example.net",
            "--json")).isEqualTo(1);

        assertThat(verdicts()).isEqualTo(allPassExcept("ptr-not-generic", "helo-fqdn"));
        assertThat(check("ptr-not-generic").get("detail").asText()).contains("address in name \"198-51-100-26\"");
        assertThat(check("ptr-not-generic").get("remedy").asText()).startsWith("send through your provider's mail relay (smarthost)");
        assertThat(check("helo-fqdn").get("detail").asText()).startsWith("dynamic:");
    }

    @Test
    void aSenderWithoutPtrShouldFailThePtrPointsWithTheRemedyOfThe55xReply() throws Exception {
        assertThat(selfcheck("--ip", NO_PTR, "--helo", "mail.noptr-sender.net", "--json")).isEqualTo(1);

        assertThat(verdicts()).isEqualTo(allPassExcept("ptr", "fcrdns", "ptr-not-generic", "helo-matches-ptr"));
        assertThat(check("ptr").get("detail").asText()).isEqualTo("no PTR record for " + NO_PTR);
        assertThat(check("ptr").get("remedy").asText()).isEqualTo(ForwardConfirmedRdnsCheck.REMEDY);
        assertThat(check("helo-matches-ptr").get("remedy").asText()).startsWith(HeloCheck.REMEDY);
        assertThat(JSON.readTree(out.toString(StandardCharsets.UTF_8)).get("domain").asText()).as("the HELO's domain by default")
            .isEqualTo("noptr-sender.net");
    }

    @Test
    void aListedSenderShouldFailOnlyTheZoneWithTheListsOwnUrl() throws Exception {
        assertThat(selfcheck("--ip", LISTED, "--helo", "mail.listedsender.example.org", "--domain", "listedsender.example.org")).isEqualTo(1);

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("Self-check of " + LISTED + " greeting as mail.listedsender.example.org, mail domain listedsender.example.org:")
            .contains("  [pass] PTR record present: " + LISTED + " -> mail.listedsender.example.org")
            .contains("  [FAIL] not listed on bl.example.com: ")
            .contains("         remedy: see https://bl.example.com/q?ip=198.51.100.28")
            .endsWith("1 of 10 checks fail.\n");
        assertThat(text.lines().filter(l -> l.startsWith("  [FAIL]"))).hasSize(1);
    }

    @Test
    void selfcheckShouldNeedAnIpAndAHelo() {
        assertThat(AccessDeniedCli.run(new String[] {"selfcheck", "--helo", "mail.example.net"}, new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(AccessDeniedCli.run(new String[] {"selfcheck", "--ip", GOOD}, new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("selfcheck needs --ip IP").contains("selfcheck needs --helo NAME");
    }
}
