package org.accessdenied.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;

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

class SilentDiscardTest {
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private MemoryMailRepositoryStore repositories;

    @BeforeEach
    void setUp() throws Exception {
        repositories = MailetFixture.repositories();
    }

    private SilentDiscard mailet(String quarantine) throws MessagingException {
        SilentDiscard mailet = new SilentDiscard(repositories, metrics);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("SilentDiscard").mailetContext(context);
        if (quarantine != null) {
            config.setProperty("quarantine", quarantine);
        }
        mailet.init(config.build());
        return mailet;
    }

    @Test
    void serviceShouldDropTheMailAndTellNobody() throws Exception {
        Mail mail = MailetFixture.flagged(TestMessages.smtp("gtube.eml"), 1000.0);
        mailet(null).service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).isEmpty();
        assertThat(context.getBouncedMails()).isEmpty();
        assertThat(metrics.countFor(SilentDiscard.METRIC)).isEqualTo(1);
    }

    @Test
    void serviceShouldKeepTheMailInQuarantineWhenConfigured() throws Exception {
        byte[] original = TestMessages.smtp("gtube.eml");
        Mail mail = MailetFixture.flagged(original, 1000.0);
        mailet("memory://var/mail/quarantine/").service(mail);
        MailRepository quarantine = repositories.select(MailRepositoryUrl.from("memory://var/mail/quarantine/"));
        assertThat(quarantine.size()).isEqualTo(1);
        Mail kept = quarantine.retrieve(quarantine.list().next());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        kept.getMessage().writeTo(bytes);
        assertThat(bytes.toByteArray()).isEqualTo(original);
        assertThat(kept.getMaybeSender().asString()).isEqualTo(MailetFixture.SENDER);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void initShouldFailNamingTheParameterWhenUnknown() {
        SilentDiscard mailet = new SilentDiscard(repositories, metrics);
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("SilentDiscard").mailetContext(context)
            .setProperty("quarantaine", "memory://x/").build())).isInstanceOf(MessagingException.class).hasMessageContaining("quarantaine");
    }

    @Test
    void initShouldFailNamingTheParameterWhenTheRepositoryIsUnusable() {
        assertThatThrownBy(() -> mailet("nosuchprotocol://var/mail/q/")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("parameter 'quarantine'");
    }
}
