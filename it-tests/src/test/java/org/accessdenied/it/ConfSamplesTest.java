package org.accessdenied.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The configuration sets of {@code conf-samples/}: complete James 3.8.1 memory-server confs an admin copies as they are.
 * Every XML is well formed, the processors James and the pack need are there, nothing bounces spam, and every
 * {@code org.accessdenied.*} class named exists in the drop-in jar.
 */
class ConfSamplesTest {
    private static final Path ROOT = Path.of(System.getProperty("accessdenied.repoRoot", "..")).toAbsolutePath().normalize();
    private static final Path SAMPLES = ROOT.resolve("conf-samples");
    private static final Path DROP_IN_JAR = Path.of(System.getProperty("accessdenied.dropInJar",
        ROOT.resolve("dist/target/access-denied-0.1.0-SNAPSHOT.jar").toString()));
    /** The test-only copy of strict without the SMTP hook (RunCommandTest). */
    private static final Path STRICT_NO_HOOK = ROOT.resolve("it-tests/src/test/resources/conf-sets/strict-no-hook");

    private static final List<String> SETS = List.of("strict", "observe", "smarthost");
    /** Every file the 3.8.1 memory app reads (others fall back to defaults with a warning). */
    private static final List<String> REQUIRED_FILES = List.of(
        "README.md", "access-denied.properties", "dnsservice.xml", "domainlist.xml", "extensions.properties",
        "healthcheck.properties", "imapserver.xml", "jmap.properties", "jmx.properties", "jvm.properties",
        "listeners.xml", "lmtpserver.xml", "logback.xml", "mailetcontainer.xml", "mailrepositorystore.xml",
        "managesieveserver.xml", "pop3server.xml", "recipientrewritetable.xml", "smtpserver.xml",
        "usersrepository.xml", "webadmin.properties");
    private static final Set<String> BOUNCING_MAILETS = Set.of(
        "Bounce", "DSNBounce", "NotifySender", "NotifyPostmaster", "Redirect", "Resend", "Forward");

    private static Document parse(Path xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setIgnoringComments(true);
        return factory.newDocumentBuilder().parse(xml.toFile());
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
                out.add((Element) n);
            }
        }
        return out;
    }

    private static List<Element> all(Document doc, String name) {
        NodeList list = doc.getElementsByTagName(name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    private static String text(Element parent, String child) {
        List<Element> c = children(parent, child);
        return c.isEmpty() ? null : c.get(0).getTextContent().trim();
    }

    private static Map<String, Element> processors(Document mailetcontainer) {
        Map<String, Element> byState = new LinkedHashMap<>();
        for (Element p : all(mailetcontainer, "processor")) {
            if (p.hasAttribute("state")) {
                byState.put(p.getAttribute("state"), p);
            }
        }
        return byState;
    }

    /** The class part of {@code match="org.x.Matcher=condition"} / {@code class="..."}. */
    private static String className(String attribute) {
        int eq = attribute.indexOf('=');
        return (eq < 0 ? attribute : attribute.substring(0, eq)).trim();
    }

    @ParameterizedTest
    @ValueSource(strings = {"strict", "observe", "smarthost"})
    void everySetIsCompleteAndWellFormed(String set) throws Exception {
        Path dir = SAMPLES.resolve(set);
        for (String file : REQUIRED_FILES) {
            assertThat(dir.resolve(file)).as(set + "/" + file).isRegularFile();
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path xml : files.filter(p -> p.toString().endsWith(".xml")).collect(Collectors.toList())) {
                parse(xml);
            }
        }
        assertThat(Files.readString(dir.resolve("access-denied.properties")))
            .as("the pack's settings start from the shared sample")
            .contains(Files.readString(SAMPLES.resolve("access-denied.properties")).lines().findFirst().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"strict", "observe", "smarthost"})
    void mailetContainerHasWhatJamesAndThePackNeed(String set) throws Exception {
        Document doc = parse(SAMPLES.resolve(set).resolve("mailetcontainer.xml"));
        Map<String, Element> processors = processors(doc);
        assertThat(processors).containsKeys("root", "error", "transport", "local-delivery");

        List<Element> transport = children(processors.get("transport"), "mailet");
        assertThat(transport.get(0).getAttribute("class")).as("James's start-up check: bcc removed first").isEqualTo("RemoveMimeHeader");
        assertThat(text(transport.get(0), "name")).isEqualTo("bcc");

        // every processor routed to exists
        for (Element mailet : all(doc, "mailet")) {
            for (String key : List.of("processor", "errorProcessor", "bounceProcessor")) {
                String target = text(mailet, key);
                if (target != null) {
                    assertThat(processors).as(set + ": " + key + " " + target).containsKey(target);
                }
            }
        }
        // nothing bounces spam: a bouncing mailet only in "bounces", which only RemoteDelivery (mail of our own
        // authenticated users) feeds
        for (Map.Entry<String, Element> p : processors.entrySet()) {
            for (Element mailet : children(p.getValue(), "mailet")) {
                if (BOUNCING_MAILETS.contains(className(mailet.getAttribute("class")))) {
                    assertThat(p.getKey()).as(set + ": " + mailet.getAttribute("class") + " in " + p.getKey()).isEqualTo("bounces");
                }
            }
        }
        for (Element mailet : all(doc, "mailet")) {
            if ("bounces".equals(text(mailet, "processor"))) {
                throw new AssertionError(set + ": a ToProcessor to 'bounces'");
            }
        }

        // spam scoring in the spooler, before delivery: in "root" (before transport's header rewriting) or "transport"
        List<Element> spooler = new ArrayList<>(children(processors.get("root"), "mailet"));
        spooler.addAll(transport);
        List<String> matchers = spooler.stream().map(m -> m.getAttribute("match")).collect(Collectors.toList());
        assertThat(matchers).as("spooler spam scoring").contains("org.accessdenied.matchers.HighSpamScore=15",
            "org.accessdenied.matchers.HighSpamScore=5");
        if (set.equals("smarthost")) {
            assertThat(processors).doesNotContainKey("admission");
        } else {
            List<Element> admission = children(processors.get("admission"), "mailet");
            assertThat(admission.stream().map(m -> className(m.getAttribute("match"))))
                .containsExactly("org.accessdenied.matchers.RemoteAddrInDnsbl", "org.accessdenied.matchers.NoMatchingPtr",
                    "org.accessdenied.matchers.DynamicRdns", "org.accessdenied.matchers.BadHelo",
                    "org.accessdenied.matchers.SpfFail");
            assertThat(admission).allSatisfy(m ->
                assertThat(m.getAttribute("class")).isEqualTo("org.accessdenied.mailets.RejectAtSmtp"));
        }
        if (set.equals("observe")) {
            assertThat(spooler.stream().map(m -> m.getAttribute("class")))
                .as("observe only tags").doesNotContain("org.accessdenied.mailets.SilentDiscard",
                    "org.accessdenied.mailets.WarnRecipientWithAttachment");
        } else {
            assertThat(spooler.stream().map(m -> m.getAttribute("class")))
                .contains("org.accessdenied.mailets.SilentDiscard", "org.accessdenied.mailets.WarnRecipientWithAttachment");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"strict", "observe", "smarthost"})
    void smtpServersRunThePolicyBeforeTheCoreAndRelayNobody(String set) throws Exception {
        Document doc = parse(SAMPLES.resolve(set).resolve("smtpserver.xml"));
        List<Element> servers = all(doc, "smtpserver");
        assertThat(servers.stream().map(s -> text(s, "bind"))).containsExactly("0.0.0.0:25", "0.0.0.0:587");
        for (Element server : servers) {
            assertThat(children(server, "authorizedAddresses")).as("no relay clients: loopback is checked too").isEmpty();
            List<Element> handlers = children(children(server, "handlerchain").get(0), "handler");
            List<String> classes = handlers.stream().map(h -> h.getAttribute("class")).collect(Collectors.toList());
            assertThat(classes).endsWith("org.apache.james.smtpserver.CoreCmdHandlerLoader");
            if (set.equals("smarthost")) {
                assertThat(classes).doesNotContain("org.accessdenied.smtp.AdmissionHook");
            } else {
                assertThat(classes.get(0)).isEqualTo("org.accessdenied.smtp.AdmissionHook");
                assertThat(text(handlers.get(0), "processor")).isEqualTo("admission");
                assertThat(text(handlers.get(0), "observe")).isEqualTo(set.equals("observe") ? "true" : null);
                if (text(server, "bind").endsWith(":25")) {
                    assertThat(java.util.Arrays.asList(text(server, "ioWorkerCount"), text(server, "maxExecutorCount")))
                        .as("threads for a pipelined RCPT TO waiting for SPF, on James 3.8.1 (IO threads) and 3.9.0 (executors) alike")
                        .containsExactly("32", "32");
                }
            }
        }
        assertThat(text(children(servers.get(1), "auth").get(0), "announce")).as("submission offers AUTH").isEqualTo("always");
    }

    @ParameterizedTest
    @ValueSource(strings = {"strict", "observe", "smarthost"})
    void everyServerOffersStartTlsAndTakesPasswordsOnlyOverTls(String set) throws Exception {
        Path dir = SAMPLES.resolve(set);
        assertThat(dir.resolve("keystore")).as("no private key in the repository: bin/james makes one").doesNotExist();
        List<Element> servers = new ArrayList<>(all(parse(dir.resolve("smtpserver.xml")), "smtpserver"));
        servers.addAll(all(parse(dir.resolve("imapserver.xml")), "imapserver"));
        assertThat(servers).hasSize(3);
        for (Element server : servers) {
            String name = set + " " + text(server, "bind");
            Element tls = children(server, "tls").get(0);
            assertThat(tls.getAttribute("startTLS")).as(name).isEqualTo("true");
            assertThat(tls.getAttribute("socketTLS")).as(name).isEqualTo("false");
            assertThat(text(tls, "keystore")).as(name).isEqualTo("file://conf/keystore");
            assertThat(text(tls, "keystoreType")).as(name).isEqualTo("PKCS12");
            assertThat(text(tls, "secret")).as(name).isEqualTo("change-me");
            assertThat(text(children(server, "auth").get(0), "requireSSL")).as(name).isEqualTo("true");
            assertThat(children(server, "plainAuthDisallowed")).as(name + ": auth/requireSSL only").isEmpty();
        }
        for (Element smtp : servers.subList(0, 2)) {
            List<String> classes = children(children(smtp, "handlerchain").get(0), "handler").stream()
                .map(h -> h.getAttribute("class")).collect(Collectors.toList());
            assertThat(classes).as(set + ": James 3.8.1 takes AUTH before STARTTLS unless refused")
                .contains("org.accessdenied.smtp.AuthOnlyOverTls");
        }
    }

    @Test
    void everyClassOfThePackNamedExistsInTheDropInJar() throws Exception {
        assertThat(DROP_IN_JAR).isRegularFile();
        Set<String> inJar;
        try (ZipFile zip = new ZipFile(DROP_IN_JAR.toFile())) {
            inJar = zip.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
                .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                .collect(Collectors.toSet());
        }
        Set<String> named = new TreeSet<>();
        for (String set : SETS) {
            named.addAll(packClasses(SAMPLES.resolve(set)));
        }
        assertThat(named).contains("org.accessdenied.smtp.AdmissionHook", "org.accessdenied.smtp.AuthOnlyOverTls",
            "org.accessdenied.mailets.RejectAtSmtp",
            "org.accessdenied.matchers.HighSpamScore");
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(inJar);
        assertThat(missing).as("classes named in conf-samples but missing from " + DROP_IN_JAR).isEmpty();
    }

    @Test
    void theTestOnlySetIsStrictWithoutTheHook() throws Exception {
        try (Stream<Path> files = Files.list(SAMPLES.resolve("strict"))) {
            for (Path f : files.collect(Collectors.toList())) {
                String name = f.getFileName().toString();
                if (!List.of("smtpserver.xml", "mailetcontainer.xml", "README.md").contains(name)) {
                    assertThat(STRICT_NO_HOOK.resolve(name)).as(name).hasSameTextualContentAs(f);
                }
            }
        }
        assertThat(packClasses(STRICT_NO_HOOK)).doesNotContain("org.accessdenied.smtp.AdmissionHook",
            "org.accessdenied.mailets.RejectAtSmtp");
    }

    /** The org.accessdenied classes named by a set's XML (comments ignored). */
    private static Set<String> packClasses(Path set) throws Exception {
        Set<String> named = new LinkedHashSet<>();
        for (String file : List.of("mailetcontainer.xml", "smtpserver.xml")) {
            Document doc = parse(set.resolve(file));
            for (String tag : List.of("mailet", "matcher", "handler")) {
                for (Element e : all(doc, tag)) {
                    for (String attr : List.of("class", "match", "notmatch")) {
                        String name = className(e.getAttribute(attr));
                        if (name.startsWith("org.accessdenied.")) {
                            named.add(name);
                        }
                    }
                }
            }
        }
        return Collections.unmodifiableSet(named);
    }
}
