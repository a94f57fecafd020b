package org.accessdenied.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.accessdenied.launcher.JamesLine;

/**
 * A test of the James 3.9 line: it runs when the build has the line (a JDK >= 21 in {@code -Djames39.jdk}, which
 * bin/test passes when James 3.9.0 is in the local repository too) and is skipped otherwise, bin/test saying why.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfSystemProperty(named = JamesLine.JAMES39_JDK_PROPERTY, matches = ".+",
    disabledReason = "the James 3.9 line is not built here (no JDK >= 21, or no James 3.9.0 in the local repository: bin/test says which)")
@interface WhenJames39IsBuilt {
}
