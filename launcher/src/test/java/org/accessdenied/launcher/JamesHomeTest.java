package org.accessdenied.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JamesHomeTest {
    @TempDir
    Path tmp;

    @Test
    void rewriteBindsShouldMoveEveryPortByTheBaseOnLoopback() {
        String xml = "<a><bind>0.0.0.0:25</bind><!-- <bind> is rewritten --><bind> 0.0.0.0:587 </bind>"
            + "<bind>[::]:143,0.0.0.0:993</bind><bind>0.0.0.0:0</bind></a>";
        assertThat(JamesHome.rewriteBinds(xml, 10000, JamesHome.LOOPBACK)).isEqualTo("<a><bind>127.0.0.1:10025</bind><!-- <bind> is rewritten -->"
            + "<bind>127.0.0.1:10587</bind><bind>127.0.0.1:10143,127.0.0.1:10993</bind><bind>127.0.0.1:0</bind></a>");
        assertThat(JamesHome.rewriteBinds("<bind>0.0.0.0:25</bind>", 0, JamesHome.LOOPBACK)).isEqualTo("<bind>127.0.0.1:25</bind>");
    }

    @Test
    void rewriteBindsShouldMoveEveryPortByTheBaseOnTheWildcardForSmtpOnEveryAddress() {
        assertThat(JamesHome.rewriteBinds("<bind>127.0.0.1:25</bind><bind>[::]:587,0.0.0.0:465</bind>", 10000, JamesHome.EVERY_ADDRESS))
            .isEqualTo("<bind>0.0.0.0:10025</bind><bind>0.0.0.0:10587,0.0.0.0:10465</bind>");
    }

    @Test
    void rewriteBindsShouldRefusePortsOver65535() {
        assertThatThrownBy(() -> JamesHome.rewriteBinds("<bind>0.0.0.0:60000</bind>", 10000, JamesHome.LOOPBACK))
            .hasMessageContaining("over 65535");
    }

    @Test
    void rewriteWebAdminShouldMovePortAndBindLoopback() {
        assertThat(JamesHome.rewriteWebAdmin("enabled=true\nport=8000\nhost=0.0.0.0\n", 10000))
            .isEqualTo("enabled=true\nport=18000\nhost=127.0.0.1\n");
    }

    @Test
    void endpointsShouldBeHostColonPort() {
        assertThat(JamesHome.checkEndpoints("--dns", " 127.0.0.1:5353,10.0.0.1:53 ")).isEqualTo("127.0.0.1:5353,10.0.0.1:53");
        assertThatThrownBy(() -> JamesHome.checkEndpoints("--dns", "127.0.0.1")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> JamesHome.checkEndpoints("--spamd", "h:99999")).hasMessageContaining("HOST:PORT");
    }

    @Test
    void prepareShouldCopyTheSetRewritePortsAndInstallTheJar() throws Exception {
        Path set = Files.createDirectories(tmp.resolve("set"));
        Files.writeString(set.resolve("smtpserver.xml"), "<smtpservers><bind>0.0.0.0:25</bind></smtpservers>");
        Files.writeString(set.resolve("mailetcontainer.xml"), "<mailetcontainer/>");
        Files.writeString(set.resolve("webadmin.properties"), "port=8000\nhost=0.0.0.0\n");
        Path jar = Files.writeString(tmp.resolve("access-denied-1.jar"), "jar");
        JamesHome home = JamesHome.builder(tmp.resolve("home")).confSet(set).dropInJar(jar).portBase(20000)
            .dns("127.0.0.1:5353").spamd("127.0.0.1:7830").build().prepare();

        assertThat(home.confDir().resolve("smtpserver.xml")).hasContent("<smtpservers><bind>127.0.0.1:20025</bind></smtpservers>");
        assertThat(home.confDir().resolve("webadmin.properties")).hasContent("port=28000\nhost=127.0.0.1");
        assertThat(home.extensionsDir().resolve("access-denied-1.jar")).exists();
        assertThat(home.systemProperties()).containsEntry("accessdenied.dns.servers", "127.0.0.1:5353")
            .containsEntry("accessdenied.spamd", "127.0.0.1:7830");
        assertThat(home.smtpPort()).isEqualTo(20025);
        assertThat(home.webAdminPort()).isEqualTo(28000);

        // a second start: conf/ afresh, var/ kept
        Files.writeString(home.home().resolve("var").resolve("kept"), "x");
        Files.writeString(home.confDir().resolve("stale.xml"), "<x/>");
        home.prepare();
        assertThat(home.confDir().resolve("stale.xml")).doesNotExist();
        assertThat(home.home().resolve("var").resolve("kept")).exists();
    }

    @Test
    void prepareWithSmtpOnEveryAddressShouldBindOnlySmtpToTheWildcard() throws Exception {
        Path set = Files.createDirectories(tmp.resolve("set"));
        Files.writeString(set.resolve("smtpserver.xml"), "<smtpservers><bind>0.0.0.0:25</bind></smtpservers>");
        Files.writeString(set.resolve("imapserver.xml"), "<imapservers><bind>0.0.0.0:143</bind></imapservers>");
        Files.writeString(set.resolve("mailetcontainer.xml"), "<mailetcontainer/>");
        Path jar = Files.writeString(tmp.resolve("access-denied-1.jar"), "jar");
        JamesHome home = JamesHome.builder(tmp.resolve("home")).confSet(set).dropInJar(jar).portBase(20000)
            .smtpOnEveryAddress().build().prepare();

        assertThat(home.smtpOnEveryAddress()).isTrue();
        assertThat(home.confDir().resolve("smtpserver.xml")).hasContent("<smtpservers><bind>0.0.0.0:20025</bind></smtpservers>");
        assertThat(home.confDir().resolve("imapserver.xml")).hasContent("<imapservers><bind>127.0.0.1:20143</bind></imapservers>");
    }

    @Test
    void prepareShouldRefuseAFolderItDidNotMake() throws Exception {
        Path set = Files.createDirectories(tmp.resolve("set"));
        Files.writeString(set.resolve("smtpserver.xml"), "<smtpservers/>");
        Files.writeString(set.resolve("mailetcontainer.xml"), "<mailetcontainer/>");
        Path jar = Files.writeString(tmp.resolve("access-denied-1.jar"), "jar");
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("precious.txt"), "keep me");

        assertThatThrownBy(() -> JamesHome.builder(foreign).confSet(set).dropInJar(jar).build().prepare())
            .hasMessageContaining("refusing");
        assertThat(foreign.resolve("precious.txt")).exists();
        assertThatThrownBy(() -> JamesHome.builder(tmp.resolve("h")).confSet(tmp.resolve("nope")).dropInJar(jar).build().prepare())
            .hasMessageContaining("configuration set not found");
        assertThatThrownBy(() -> JamesHome.builder(tmp.resolve("h")).confSet(set).dropInJar(tmp.resolve("no.jar")).build().prepare())
            .hasMessageContaining("drop-in jar is missing");
    }
}
