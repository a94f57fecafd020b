package org.accessdenied.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RuleActionTest {
    private static RuleAction parse(String check, Map<String, String> parameters) {
        return RuleAction.parse(check, name -> Optional.ofNullable(parameters.get(name)));
    }

    @Test
    void parseShouldDefaultTo554ForDnsblAnd550Otherwise() {
        assertThat(parse("RemoteAddrInDnsbl", Map.of()).reply().toString()).isEqualTo("554 5.7.1 {reason}; {remedy}");
        assertThat(parse("BadHelo", Map.of()).reply().toString()).isEqualTo("550 5.7.1 {reason}; {remedy}");
        assertThat(parse("BadHelo", Map.of()).kind()).isEqualTo(RuleAction.Kind.REJECT);
        assertThat(parse("BadHelo", Map.of()).onTemporary()).isEqualTo(RuleAction.OnTemporary.DEFER);
    }

    @Test
    void parseShouldReadEveryParameter() {
        RuleAction action = parse("SpfFail", Map.of("action", "Observe", "code", "553", "status", "5.7.23", "text", "SPF {spf}",
            "onTemporary", "pass"));
        assertThat(action.kind()).isEqualTo(RuleAction.Kind.OBSERVE);
        assertThat(action.onTemporary()).isEqualTo(RuleAction.OnTemporary.PASS);
        assertThat(action.reply().toString()).isEqualTo("553 5.7.23 SPF {spf}");
    }

    @Test
    void parseShouldNameTheFaultyParameter() {
        assertThatThrownBy(() -> parse("x", Map.of("action", "bounce"))).hasMessage("parameter 'action': 'bounce' is not one of [reject, allow, observe]");
        assertThatThrownBy(() -> parse("x", Map.of("onTemporary", "reject"))).hasMessageStartingWith("parameter 'onTemporary'");
        assertThatThrownBy(() -> parse("x", Map.of("code", "451", "status", "4.7.1"))).hasMessageStartingWith("parameter 'code': 451 is not a permanent");
        assertThatThrownBy(() -> parse("x", Map.of("text", "{nope}"))).hasMessageContaining("'code'/'status'/'text'").hasMessageContaining("{nope}");
    }

    @Test
    void temporaryReplyShouldBe451WithTheReason() {
        assertThat(RuleAction.TEMPORARY_REPLY.render(ReplyFacts.none().with(ReplyFacts.Placeholder.REASON, "PTR of 192.0.2.1 unknown: timeout")).line())
            .isEqualTo("451 4.7.1 PTR of 192.0.2.1 unknown: timeout; please try again later");
    }
}
