package org.accessdenied.core.evidence;

import com.google.inject.AbstractModule;

/**
 * Stops James at start-up, with a message naming the right jar, when the pack's jar is the other James line's. Without
 * it the JVM refuses the first class of the pack James loads, in its own words ({@code NoClassDefFoundError:
 * javax/mail/...}, {@code UnsupportedClassVersionError}); this module runs before any of them, because James loads
 * Guice extension modules first. It and {@link JamesLineCheck} are Java 11 bytecode in both jars (the 3.9 build
 * compiles just these two at release 11) and mention no mail API type, so they load in either James. In
 * extensions.properties:
 * <pre>{@code
 * guice.extension.module=org.accessdenied.core.evidence.JamesLineModule
 * }</pre>
 */
public final class JamesLineModule extends AbstractModule {
    @Override
    protected void configure() {
        JamesLineCheck.verify();
    }
}
