package org.accessdenied.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class AdmissionBenchmarkTest {
    @Test
    void conditionsShouldParseKeysAndTheOldForm() {
        List<AdmissionBenchmark.Condition> list = AdmissionBenchmark.Condition.parseList("dns=20,rtt=30;dns=0,mix=accepted,clients=500", 50);
        assertThat(list).hasSize(2);
        assertThat(list.get(0).latencyMs).isEqualTo(20);
        assertThat(list.get(0).rttMs).isEqualTo(30);
        assertThat(list.get(0).clients).isEqualTo(50);
        assertThat(list.get(1).mix).isEqualTo("accepted");
        assertThat(list.get(1).clients).isEqualTo(500);
        List<AdmissionBenchmark.Condition> old = AdmissionBenchmark.Condition.parseList("0,20/0.05", 50);
        assertThat(old.get(1).loss).isEqualTo(0.05);
        assertThat(old.get(1).label()).isEqualTo("DNS 20 ms, 5 % loss, R 0 ms, 50 clients");
        assertThatThrownBy(() -> AdmissionBenchmark.Condition.parse("dns=1,speed=3", 50)).hasMessageContaining("speed=3");
        AdmissionBenchmark.Condition pipelined = AdmissionBenchmark.Condition.parse("dns=100,pipe=1", 50);
        assertThat(pipelined.pipelining).isTrue();
        assertThat(pipelined.label()).isEqualTo("DNS 100 ms, R 0 ms, 50 clients, MAIL+RCPT pipelined");
        assertThat(list.get(0).pipelining).isFalse();
        assertThatThrownBy(() -> AdmissionBenchmark.Condition.parse("dns=1,pipe=yes", 50)).hasMessageContaining("pipe must be 0 or 1");
    }

    @Test
    void newSendersShouldGiveEveryMessageOfANewClientItsOwnSenderDomain() {
        AdmissionBenchmark.Condition condition = AdmissionBenchmark.Condition.parse("dns=100,pipe=1,senders=new", 50);
        assertThat(condition.label()).isEqualTo("DNS 100 ms, R 0 ms, 50 clients, MAIL+RCPT pipelined, new sender domains");
        assertThatThrownBy(() -> AdmissionBenchmark.Condition.parse("dns=1,senders=fresh", 50)).hasMessageContaining("senders must be");
        assertThat(AdmissionBenchmark.Condition.parse("dns=1", 50).newSenders).isFalse();

        List<SmtpLoadDriver.Scenario> all = BenchZones.scenarios(16);
        SmtpLoadDriver.Scenario cleanBefore = all.get(0);
        int firstAddress = cleanBefore.nextAddress();
        List<SmtpLoadDriver.Scenario> chosen = condition.scenarios(all);
        SmtpLoadDriver.Scenario clean = chosen.get(0);
        SmtpLoadDriver.Scenario repeat = chosen.stream().filter(s -> s.name().equals("repeat")).findFirst().orElseThrow();
        SmtpLoadDriver.Scenario spffail = chosen.stream().filter(s -> s.name().equals("spffail")).findFirst().orElseThrow();
        String first = SmtpLoadDriver.Scenario.expand(clean.mailFrom, firstAddress);
        String second = SmtpLoadDriver.Scenario.expand(clean.mailFrom, firstAddress);
        assertThat(first).matches("sender@m\\d+\\.senders\\.bench\\.test").isNotEqualTo(second);
        assertThat(repeat.mailFrom).isEqualTo(BenchZones.SHARED_SENDER);
        assertThat(spffail.mailFrom).isEqualTo("sender@fail.bench.test");
        assertThat(clean.nextAddress()).as("the pool goes on where the shared-sender scenario was").isEqualTo(firstAddress + 1);
        assertThat(BenchZones.zones(16).get("bench.test")).contains("*.senders TXT \"v=spf1 include:_spf.provider.bench.test -all\"");
    }

    @Test
    void askedAgainShouldCountRepeatsButNotZoneHealthProbes() {
        List<String> questions = List.of("2.0.0.127.zen.spamhaus.org A", "1.0.0.127.zen.spamhaus.org A",
            "4.3.2.127.zen.spamhaus.org A", "m1.senders.bench.test TXT", "2.0.0.127.zen.spamhaus.org A",
            "1.0.0.127.zen.spamhaus.org A", "4.3.2.127.zen.spamhaus.org A", "m2.senders.bench.test TXT");
        assertThat(AdmissionBenchmark.askedAgain(questions)).containsExactly("4.3.2.127.zen.spamhaus.org A");
        assertThat(AdmissionBenchmark.askedAgain(List.of("10.0.0.127.bl.spamcop.net A", "10.0.0.127.bl.spamcop.net A")))
            .as("the repeat client 127.0.0.10 is no test point").hasSize(1);
    }

    @Test
    void configShouldTakeVariantsAndRefuseBuiltinOnJames39() {
        AdmissionBenchmark.Config c = new AdmissionBenchmark.Config("strict:io=8:line=3.9:jar=/x/jar-before/a.jar");
        assertThat(c.base).isEqualTo("strict");
        assertThat(c.variants).containsEntry("io", "8");
        assertThat(c.label()).isEqualTo("(c) strict:io=8:line=3.9:jar=jar-before");
        assertThatThrownBy(() -> new AdmissionBenchmark.Config("builtin:line=3.9")).hasMessageContaining("3.8 only");
        assertThatThrownBy(() -> new AdmissionBenchmark.Config("strict:threads=3")).hasMessageContaining("variant");
    }

    @Test
    void checksNoneShouldKeepTheHookWithOneRuleOfJamesAndNoCheckOfThePack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path out) throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of("..");
        AdmissionBenchmark.Config hookOnly = new AdmissionBenchmark.Config("strict:checks=none");
        assertThat(hookOnly.withoutChecks()).isTrue();
        assertThat(new AdmissionBenchmark.Config("strict").withoutChecks()).isFalse();
        assertThatThrownBy(() -> new AdmissionBenchmark.Config("none:checks=none")).hasMessageContaining("of strict only");
        assertThatThrownBy(() -> new AdmissionBenchmark.Config("strict:checks=some")).hasMessageContaining("checks=none");
        AdmissionBenchmark bench = new AdmissionBenchmark(root, out, java.time.Duration.ofSeconds(1), java.time.Duration.ZERO, 1, 16,
            30000, List.of(hookOnly), AdmissionBenchmark.Condition.parseList("dns=0,mix=accepted", 50), false, null);
        java.nio.file.Path set = bench.prepareConfSet(hookOnly);
        String container = java.nio.file.Files.readString(set.resolve("mailetcontainer.xml"));
        String admission = container.replaceAll("(?s).*<processor state=\"admission\"[^>]*>(.*?)</processor>.*", "$1");
        assertThat(admission).isEqualTo("<mailet match=\"RemoteAddrInNetwork=192.0.2.0/24\" class=\"org.accessdenied.mailets.RejectAtSmtp\">"
            + "<action>allow</action></mailet>");
        assertThat(container).doesNotContain("org.accessdenied.matchers").contains("<processor state=\"transport\"");
        assertThat(java.nio.file.Files.readString(set.resolve("smtpserver.xml"))).contains("org.accessdenied.smtp.AdmissionHook");
    }

    @Test
    void configShouldAskNsdDirectlyOnlyWithoutDnsLatencyOrLoss() {
        AdmissionBenchmark.Config direct = new AdmissionBenchmark.Config("strict:dns=nsd");
        assertThat(direct.asksNsd()).isTrue();
        assertThat(new AdmissionBenchmark.Config("strict").asksNsd()).isFalse();
        assertThatThrownBy(() -> new AdmissionBenchmark.Config("strict:dns=8.8.8.8")).hasMessageContaining("dns=nsd");
        List<AdmissionBenchmark.Condition> cpuBound = AdmissionBenchmark.Condition.parseList("dns=0,mix=accepted", 50);
        new AdmissionBenchmark(java.nio.file.Path.of("."), java.nio.file.Path.of("."), java.time.Duration.ofSeconds(1),
            java.time.Duration.ZERO, 1, 16, 30000, List.of(direct), cpuBound, false, null);
        List<AdmissionBenchmark.Condition> slowDns = AdmissionBenchmark.Condition.parseList("dns=20,rtt=30", 50);
        assertThatThrownBy(() -> new AdmissionBenchmark(java.nio.file.Path.of("."), java.nio.file.Path.of("."),
            java.time.Duration.ofSeconds(1), java.time.Duration.ZERO, 1, 16, 30000, List.of(direct), slowDns, false, null))
            .hasMessageContaining("dns=0 and loss=0");
    }

    @Test
    void execVariantShouldSetTheSamplesExecutorCountOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path out) throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of("..");
        AdmissionBenchmark.Config fewer = new AdmissionBenchmark.Config("strict:line=3.9:exec=4");
        AdmissionBenchmark bench = new AdmissionBenchmark(root, out, java.time.Duration.ofSeconds(1), java.time.Duration.ZERO, 1, 16,
            30000, List.of(fewer), AdmissionBenchmark.Condition.parseList("dns=20", 50), false, null);
        String sample = java.nio.file.Files.readString(root.resolve("conf-samples/strict/smtpserver.xml"));
        String set = java.nio.file.Files.readString(bench.prepareConfSet(fewer).resolve("smtpserver.xml"));
        assertThat(sample).contains("<maxExecutorCount>32</maxExecutorCount>");
        assertThat(set.split("<maxExecutorCount>", -1)).hasSize(2);
        assertThat(set).contains("<maxExecutorCount>4</maxExecutorCount>");
    }

    @Test
    void spreadShouldGiveTheMedianAndTheRange() {
        assertThat(AdmissionBenchmark.spread(List.of(3.0, 1.0, 2.0), "%.1f")).isEqualTo("2.0 [1.0-3.0]");
        assertThat(AdmissionBenchmark.spread(List.of(1.0, 4.0), "%.1f")).isEqualTo("2.5 [1.0-4.0]");
        assertThat(AdmissionBenchmark.spread(List.of(Double.NaN), "%.1f")).isEqualTo("-");
    }
}
