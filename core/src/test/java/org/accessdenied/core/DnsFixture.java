package org.accessdenied.core;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.testkit.FaultyDnsProxy;

/** Per test: a fault-injecting proxy in front of the shared real nsd, and an engine asking it. */
public final class DnsFixture implements BeforeEachCallback, AfterEachCallback {
    private FaultyDnsProxy proxy;
    private EvidenceEngine engine;

    @Override
    public void beforeEach(ExtensionContext context) {
        proxy = TestDns.proxy();
        engine = TestDns.engine(proxy.hostAndPort());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        engine.close();
        proxy.close();
    }

    public FaultyDnsProxy proxy() {
        return proxy;
    }

    public EvidenceEngine engine() {
        return engine;
    }
}
