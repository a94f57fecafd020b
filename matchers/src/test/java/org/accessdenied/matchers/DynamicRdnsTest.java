package org.accessdenied.matchers;

import static org.accessdenied.matchers.MatcherFixture.init;
import static org.accessdenied.matchers.MatcherFixture.smtpMail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.evidence.EvidenceAttributes;
import org.accessdenied.core.evidence.EvidenceEngine;

class DynamicRdnsTest {
    private final EvidenceEngine engine = MatcherFixture.engine();

    @AfterEach
    void close() {
        engine.close();
    }

    private DynamicRdns matcher(String condition) throws MessagingException {
        return init(new DynamicRdns(engine), "DynamicRdns", condition);
    }

    @Test
    void matchShouldSayWhichPartMatchedWhenPtrIsDynamic() throws Exception {
        Mail mail = smtpMail("192.0.2.4", "x.example.test");
        assertThat(matcher("").match(mail)).hasSize(2);
        assertThat(EvidenceAttributes.readVerdict(mail, "DynamicRdns")).map(Verdict::reason)
            .contains("192.0.2.4 has a dynamic/residential PTR: address in name \"192-0-2-4\" in c-192-0-2-4.hsd1.ca.cable.example.test");
    }

    @Test
    void matchShouldMatchIpv6Names() throws Exception {
        assertThat(matcher("").match(smtpMail("2001:db8::4", "x.example.test"))).hasSize(2);
    }

    @Test
    void matchShouldReturnNothingWhenPtrIsAServerName() throws Exception {
        assertThat(matcher("").match(smtpMail("192.0.2.1", "mx.example.test"))).isEmpty();
        assertThat(matcher("").match(smtpMail("192.0.2.41", "mail-ej1-f41.google.com"))).isEmpty();
    }

    @Test
    void matchShouldLeaveClientsWithoutPtrToNoMatchingPtr() throws Exception {
        Mail mail = smtpMail("192.0.2.2", "x.example.test");
        assertThat(matcher("").match(mail)).isEmpty();
        assertThat(EvidenceAttributes.readVerdict(mail, "DynamicRdns")).map(Verdict::outcome).contains(Verdict.Outcome.NOT_APPLICABLE);
    }

    @Test
    void matchShouldHonourConfiguredExemptionsAndPatterns() throws Exception {
        assertThat(matcher("exempt+=cable.example.test").match(smtpMail("192.0.2.4", "x.example.test"))).isEmpty();
        assertThat(matcher("pattern+=^mx\\.example\\.test$").match(smtpMail("192.0.2.1", "x.example.test"))).hasSize(2);
    }

    @Test
    void matchShouldStillMatchNamesThatDoNotSayStaticWhenStaticIsExempt() throws Exception {
        // the zone has no "static" name; DynamicRdnsClassifierTest covers what static=exempt lets through
        assertThat(matcher("static=exempt").match(smtpMail("192.0.2.4", "x.example.test"))).hasSize(2);
    }

    @Test
    void initShouldFailNamingTheProblemWhenConditionIsMalformed() {
        assertThatThrownBy(() -> matcher("pattern+=([")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("option 'pattern+' is not a valid regular expression");
        assertThatThrownBy(() -> matcher("dsl")).hasMessageContaining("unexpected 'dsl'");
        assertThatThrownBy(() -> matcher("static=maybe")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("DynamicRdns: option 'static' must be 'generic' or 'exempt', got 'maybe'");
    }
}
