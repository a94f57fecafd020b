package org.accessdenied.it;

import org.accessdenied.launcher.JamesLine;

/**
 * {@link StrictSampleEndToEndTest} against James 3.9.0 with access-denied-james39 (jakarta.mail, Java 21
 * bytecode), on the JDK of {@code james39.jdk}.
 */
@WhenJames39IsBuilt
class StrictSampleOnJames39Test extends StrictSampleEndToEndTest {
    StrictSampleOnJames39Test() {
        super(JamesLine.JAMES_39);
    }
}
