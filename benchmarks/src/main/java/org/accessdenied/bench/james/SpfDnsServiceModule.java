package org.accessdenied.bench.james;

import com.google.inject.AbstractModule;

import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;

/**
 * Makes James 3.8.1's {@code org.apache.james.smtpserver.fastfail.SPFHandler} loadable: its constructor wants a jspf
 * {@link DNSService}, which no module of the memory server binds. Listed in configuration (b)'s
 * {@code conf/extensions.properties} as {@code guice.extension.module=org.accessdenied.bench.james.SpfDnsServiceModule};
 * shipped to {@code extensions-jars/} as {@code access-denied-benchmarks-*-builtin-extension.jar}.
 * {@link DNSServiceXBillImpl} asks dnsjava's default resolver, which James's DNS service sets from
 * {@code dnsservice.xml}.
 */
public class SpfDnsServiceModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DNSService.class).to(DNSServiceXBillImpl.class);
    }
}
