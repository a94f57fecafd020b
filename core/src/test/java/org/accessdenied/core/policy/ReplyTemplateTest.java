package org.accessdenied.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.accessdenied.core.policy.ReplyFacts.Placeholder;

class ReplyTemplateTest {
    @Test
    void renderShouldFillEveryPlaceholder() {
        ReplyFacts facts = ReplyFacts.none().with(Placeholder.IP, "192.0.2.1").with(Placeholder.HELO, "mx.example.net")
            .with(Placeholder.ZONE, "zen.spamhaus.org").with(Placeholder.TXT, "https://check.spamhaus.org/");
        assertThat(ReplyTemplate.of("554", "5.7.1", "[{ip}] HELO {helo} listed on {zone}, see {txt}").render(facts).line())
            .isEqualTo("554 5.7.1 [192.0.2.1] HELO mx.example.net listed on zen.spamhaus.org, see https://check.spamhaus.org/");
    }

    @Test
    void renderShouldSayUnknownForAFactNotKnown() {
        assertThat(ReplyTemplate.of("550", "5.7.1", "PTR {ptr}").render(ReplyFacts.none()).text()).isEqualTo("PTR unknown");
    }

    @Test
    void renderShouldNeverLetCrLfFromAFactSplitTheReply() {
        ReplyFacts facts = ReplyFacts.none().with(Placeholder.TXT, "listed\r\n250 2.0.0 OK\u0000\u00e9");
        SmtpReply reply = ReplyTemplate.of("554", "5.7.1", "{txt}").render(facts);
        assertThat(reply.line()).isEqualTo("554 5.7.1 listed??250 2.0.0 OK??");
    }

    @Test
    void renderShouldBoundTheReplyToOneLineOfRfc5321() {
        String helo = "a".repeat(10_000);
        ReplyFacts facts = ReplyFacts.none().with(Placeholder.HELO, helo).with(Placeholder.REASON, helo).with(Placeholder.REMEDY, helo);
        SmtpReply reply = ReplyTemplate.of("550", "5.7.1", "{helo} {reason} {remedy} {helo}").render(facts);
        assertThat(reply.line().length() + 2).isLessThanOrEqualTo(512);
        assertThat(reply.text()).endsWith("...");
    }

    @Test
    void replacementShouldNotInterpretDollarOrBackslashInFacts() {
        assertThat(ReplyTemplate.of("550", "5.7.1", "{helo}").render(ReplyFacts.none().with(Placeholder.HELO, "$1\\x")).text())
            .isEqualTo("$1\\x");
    }

    @Test
    void ofShouldRefuseAnUnknownPlaceholderNamingIt() {
        assertThatThrownBy(() -> ReplyTemplate.of("550", "5.7.1", "{ip} {hostname}"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{hostname}").hasMessageContaining("{ptr}");
    }

    @Test
    void ofShouldRefuseMalformedCodesAndMismatchedClasses() {
        assertThatThrownBy(() -> ReplyTemplate.of("55", "5.7.1", "x")).hasMessageContaining("'55' is not an SMTP reply code");
        assertThatThrownBy(() -> ReplyTemplate.of("550", "5.7", "x")).hasMessageContaining("'5.7' is not an enhanced status code");
        assertThatThrownBy(() -> ReplyTemplate.of("550", "4.7.1", "x")).hasMessageContaining("disagree on the class");
    }

    @Test
    void ofShouldRefuseATextWithControlCharacters() {
        assertThatThrownBy(() -> ReplyTemplate.of("550", "5.7.1", "line\r\n250 ok")).hasMessageContaining("printable US-ASCII");
    }

    @Test
    void emptyFactShouldStayUnknown() {
        assertThat(ReplyFacts.none().with(Placeholder.SPF, Optional.of("")).get(Placeholder.SPF)).isEmpty();
    }
}
