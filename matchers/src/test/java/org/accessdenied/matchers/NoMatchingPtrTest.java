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
import org.accessdenied.core.evidence.ForwardConfirmation;

class NoMatchingPtrTest {
    private final EvidenceEngine engine = MatcherFixture.engine();

    @AfterEach
    void close() {
        engine.close();
    }

    private NoMatchingPtr matcher(String condition) throws MessagingException {
        return init(new NoMatchingPtr(engine), "NoMatchingPtr", condition);
    }

    @Test
    void matchShouldReturnNothingWhenPtrIsForwardConfirmed() throws Exception {
        Mail mail = smtpMail("192.0.2.1", "mx.example.test");
        assertThat(matcher("").match(mail)).isEmpty();
        assertThat(EvidenceAttributes.read(mail).forwardConfirmation()).map(ForwardConfirmation::result).contains(ForwardConfirmation.Result.PASS);
    }

    @Test
    void matchShouldMatchWhenThereIsNoPtr() throws Exception {
        Mail mail = smtpMail("192.0.2.2", "mx.example.test");
        assertThat(matcher("").match(mail)).hasSize(2);
        assertThat(EvidenceAttributes.readVerdict(mail, "NoMatchingPtr")).map(Verdict::reason).contains("no PTR record for 192.0.2.2");
    }

    @Test
    void matchShouldMatchWhenPtrDoesNotResolveBack() throws Exception {
        assertThat(matcher("").match(smtpMail("192.0.2.3", "mx.example.test"))).hasSize(2);
        assertThat(matcher("require=ptr").match(smtpMail("192.0.2.3", "mx.example.test"))).isEmpty();
    }

    @Test
    void matchShouldFollowTheTemporaryOptionWhenForwardLookupFails() throws Exception {
        // 192.0.2.7's PTR names a host in a zone whose servers never answer... here nsd refuses it: a temporary error too
        Mail lenient = smtpMail("198.51.100.1", "mx.example.test");
        assertThat(matcher("").match(lenient)).isEmpty();
        assertThat(EvidenceAttributes.readVerdict(lenient, "NoMatchingPtr")).map(Verdict::outcome).contains(Verdict.Outcome.TEMPORARY);
        Mail strict = smtpMail("198.51.100.1", "mx.example.test");
        assertThat(matcher("temporary=match").match(strict)).hasSize(2);
    }

    @Test
    void initShouldFailNamingTheProblemWhenConditionIsMalformed() {
        assertThatThrownBy(() -> matcher("require=dns")).isInstanceOf(MessagingException.class).hasMessageContaining("option 'require' must be");
    }
}
