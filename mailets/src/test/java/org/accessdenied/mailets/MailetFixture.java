package org.accessdenied.mailets;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryStore;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryUrlStore;
import org.apache.james.mailrepository.memory.SimpleMailRepositoryLoader;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;

import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.evidence.ConnectionEvidence;
import org.accessdenied.core.evidence.EvidenceAttributes;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.spam.SpamScore;

/** Mails as the matchers leave them: evidence, a spam score and the verdicts recorded. */
final class MailetFixture {
    static final String SENDER = "deals@example.net";
    static final List<String> RECIPIENTS = List.of("alice@example.com", "bob@example.com");

    private MailetFixture() {
    }

    static MemoryMailRepositoryStore repositories() throws Exception {
        MailRepositoryStoreConfiguration configuration = MailRepositoryStoreConfiguration.forItems(new MailRepositoryStoreConfiguration.Item(
            List.of(new Protocol("memory")), MemoryMailRepository.class.getName(), new BaseHierarchicalConfiguration()));
        MemoryMailRepositoryStore store = new MemoryMailRepositoryStore(new MemoryMailRepositoryUrlStore(), new SimpleMailRepositoryLoader(), configuration);
        store.init();
        return store;
    }

    static Mail flagged(byte[] message, double score) throws Exception {
        String name = "mail-" + System.nanoTime();
        FakeMail.Builder builder = FakeMail.builder().name(name).sender(SENDER).remoteAddr("192.0.2.1")
            .mimeMessage(new MimeMessage(Session.getDefaultInstance(new Properties()), new ByteArrayInputStream(message)))
            .attribute(new Attribute(Mail.SMTP_SESSION_ID, AttributeValue.of("s")));
        for (String recipient : RECIPIENTS) {
            builder.recipient(new MailAddress(recipient));
        }
        Mail mail = builder.build();
        EvidenceAttributes.write(mail, new ConnectionEvidence(ClientIp.parse("192.0.2.1"), Optional.of("mx.example.net"),
            Optional.empty(), Optional.empty(), Optional.empty(), java.util.Map.of(), java.util.Map.of(), Optional.empty(),
            java.util.Map.of(name, SpamScore.scored(SpamScore.Source.SPAMD, score, 5.0, List.of("MONEY_BACK", "DEAR_FRIEND")))));
        EvidenceAttributes.writeVerdict(mail, Verdict.match("HighSpamScore",
            "spam score " + score + " (required 5.0, threshold 5.0) (MONEY_BACK,DEAR_FRIEND)", "whitelist"));
        return mail;
    }
}
