package org.accessdenied.smtp;

import org.accessdenied.core.policy.RuleAction;

/** One {@code <mailet match="..." class="...RejectAtSmtp">} of the admission processor: a condition and an action. */
final class AdmissionRule {
    final int number;
    final String description;
    final RuleCondition condition;
    final RuleAction action;

    AdmissionRule(int number, String matcherText, RuleCondition condition, RuleAction action) {
        this.number = number;
        this.description = "rule " + number + " (" + matcherText + ")";
        this.condition = condition;
        this.action = action;
    }

    /** The metric name part: {@code rule2_RemoteAddrInDnsbl}. */
    String metricName() {
        return "rule" + number + "_" + condition.name();
    }

    @Override
    public String toString() {
        return description + " -> " + action;
    }
}
