package org.accessdenied.smtp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.mailet.Matcher;

import org.accessdenied.core.net.Network;
import org.accessdenied.core.policy.RuleAction;
import org.accessdenied.matchers.CheckMatcher;

/**
 * Reads the admission policy from the processor of {@code mailetcontainer.xml} that the hook names: every
 * {@code <mailet>} must be a {@code RejectAtSmtp} whose matcher the hook can evaluate during the dialogue (the pack's
 * matchers, or one of James's envelope matchers). Anything else stops James at start-up with a message that says
 * which mailet and why: a policy that is silently not enforced is worse than none.
 */
final class PolicyReader {
    static final String REJECT_AT_SMTP = "org.accessdenied.mailets.RejectAtSmtp";
    /** James matchers that read only the envelope and the session attributes, so they can be asked at RCPT TO. */
    static final Set<String> ENVELOPE_MATCHERS = Set.of("All", "RemoteAddrInNetwork", "RemoteAddrNotInNetwork",
        "SMTPAuthSuccessful", "SMTPAuthUserIs", "SMTPIsAuthNetwork", "SenderIs", "SenderIsRegex", "SenderIsNull",
        "SenderDomainIs", "SenderHostIs", "SenderHostIsLocal", "SenderIsLocal", "RecipientIs", "RecipientIsRegex",
        "RecipientDomainIs", "RecipientIsLocal", "HostIs", "HostIsLocal");
    private static final String JAMES_MATCHERS_PACKAGE = "org.apache.james.transport.matchers.";

    /** Creates and initialises a matcher the way James does (James's MatcherLoader inside James). */
    interface MatcherFactory {
        Matcher create(String name, Optional<String> condition) throws Exception;
    }

    private PolicyReader() {
    }

    static List<AdmissionRule> read(HierarchicalConfiguration<ImmutableNode> mailetContainer, String processor,
                                    MatcherFactory matchers, List<Network> trustedSpamNetworks) throws ConfigurationException {
        HierarchicalConfiguration<ImmutableNode> policy = null;
        List<String> states = new ArrayList<>();
        for (HierarchicalConfiguration<ImmutableNode> candidate : mailetContainer.configurationsAt("processors.processor")) {
            String state = candidate.getString("[@state]", "");
            states.add(state);
            if (state.equals(processor)) {
                policy = candidate;
            }
        }
        if (policy == null) {
            throw new ConfigurationException("AdmissionHook: mailetcontainer.xml has no processor state=\"" + processor
                + "\" holding the admission policy (processors found: " + states + ")");
        }
        List<AdmissionRule> rules = new ArrayList<>();
        int number = 0;
        for (HierarchicalConfiguration<ImmutableNode> mailet : policy.configurationsAt("mailet")) {
            number++;
            rules.add(rule(number, processor, mailet, matchers, trustedSpamNetworks));
        }
        if (rules.isEmpty()) {
            throw new ConfigurationException("AdmissionHook: processor '" + processor + "' holds no rule");
        }
        return List.copyOf(rules);
    }

    private static AdmissionRule rule(int number, String processor, HierarchicalConfiguration<ImmutableNode> mailet,
                                      MatcherFactory matchers, List<Network> trustedSpamNetworks) throws ConfigurationException {
        String where = "AdmissionHook: processor '" + processor + "', mailet " + number;
        String mailetClass = mailet.getString("[@class]", "");
        if (!mailetClass.equals(REJECT_AT_SMTP)) {
            throw new ConfigurationException(where + ": class '" + mailetClass + "' cannot be enforced during the dialogue; "
                + "the admission processor holds only " + REJECT_AT_SMTP);
        }
        if (mailet.getString("[@notmatch]", null) != null) {
            throw new ConfigurationException(where + ": notmatch is not supported in the admission policy; use an allow rule before it");
        }
        String match = mailet.getString("[@match]", "All").trim();
        int equals = match.indexOf('=');
        String name = (equals < 0 ? match : match.substring(0, equals)).trim();
        Optional<String> condition = equals < 0 ? Optional.empty() : Optional.of(match.substring(equals + 1));
        String shortName = name.startsWith(JAMES_MATCHERS_PACKAGE) ? name.substring(JAMES_MATCHERS_PACKAGE.length()) : name;
        String matcherText = match.replaceAll("\\{[^}]*\\}", "{...}");

        Map<String, String> parameters = parameters(mailet);
        for (String parameter : parameters.keySet()) {
            if (!RuleAction.PARAMETERS.contains(parameter)) {
                throw new ConfigurationException(where + " (" + matcherText + "): unknown parameter <" + parameter + ">; known: "
                    + new java.util.TreeSet<>(RuleAction.PARAMETERS));
            }
        }
        Matcher matcher;
        try {
            matcher = matchers.create(name, condition);
        } catch (Exception e) {
            throw new ConfigurationException(where + " (" + matcherText + "): " + e.getMessage(), e);
        }
        RuleCondition ruleCondition;
        if (matcher instanceof CheckMatcher) {
            ruleCondition = new CheckCondition(((CheckMatcher) matcher).check(), trustedSpamNetworks);
        } else if (ENVELOPE_MATCHERS.contains(shortName) && (name.equals(shortName) || name.startsWith(JAMES_MATCHERS_PACKAGE))) {
            ruleCondition = new EnvelopeMatcherCondition(matcher, shortName, matcherText);
        } else {
            throw new ConfigurationException(where + ": matcher '" + name + "' cannot be evaluated during the dialogue; "
                + "use the pack's matchers or one of James's envelope matchers " + new java.util.TreeSet<>(ENVELOPE_MATCHERS));
        }
        try {
            RuleAction action = RuleAction.parse(ruleCondition.name(), key -> Optional.ofNullable(parameters.get(key)));
            return new AdmissionRule(number, matcherText, ruleCondition, action);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + " (" + matcherText + "): " + e.getMessage(), e);
        }
    }

    private static Map<String, String> parameters(HierarchicalConfiguration<ImmutableNode> mailet) {
        Map<String, String> parameters = new TreeMap<>();
        for (Iterator<String> keys = mailet.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.startsWith("[@")) {
                parameters.put(key, mailet.getString(key));
            }
        }
        return parameters;
    }
}
