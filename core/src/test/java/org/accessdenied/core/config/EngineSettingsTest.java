package org.accessdenied.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.accessdenied.core.spam.SpamdSettings;

class EngineSettingsTest {
    private static EngineSettings from(Map<String, String> file) {
        return EngineSettings.from(key -> Optional.ofNullable(file.get(key)), file.keySet(), name -> Optional.empty());
    }

    @Test
    void fromShouldReadTheSpamdQueueAndCircuitKeys() {
        SpamdSettings spamd = from(Map.of("spamd.queue", "0", "spamd.circuit.failures", "3", "spamd.circuit.probeInterval", "500ms")).spamd();
        assertThat(spamd.queue()).isZero();
        assertThat(spamd.circuitFailures()).isEqualTo(3);
        assertThat(spamd.circuitProbeInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void fromShouldDefaultToAShortQueueAndACircuitProbedEverySecond() {
        SpamdSettings spamd = from(Map.of()).spamd();
        assertThat(spamd.queue()).isEqualTo(32);
        assertThat(spamd.circuitFailures()).isEqualTo(5);
        assertThat(spamd.circuitProbeInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void fromShouldNameTheFaultySpamdKey() {
        assertThatThrownBy(() -> from(Map.of("spamd.circuit.failures", "0"))).hasMessageStartingWith("spamd.circuit.failures: must be 1 or more");
        assertThatThrownBy(() -> from(Map.of("spamd.queue", "-1"))).hasMessageStartingWith("spamd.queue: must be 0 or more");
        assertThatThrownBy(() -> from(Map.of("spamd.circuit.probeInterval", "soon"))).hasMessageStartingWith("spamd.circuit.probeInterval:");
        assertThatThrownBy(() -> from(Map.of("spamd.circuit.cooldown", "1s"))).hasMessageContaining("unknown key(s) [spamd.circuit.cooldown]");
    }

    @Test
    void fromShouldReadQuestionsPerPortAndDefaultToEight() {
        assertThat(from(Map.of()).dns().questionsPerPort()).isEqualTo(8);
        assertThat(from(Map.of("dns.questionsPerPort", "0")).dns().questionsPerPort()).isZero();
        assertThatThrownBy(() -> from(Map.of("dns.questionsPerPort", "-1"))).hasMessageStartingWith("dns.questionsPerPort must be between 0 and 1000");
        assertThatThrownBy(() -> from(Map.of("dns.questionsPerPort", "many"))).hasMessageStartingWith("dns.questionsPerPort: expected a whole number");
    }

    @Test
    void fromShouldReadTheSpfCacheSizeAndDefaultToTenThousand() {
        assertThat(from(Map.of()).spfCacheSize()).isEqualTo(10_000);
        assertThat(from(Map.of("spf.cacheSize", "0")).spfCacheSize()).isZero();
        assertThatThrownBy(() -> from(Map.of("spf.cacheSize", "-1"))).hasMessageStartingWith("spf.cacheSize: must be 0 or more");
        assertThatThrownBy(() -> from(Map.of("spf.cacheSize", "lots"))).hasMessageStartingWith("spf.cacheSize: expected a whole number");
    }
}
