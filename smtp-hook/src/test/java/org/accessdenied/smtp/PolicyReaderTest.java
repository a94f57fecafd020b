package org.accessdenied.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.GenericMatcher;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.dns.ResolverAddress;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.policy.RuleAction;
import org.accessdenied.core.time.Deadline;
import org.accessdenied.matchers.BadHelo;
import org.accessdenied.matchers.RemoteAddrInDnsbl;
import org.accessdenied.testkit.NsdServer;

class PolicyReaderTest {
    private static final EvidenceEngine ENGINE = new EvidenceEngine(EngineSettings.forDns(
        List.of(ResolverAddress.parse(NsdServer.shared().hostAndPort())), Duration.ofSeconds(1)));

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    /** Stands in for James's MatcherLoader: the pack's matchers for real, James's envelope matchers as a stub. */
    private static Matcher create(String name, Optional<String> condition) throws Exception {
        Matcher matcher;
        switch (name) {
            case "org.accessdenied.matchers.BadHelo":
                matcher = new BadHelo(ENGINE);
                break;
            case "org.accessdenied.matchers.RemoteAddrInDnsbl":
                matcher = new RemoteAddrInDnsbl(ENGINE);
                break;
            default:
                matcher = new GenericMatcher() {
                    @Override
                    public java.util.Collection<MailAddress> match(Mail mail) {
                        return mail.getRecipients();
                    }
                };
        }
        matcher.init(FakeMatcherConfig.builder().matcherName(name).condition(condition.orElse(null))
            .mailetContext(FakeMailContext.defaultContext()).build());
        return matcher;
    }

    private static List<AdmissionRule> read(String processors) throws ConfigurationException {
        XMLConfiguration xml = new XMLConfiguration();
        new FileHandler(xml).load(new StringReader("<mailetcontainer><processors>" + processors + "</processors></mailetcontainer>"));
        return PolicyReader.read(new BaseHierarchicalConfiguration(xml), "admission", PolicyReaderTest::create, List.of());
    }

    private static final String TRANSPORT = "<processor state=\"transport\"><mailet match=\"All\" class=\"Null\"/></processor>";

    @Test
    void readShouldKeepTheRulesInOrderWithTheirActions() throws Exception {
        List<AdmissionRule> rules = read(TRANSPORT + "<processor state=\"admission\">"
            + "<mailet match=\"RemoteAddrInNetwork=192.0.2.0/24\" class=\"org.accessdenied.mailets.RejectAtSmtp\"><action>allow</action></mailet>"
            + "<mailet match=\"org.accessdenied.matchers.BadHelo\" class=\"org.accessdenied.mailets.RejectAtSmtp\">"
            + "<text>Bad HELO {helo}</text><onTemporary>pass</onTemporary></mailet>"
            + "</processor>");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).condition).isInstanceOf(EnvelopeMatcherCondition.class);
        assertThat(rules.get(0).action.kind()).isEqualTo(RuleAction.Kind.ALLOW);
        assertThat(rules.get(1).condition).isInstanceOf(CheckCondition.class);
        assertThat(rules.get(1).condition.name()).isEqualTo("BadHelo");
        assertThat(rules.get(1).action.reply().toString()).isEqualTo("550 5.7.1 Bad HELO {helo}");
        assertThat(rules.get(1).action.onTemporary()).isEqualTo(RuleAction.OnTemporary.PASS);
        assertThat(rules.get(1).metricName()).isEqualTo("rule2_BadHelo");
    }

    @Test
    void readShouldNeverRepeatADnsblKeyInTheRuleDescription() throws Exception {
        List<AdmissionRule> rules = read("<processor state=\"admission\"><mailet match=\"org.accessdenied.matchers.RemoteAddrInDnsbl={s3cr3tkey}.bl.test\" "
            + "class=\"org.accessdenied.mailets.RejectAtSmtp\"/></processor>");
        assertThat(rules.get(0).toString()).contains("{...}.bl.test").doesNotContain("s3cr3tkey");
        assertThat(rules.get(0).action.reply().code()).isEqualTo("554");
    }

    @Test
    void readShouldFailWhenTheProcessorIsMissing() {
        assertThatThrownBy(() -> read(TRANSPORT)).isInstanceOf(ConfigurationException.class)
            .hasMessage("AdmissionHook: mailetcontainer.xml has no processor state=\"admission\" holding the admission policy (processors found: [transport])");
    }

    @Test
    void readShouldFailOnAMailetItCannotEnforce() {
        assertThatThrownBy(() -> read("<processor state=\"admission\"><mailet match=\"All\" class=\"Bounce\"/></processor>"))
            .hasMessageContaining("mailet 1: class 'Bounce' cannot be enforced during the dialogue");
    }

    @Test
    void readShouldFailOnAMatcherThatNeedsWhatTheDialogueDoesNotHave() {
        assertThatThrownBy(() -> read("<processor state=\"admission\"><mailet match=\"HasAttachment\" class=\"org.accessdenied.mailets.RejectAtSmtp\"/></processor>"))
            .hasMessageContaining("matcher 'HasAttachment' cannot be evaluated during the dialogue");
    }

    @Test
    void readShouldFailNamingAnUnknownParameterOrABadValue() {
        assertThatThrownBy(() -> read("<processor state=\"admission\"><mailet match=\"All\" class=\"org.accessdenied.mailets.RejectAtSmtp\"><reply>x</reply></mailet></processor>"))
            .hasMessageContaining("unknown parameter <reply>");
        assertThatThrownBy(() -> read("<processor state=\"admission\"><mailet match=\"All\" class=\"org.accessdenied.mailets.RejectAtSmtp\"><code>250</code></mailet></processor>"))
            .hasMessageContaining("parameter 'code'");
    }

    @Test
    void readShouldFailOnAMalformedCondition() {
        assertThatThrownBy(() -> read("<processor state=\"admission\"><mailet match=\"org.accessdenied.matchers.RemoteAddrInDnsbl=bl.test=999.1.1.1\" "
            + "class=\"org.accessdenied.mailets.RejectAtSmtp\"/></processor>"))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("RemoteAddrInDnsbl");
    }

    @Test
    void readShouldRefuseNotmatchAndAnEmptyPolicy() {
        assertThatThrownBy(() -> read("<processor state=\"admission\"><mailet notmatch=\"All\" class=\"org.accessdenied.mailets.RejectAtSmtp\"/></processor>"))
            .hasMessageContaining("notmatch is not supported");
        assertThatThrownBy(() -> read("<processor state=\"admission\"/>")).hasMessageContaining("holds no rule");
    }

    @Test
    void hookSettingsShouldRefuseUnknownElementsAndBadValues() {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("observ", "true");
        assertThatThrownBy(() -> HookSettings.from(config)).hasMessageContaining("unknown element <observ>");
        BaseHierarchicalConfiguration bad = new BaseHierarchicalConfiguration();
        bad.addProperty("observe", "yes");
        assertThatThrownBy(() -> HookSettings.from(bad)).hasMessageContaining("<observe> must be true or false");
        BaseHierarchicalConfiguration deadline = new BaseHierarchicalConfiguration();
        deadline.addProperty("rcptDeadline", "soon");
        assertThatThrownBy(() -> HookSettings.from(deadline)).hasMessageContaining("rcptDeadline");
        BaseHierarchicalConfiguration late = new BaseHierarchicalConfiguration();
        late.addProperty("decideAtEndOfData", "sometimes");
        assertThatThrownBy(() -> HookSettings.from(late)).hasMessageContaining("<decideAtEndOfData> must be true or false");
    }

    @Test
    void hookSettingsShouldHaveSafeDefaults() throws Exception {
        HookSettings settings = HookSettings.from(new BaseHierarchicalConfiguration());
        assertThat(settings.processor).isEqualTo("admission");
        assertThat(settings.observe).isFalse();
        assertThat(settings.exemptRelaying).isTrue();
        assertThat(settings.alwaysReachable).containsExactlyInAnyOrder("postmaster", "abuse");
        assertThat(settings.decideAtEndOfData).isTrue();
        BaseHierarchicalConfiguration atRcpt = new BaseHierarchicalConfiguration();
        atRcpt.addProperty("decideAtEndOfData", "false");
        assertThat(HookSettings.from(atRcpt).decideAtEndOfData).isFalse();
    }

    @Test
    void rcptDeadlineShouldOutlastALookupStartedAtConnectUnlessConfigured() throws Exception {
        Duration dnsTimeout = Duration.ofSeconds(3);
        assertThat(HookSettings.from(new BaseHierarchicalConfiguration()).rcptDeadline(dnsTimeout))
            .isEqualTo(dnsTimeout.plus(Deadline.REPORTING_MARGIN)).isGreaterThan(dnsTimeout);
        BaseHierarchicalConfiguration configured = new BaseHierarchicalConfiguration();
        configured.addProperty("rcptDeadline", "1500ms");
        assertThat(HookSettings.from(configured).rcptDeadline(dnsTimeout)).isEqualTo(Duration.ofMillis(1500));
    }
}
