package org.accessdenied.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class RunJamesTest {
    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaultsShouldBeTheStrictSetUnderTheRepository() throws Exception {
        RunJames.Options o = RunJames.parse(new String[0], ROOT);
        assertThat(o.conf).isEqualTo(ROOT.resolve("conf-samples/strict"));
        assertThat(o.home).isEqualTo(ROOT.resolve("target/james-home"));
        assertThat(o.portBase).isEqualTo(10000);
        assertThat(o.dns).isNull();
        assertThat(o.line).isEqualTo(JamesLine.JAMES_38);
    }

    @Test
    void jamesFlagShouldChooseTheLineAndItsJar() throws Exception {
        RunJames.Options o = RunJames.parse(new String[] {"--james", "3.9"}, ROOT);
        assertThat(o.line).isEqualTo(JamesLine.JAMES_39);
        assertThat(o.line.dropInJar(ROOT)).isEqualTo(ROOT.resolve("james39/dist/target/access-denied-james39-0.1.0-SNAPSHOT.jar"));
        assertThat(RunJames.parse(new String[] {"--james=3.8.1"}, ROOT).line.dropInJar(ROOT))
            .isEqualTo(ROOT.resolve("dist/target/access-denied-james38-0.1.0-SNAPSHOT.jar"));
        assertThatThrownBy(() -> RunJames.parse(new String[] {"--james", "3.7"}, ROOT)).hasMessageContaining("3.8 or 3.9");
    }

    @Test
    void flagsShouldBeReadWithSpaceOrEquals() throws Exception {
        RunJames.Options o = RunJames.parse(new String[] {"--dns", "127.0.0.1:5353", "--spamd=127.0.0.1:7830",
            "--port-base", "20000", "--conf", "/x/observe", "--home=/h", "--no-build"}, ROOT);
        assertThat(o.dns).isEqualTo("127.0.0.1:5353");
        assertThat(o.spamd).isEqualTo("127.0.0.1:7830");
        assertThat(o.portBase).isEqualTo(20000);
        assertThat(o.conf).isEqualTo(Path.of("/x/observe"));
        assertThat(o.home).isEqualTo(Path.of("/h"));
    }

    @Test
    void badFlagsShouldBeUsageErrors() {
        assertThatThrownBy(() -> RunJames.parse(new String[] {"--bogus"}, ROOT)).hasMessageContaining("unknown option '--bogus'");
        assertThatThrownBy(() -> RunJames.parse(new String[] {"--dns"}, ROOT)).hasMessageContaining("--dns needs a value");
        assertThatThrownBy(() -> RunJames.parse(new String[] {"--port-base", "x"}, ROOT)).hasMessageContaining("number");
        assertThatThrownBy(() -> RunJames.parse(new String[] {"--port-base", "60000"}, ROOT)).hasMessageContaining("between");
        assertThatThrownBy(() -> RunJames.parse(new String[] {"--spamd", "localhost"}, ROOT)).hasMessageContaining("HOST:PORT");
    }

    @Test
    void runShouldExitWith2OnBadFlagsAnd0OnHelp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(RunJames.run(new String[] {"--nope"}, new PrintStream(out), new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--nope'").contains("--help");
        assertThat(RunJames.run(new String[] {"--help"}, new PrintStream(out), new PrintStream(err))).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--port-base").contains("--spamd");
    }
}
