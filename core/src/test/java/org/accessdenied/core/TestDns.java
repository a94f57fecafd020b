package org.accessdenied.core;

import java.time.Duration;
import java.util.List;

import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.dns.ResolverAddress;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.testkit.FaultyDnsProxy;
import org.accessdenied.testkit.NsdServer;

/** Engines wired to the shared real nsd, directly or through a fault-injecting proxy. */
public final class TestDns {
    public static final Duration TIMEOUT = Duration.ofMillis(700);

    private TestDns() {
    }

    public static NsdServer nsd() {
        return NsdServer.shared();
    }

    public static EvidenceEngine engine() {
        return engine(nsd().hostAndPort());
    }

    public static EvidenceEngine engine(String server) {
        return new EvidenceEngine(EngineSettings.forDns(List.of(ResolverAddress.parse(server)), TIMEOUT));
    }

    /** A proxy in front of nsd that silences silent.test (a zone whose servers never answer). */
    public static FaultyDnsProxy proxy() {
        return FaultyDnsProxy.startInFrontOf(nsd().address()).silence("silent.test");
    }
}
