package org.accessdenied.it;

import org.accessdenied.launcher.JamesLine;

/**
 * {@link ObserveSampleEndToEndTest} against James 3.8.1 with access-denied-james38 (javax.mail, Java 11 bytecode).
 */
class ObserveSampleOnJames38Test extends ObserveSampleEndToEndTest {
    ObserveSampleOnJames38Test() {
        super(JamesLine.JAMES_38);
    }
}
