package org.accessdenied.smtp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javax.mail.MessagingException;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.mailetcontainer.api.MatcherLoader;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.apache.mailet.MatcherConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Inject;

import org.accessdenied.core.evidence.EvidenceAttributes;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.policy.SmtpReply;
import org.accessdenied.core.text.SafeText;
import org.accessdenied.core.time.Deadline;

/**
 * Enforces the admission policy during the SMTP dialogue: the pairs of matcher and {@code RejectAtSmtp} written once,
 * as a processor of {@code mailetcontainer.xml}, are read at start-up and evaluated in order, first match wins.
 * Connection and envelope rules (DNSBL, PTR, dynamic rDNS, HELO, SPF, access lists) decide at RCPT TO, so the client
 * learns which recipient failed and why; content rules ({@code HighSpamScore}) decide at the end of DATA. A refused
 * message was never accepted: nothing is ever bounced.
 *
 * <pre><code>
 * &lt;!-- smtpserver.xml, in the handlerchain, before the core handlers --&gt;
 * &lt;handler class="org.accessdenied.smtp.AdmissionHook"&gt;
 *     &lt;processor&gt;admission&lt;/processor&gt;              &lt;!-- the processor of mailetcontainer.xml holding the policy --&gt;
 *     &lt;observe&gt;false&lt;/observe&gt;                    &lt;!-- true: log, count and tag what would be refused; deliver --&gt;
 *     &lt;exemptRelaying&gt;true&lt;/exemptRelaying&gt;        &lt;!-- SMTP AUTH and authorizedAddresses are not checked --&gt;
 *     &lt;alwaysReachable&gt;postmaster, abuse&lt;/alwaysReachable&gt; &lt;!-- local parts of local domains never refused --&gt;
 *     &lt;rcptDeadline&gt;3200ms&lt;/rcptDeadline&gt;          &lt;!-- longest wait for RCPT TO's lookups, from MAIL FROM (default dns.timeout + 200ms) --&gt;
 *     &lt;dataDeadline&gt;6500ms&lt;/dataDeadline&gt;          &lt;!-- longest wait at the end of DATA (default check.deadline) --&gt;
 *     &lt;decideAtEndOfData&gt;true&lt;/decideAtEndOfData&gt; &lt;!-- a pipelined RCPT TO whose SPF is not in: decided at the end of DATA --&gt;
 * &lt;/handler&gt;
 *
 * &lt;!-- mailetcontainer.xml --&gt;
 * &lt;processor state="admission" enableJmx="false"&gt;
 *     &lt;mailet match="RemoteAddrInNetwork=192.0.2.0/24" class="org.accessdenied.mailets.RejectAtSmtp"&gt;
 *         &lt;action&gt;allow&lt;/action&gt;
 *     &lt;/mailet&gt;
 *     &lt;mailet match="org.accessdenied.matchers.RemoteAddrInDnsbl=zen.spamhaus.org=127.0.0.[2..11]" class="org.accessdenied.mailets.RejectAtSmtp"/&gt;
 *     &lt;mailet match="org.accessdenied.matchers.NoMatchingPtr" class="org.accessdenied.mailets.RejectAtSmtp"&gt;
 *         &lt;text&gt;Client host [{ip}] has no forward-confirmed reverse DNS; {remedy}&lt;/text&gt;
 *     &lt;/mailet&gt;
 *     &lt;mailet match="org.accessdenied.matchers.SpfFail" class="org.accessdenied.mailets.RejectAtSmtp"/&gt;
 *     &lt;mailet match="org.accessdenied.matchers.HighSpamScore=25" class="org.accessdenied.mailets.RejectAtSmtp"/&gt;
 * &lt;/processor&gt;
 * </code></pre>
 *
 * The hook never answers OK (that would skip James's relay check): only DECLINED, DENY (5xx) or DENYSOFT (451).
 * Lookups start at connect (PTR, forward confirmation, DNSBL zones), HELO/EHLO (the HELO name) and MAIL FROM (SPF),
 * in the background. After HELO/EHLO, and again after MAIL FROM, the hook reads no further command of the client until
 * the lookups RCPT TO needs are in ({@link CommandReadPause}): James 3.8.1 runs hooks on its network threads, each
 * shared by many connections, and a wait at RCPT TO would stall them all. A RCPT TO pipelined with MAIL FROM arrives
 * before what MAIL FROM started (SPF) is in: it is accepted, and decided at the end of DATA, when every rule left to
 * decide is one of the pack's checks (the same for every recipient), so the message is refused as a whole there, with
 * that rule's reply, when the decision refuses ({@link DecisionAtData}; {@code decideAtEndOfData} false: it waits in
 * the hook instead). No wait here lasts longer than the deadline. Each decision is one log
 * line, logfmt after its head (logger {@code org.accessdenied.smtp.AdmissionHook}), and a counter
 * {@code accessdenied_decision_<decision>[_rule<N>_<check>]}.
 * A HELO/EHLO argument holding control characters is no name at all: it is refused at once with {@code 501 5.5.4}, in
 * every mode (observe and relaying included), and the client may greet again.
 */
public class AdmissionHook implements ConnectHandler<SMTPSession>, HeloHook, MailHook, RcptHook, JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(AdmissionHook.class);
    static final ProtocolSession.AttachmentKey<EvidenceSession> EVIDENCE =
        ProtocolSession.AttachmentKey.of("accessdenied.evidence", EvidenceSession.class);
    @SuppressWarnings("unchecked")
    static final ProtocolSession.AttachmentKey<ArrayList<String>> OBSERVED =
        ProtocolSession.AttachmentKey.of("accessdenied.observed", (Class<ArrayList<String>>) (Class<?>) ArrayList.class);
    public static final String OBSERVED_HEADER = "X-Access-Denied-Observed";
    /** The RCPT TOs of the transaction accepted before their decision was in. */
    static final ProtocolSession.AttachmentKey<DecisionAtData> AT_END_OF_DATA =
        ProtocolSession.AttachmentKey.of("accessdenied.decisionAtData", DecisionAtData.class);
    /**
     * How long a RCPT TO waits for a verdict before leaving it for the end of DATA: long enough for an SPF evaluation on
     * DNS answers already cached (CPU, on the pack's SPF threads; a new connection evaluates SPF anew), so that a RCPT
     * TO that can be decided at once is, and short against a DNS round trip, which is what the end of DATA hides.
     */
    static final Duration DECIDE_AT_DATA_AFTER = Duration.ofMillis(3);
    /** Set once a RCPT TO of the transaction was accepted on a decision made at RCPT TO: the rest are decided there too. */
    static final ProtocolSession.AttachmentKey<Boolean> DECIDED_AT_RCPT =
        ProtocolSession.AttachmentKey.of("accessdenied.decidedAtRcpt", Boolean.class);
    /**
     * RFC 5321 section 4.5.3.1.10 (too many recipients: the client sends the rest in another transaction), RFC 3463
     * X.5.3: for a recipient that stays reachable in a transaction the end of DATA will refuse.
     */
    static final SmtpReply SEPARATE_TRANSACTION = SmtpReply.of("452", "4.5.3", "Too many recipients in this transaction;"
        + " send this one again in a transaction of its own");
    /** RFC 5321 501 (syntax error in arguments), RFC 3463 X.5.4 (a valid command with invalid arguments). */
    static final SmtpReply CONTROL_CHARACTERS_IN_HELO = SmtpReply.of("501", "5.5.4", "HELO/EHLO argument contains control"
        + " characters; greet with the sending server's fully qualified host name (RFC 5321 section 4.1.1.1)");

    private final EvidenceEngine engine;
    private final MatcherLoader matcherLoader;
    private final ConfigurationProvider configurations;
    private final MailetContext mailetContext;
    private final DecisionLog decisionLog;
    private HookSettings settings;
    private AdmissionPolicy policy;
    private Duration rcptDeadline;
    private Duration dataDeadline;

    @Inject
    public AdmissionHook(EvidenceEngine engine, MatcherLoader matcherLoader, ConfigurationProvider configurations,
                         MailetContext mailetContext, MetricFactory metrics) {
        this.engine = engine;
        this.matcherLoader = matcherLoader;
        this.configurations = configurations;
        this.mailetContext = mailetContext;
        this.decisionLog = new DecisionLog(metrics);
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        settings = HookSettings.from(config);
        List<AdmissionRule> rules = PolicyReader.read(configurations.getConfiguration("mailetcontainer"), settings.processor,
            this::createMatcher, engine.settings().trustedSpamNetworks());
        policy = new AdmissionPolicy(rules, settings.observe);
        rcptDeadline = settings.rcptDeadline(engine.settings().dns().timeout());
        dataDeadline = settings.dataDeadline.orElse(engine.settings().checkDeadline());
        LOGGER.info("Access Denied admission policy from processor '{}'{}: {}", settings.processor,
            settings.observe ? " in OBSERVE mode (nothing is refused)" : "", rules);
    }

    private org.apache.mailet.Matcher createMatcher(String name, Optional<String> condition) throws MessagingException {
        return matcherLoader.getMatcher(new MatcherConfig() {
            @Override
            public String getCondition() {
                return condition.orElse(null);
            }

            @Override
            public MailetContext getMailetContext() {
                return mailetContext;
            }

            @Override
            public String getMatcherName() {
                return name;
            }
        });
    }

    /** Written to the client at connect: nothing (James 3.8.1's connect statistics need a response object). */
    private static final Response SILENT = new Response() {
        @Override
        public String getRetCode() {
            return "";
        }

        @Override
        public List<CharSequence> getLines() {
            return List.of();
        }

        @Override
        public boolean isEndSession() {
            return false;
        }
    };

    @Override
    public Response onConnect(SMTPSession session) {
        try {
            EvidenceSession evidence = engine.newSession(client(session), Optional.empty());
            session.setAttachment(EVIDENCE, evidence, ProtocolSession.State.Connection);
            if (!exempt(session)) {
                policy.prefetch(evidence, Optional.empty());
            }
        } catch (RuntimeException e) {
            LOGGER.error("Access Denied: could not start the evidence of session {}", session.getSessionID(), e);
        }
        return SILENT;
    }

    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        try {
            if (helo != null && SafeText.hasControlCharacter(helo)) {
                return refuseHelo(session, helo);
            }
            EvidenceSession evidence = evidence(session).withHelo(Optional.ofNullable(helo));
            session.setAttachment(EVIDENCE, evidence, ProtocolSession.State.Connection);
            if (!exempt(session)) {
                CommandReadPause.afterHelo(session, policy.prefetch(evidence, Optional.empty()), rcptDeadline);
            }
        } catch (RuntimeException e) {
            LOGGER.error("Access Denied: HELO of session {}", session.getSessionID(), e);
        }
        return HookResult.DECLINED;
    }

    /**
     * A HELO/EHLO argument with control characters is a protocol violation, refused in every mode: James 3.8.1 echoes it
     * into the Received header, where a bare CR starts a header line of the client's choosing. James stored the argument
     * (CURRENT_HELO_NAME) before asking the hooks; RFC 5321 section 4.1.4 wants the server in the state it was in before
     * the refused EHLO, so the name accepted before, or none, is put back. The evidence never sees the argument.
     */
    private HookResult refuseHelo(SMTPSession session, String helo) {
        Optional<String> accepted = session.getAttachment(EVIDENCE, ProtocolSession.State.Connection).flatMap(EvidenceSession::helo);
        if (accepted.isPresent()) {
            session.setAttachment(SMTPSession.CURRENT_HELO_NAME, accepted.get(), ProtocolSession.State.Connection);
        } else {
            session.removeAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection);
        }
        decisionLog.recordRefusedHelo(client(session), helo, session.getSessionID(), CONTROL_CHARACTERS_IN_HELO,
            "HELO/EHLO argument contains control characters");
        return refusal(HookReturnCode.deny(), CONTROL_CHARACTERS_IN_HELO);
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        try {
            if (!exempt(session)) {
                CompletableFuture<Void> in = policy.prefetch(evidence(session), Optional.of(sender.asString("")));
                CommandReadPause.afterMail(session, in, rcptDeadline);
            }
        } catch (RuntimeException e) {
            LOGGER.error("Access Denied: MAIL FROM of session {}", session.getSessionID(), e);
        }
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        try {
            Attempt attempt = Attempt.recipient(session, evidence(session), sender, recipient);
            Decision decision;
            long started = System.nanoTime();
            Optional<CommandReadPause> pause = CommandReadPause.takeAfterMail(session);
            long unread = pause.map(CommandReadPause::pausedNanos).orElse(0L) + CommandReadPause.takeAfterHeloNanos(session);
            Optional<DecisionAtData> atData = session.getAttachment(AT_END_OF_DATA, ProtocolSession.State.Transaction);
            if (exempt(session)) {
                decision = Decision.exempt("relaying allowed" + (session.getUsername() != null ? " (authenticated)" : ""));
            } else if (alwaysReachable(recipient)) {
                decision = Decision.exempt(recipient.getLocalPart() + "@ of a local domain is always reachable");
            } else {
                Deadline until = pause.map(p -> p.deadline).orElseGet(() -> Deadline.in(rcptDeadline));
                Optional<Duration> decideAtDataAfter = settings.decideAtEndOfData
                    && session.getAttachment(DECIDED_AT_RCPT, ProtocolSession.State.Transaction).isEmpty()
                    ? Optional.of(DECIDE_AT_DATA_AFTER) : Optional.empty();
                AdmissionPolicy.RcptOutcome outcome = policy.decideRcpt(attempt, until, rcptDeadline, decideAtDataAfter);
                if (outcome.atEndOfData.isPresent()) {
                    DecisionAtData later = atData.orElseGet(() -> {
                        session.setAttachment(AT_END_OF_DATA, outcome.atEndOfData.get(), ProtocolSession.State.Transaction);
                        return outcome.atEndOfData.get();
                    });
                    later.add(attempt);
                    return HookResult.DECLINED;
                }
                decision = outcome.decision.orElseThrow();
            }
            if (!decision.refuses() && atData.isPresent()) {
                decision = keepOutOfARefusal(decision, atData.get());
            }
            if (!decision.refuses()) {
                session.setAttachment(DECIDED_AT_RCPT, Boolean.TRUE, ProtocolSession.State.Transaction);
            }
            decisionLog.record(attempt, decision, System.nanoTime() - started + unread);
            recordObservation(session, decision);
            return hookResult(decision);
        } catch (RuntimeException e) {
            LOGGER.error("Access Denied: RCPT TO of session {} not checked", session.getSessionID(), e);
            return HookResult.DECLINED;
        }
    }

    /**
     * A recipient accepted at RCPT TO (one that stays reachable, or one an allow rule lets in) in a transaction whose
     * other recipients wait for the end of DATA: the message would be refused as a whole there, so this recipient
     * waits for that decision now, and is sent to another transaction when it refuses.
     */
    private Decision keepOutOfARefusal(Decision accepted, DecisionAtData atData) {
        Decision later = policy.decide(atData);
        if (!later.refuses()) {
            return accepted;
        }
        return later.withReply(Decision.Kind.DEFER, SEPARATE_TRANSACTION);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            EvidenceSession evidence = evidence(session);
            Optional<DecisionAtData> atData = session.getAttachment(AT_END_OF_DATA, ProtocolSession.State.Transaction);
            if (atData.isPresent() && !exempt(session)) {
                Decision late = decideRecipientsAtEndOfData(session, mail, atData.get());
                if (late.refuses()) {
                    return hookResult(late);
                }
            }
            Attempt attempt = Attempt.message(session, evidence, mail);
            Decision decision = Decision.pass();
            long started = System.nanoTime();
            if (exempt(session)) {
                decision = Decision.exempt("relaying allowed");
            } else if (mail.getRecipients().stream().allMatch(this::alwaysReachable)) {
                decision = Decision.exempt("only always-reachable recipients");
            } else if (policy.hasStage(AdmissionPolicy.Stage.DATA)) {
                decision = policy.decide(attempt, AdmissionPolicy.Stage.DATA, dataDeadline);
                decisionLog.record(attempt, decision, System.nanoTime() - started);
            }
            recordObservation(session, decision);
            if (!decision.refuses()) {
                annotate(session, mail, evidence);
            }
            return hookResult(decision);
        } catch (RuntimeException e) {
            LOGGER.error("Access Denied: message of session {} not checked", session.getSessionID(), e);
            return HookResult.DECLINED;
        }
    }

    /** The decision the RCPT TOs left for now: one log line for each of them the message still holds. */
    private Decision decideRecipientsAtEndOfData(SMTPSession session, Mail mail, DecisionAtData atData) {
        long started = System.nanoTime();
        Decision decision = policy.decide(atData);
        long waited = System.nanoTime() - started;
        for (Attempt recipient : atData.recipients()) {
            if (mail.getRecipients().contains(recipient.recipient.orElseThrow())) {
                decisionLog.record(recipient, decision, waited);
            }
        }
        recordObservation(session, decision);
        return decision;
    }

    /** The evidence and the observed refusals go with the mail, so the spooler's matchers ask the DNS nothing again. */
    private void annotate(SMTPSession session, Mail mail, EvidenceSession evidence) {
        EvidenceAttributes.write(mail, evidence.snapshot());
        List<String> observations = session.getAttachment(OBSERVED, ProtocolSession.State.Transaction).orElse(new ArrayList<>());
        if (observations.isEmpty()) {
            return;
        }
        try {
            for (String observation : observations) {
                mail.getMessage().addHeader(OBSERVED_HEADER, SafeText.printable(observation, 900));
            }
            mail.getMessage().saveChanges();
        } catch (MessagingException e) {
            LOGGER.warn("Access Denied: could not add {} to mail {}", OBSERVED_HEADER, mail.getName(), e);
        }
    }

    private static HookResult hookResult(Decision decision) {
        if (!decision.refuses()) {
            return HookResult.DECLINED;
        }
        return refusal(decision.kind == Decision.Kind.DEFER ? HookReturnCode.denySoft() : HookReturnCode.deny(), decision.reply.get());
    }

    private static HookResult refusal(HookReturnCode code, SmtpReply reply) {
        return HookResult.builder()
            .hookReturnCode(code)
            .smtpReturnCode(reply.code())
            .smtpDescription(reply.description())
            .build();
    }

    private boolean exempt(SMTPSession session) {
        return settings.exemptRelaying && session.isRelayingAllowed();
    }

    private boolean alwaysReachable(MailAddress recipient) {
        return settings.alwaysReachable.contains(recipient.getLocalPart().toLowerCase(Locale.ROOT))
            && mailetContext.isLocalServer(recipient.getDomain());
    }

    /** A refusal observe mode did not send, kept for the header of the transaction's mail. */
    private static void recordObservation(SMTPSession session, Decision decision) {
        if (!decision.observed) {
            return;
        }
        ArrayList<String> observed = session.getAttachment(OBSERVED, ProtocolSession.State.Transaction).orElseGet(() -> {
            ArrayList<String> fresh = new ArrayList<>();
            session.setAttachment(OBSERVED, fresh, ProtocolSession.State.Transaction);
            return fresh;
        });
        observed.add(decision.rule.get().description + ": would reply " + decision.reply.get().line());
    }

    /** The connection's evidence; started here when connect was not seen or the client address changed (PROXY protocol). */
    private EvidenceSession evidence(SMTPSession session) {
        Optional<ClientIp> client = client(session);
        Optional<EvidenceSession> known = session.getAttachment(EVIDENCE, ProtocolSession.State.Connection)
            .filter(evidence -> evidence.client().equals(client));
        if (known.isPresent()) {
            return known.get();
        }
        Optional<String> helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection);
        EvidenceSession evidence = engine.newSession(client, helo);
        session.setAttachment(EVIDENCE, evidence, ProtocolSession.State.Connection);
        return evidence;
    }

    private static Optional<ClientIp> client(SMTPSession session) {
        InetSocketAddress remote = session.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? Optional.empty() : Optional.of(ClientIp.of(remote.getAddress()));
    }
}
