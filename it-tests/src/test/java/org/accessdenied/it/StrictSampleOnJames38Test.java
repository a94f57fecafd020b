package org.accessdenied.it;

import org.accessdenied.launcher.JamesLine;

/**
 * {@link StrictSampleEndToEndTest} against James 3.8.1 with access-denied-james38 (javax.mail, Java 11 bytecode).
 */
class StrictSampleOnJames38Test extends StrictSampleEndToEndTest {
    StrictSampleOnJames38Test() {
        super(JamesLine.JAMES_38);
    }
}
