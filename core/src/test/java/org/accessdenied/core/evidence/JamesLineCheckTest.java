package org.accessdenied.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class JamesLineCheckTest {
    private static final String JAVAX = "javax.mail.internet.MimeMessage";
    private static final String JAKARTA = "jakarta.mail.internet.MimeMessage";

    @Test
    void verifyShouldPassWithTheMailetApiThisModuleIsBuiltAgainst() {
        assertThatCode(JamesLineCheck::verify).doesNotThrowAnyException();
        assertThat(JamesLineCheck.problem(JamesLineCheck.BUILT_FOR, JamesLineCheck.BUILT_FOR)).isEmpty();
    }

    @Test
    void problemShouldNameTheJarJames39NeedsWhenThe38JarIsLoadedThere() {
        assertThat(JamesLineCheck.problem(JAVAX, JAKARTA)).hasValueSatisfying(m -> assertThat(m)
            .contains("access-denied-james38 is built for James 3.8 (javax.mail")
            .contains("with access-denied-james39-VERSION.jar (for James 3.9)"));
    }

    @Test
    void problemShouldNameTheJarJames38NeedsWhenThe39JarIsLoadedThere() {
        assertThat(JamesLineCheck.problem(JAKARTA, JAVAX)).hasValueSatisfying(m -> assertThat(m)
            .contains("access-denied-james39 is built for James 3.9 (jakarta.mail")
            .contains("with access-denied-james38-VERSION.jar (for James 3.8)"));
    }
}
