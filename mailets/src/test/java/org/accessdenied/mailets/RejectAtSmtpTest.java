package org.accessdenied.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryStore;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.accessdenied.testkit.TestMessages;

class RejectAtSmtpTest {
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private MemoryMailRepositoryStore repositories;

    @BeforeEach
    void setUp() throws Exception {
        repositories = MailetFixture.repositories();
    }

    private RejectAtSmtp mailet(String... parameters) throws MessagingException {
        RejectAtSmtp mailet = new RejectAtSmtp(repositories, metrics);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("RejectAtSmtp").mailetContext(context);
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    @Test
    void serviceShouldStoreAndDropAMailReachedAfterAcceptanceAndNeverBounce() throws Exception {
        Mail mail = MailetFixture.flagged(TestMessages.smtp("middle-band.eml"), 8.6);
        mailet().service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        MailRepository stored = repositories.select(MailRepositoryUrl.from("memory://" + RejectAtSmtp.DEFAULT_REPOSITORY_PATH));
        assertThat(stored.size()).isEqualTo(1);
        assertThat(context.getSentMails()).isEmpty();
        assertThat(context.getBouncedMails()).isEmpty();
        assertThat(metrics.countFor(RejectAtSmtp.METRIC)).isEqualTo(1);
    }

    @Test
    void serviceShouldDeliverTaggedWhenConfigured() throws Exception {
        Mail mail = MailetFixture.flagged(TestMessages.smtp("middle-band.eml"), 8.6);
        mailet("afterAcceptance", "deliver").service(mail);
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(mail.getMessage().getHeader(RejectAtSmtp.WOULD_REJECT_HEADER)).singleElement().asString()
            .startsWith("HighSpamScore: spam score 8.6");
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void allowRuleShouldLeaveTheMailAlone() throws Exception {
        Mail mail = MailetFixture.flagged(TestMessages.smtp("middle-band.eml"), 8.6);
        mailet("action", "allow").service(mail);
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(mail.getMessage().getHeader(RejectAtSmtp.WOULD_REJECT_HEADER)).isNull();
    }

    @Test
    void initShouldFailNamingTheParameter() {
        assertThatThrownBy(() -> mailet("code", "250")).isInstanceOf(MessagingException.class).hasMessageContaining("parameter 'code'");
        assertThatThrownBy(() -> mailet("afterAcceptance", "bounce")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("parameter 'afterAcceptance': 'bounce' is not one of store, deliver");
        assertThatThrownBy(() -> mailet("replyText", "x")).isInstanceOf(MessagingException.class).hasMessageContaining("replyText");
        assertThatThrownBy(() -> mailet("repository", "nosuch://var/x/")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("parameter 'repository'");
    }
}
