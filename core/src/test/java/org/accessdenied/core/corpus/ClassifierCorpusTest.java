package org.accessdenied.core.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.accessdenied.core.TsvTable;
import org.accessdenied.core.check.HeloCheck;
import org.accessdenied.core.evidence.Verdict;
import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.evidence.ConnectionEvidence;
import org.accessdenied.core.evidence.EvidenceEngine;
import org.accessdenied.core.evidence.EvidenceSession;
import org.accessdenied.core.evidence.ForwardConfirmation;
import org.accessdenied.core.evidence.PtrEvidence;
import org.accessdenied.core.helo.HeloProblem;
import org.accessdenied.core.net.ClientIp;
import org.accessdenied.core.rdns.DynamicRdnsClassifier;
import org.accessdenied.core.rdns.RdnsClassification;

/**
 * Measures the classifiers on the labelled corpus (classifier/ptr-corpus.tsv, classifier/helo-corpus.tsv): prints
 * precision and recall per class, lists every miss, and fails below the thresholds the README states.
 */
class ClassifierCorpusTest {
    /** The BadHelo condition the README's numbers are for: the defaults plus this server's names and addresses. */
    static final String HELO_CONDITION = "default, ourNames=mx.corpus-mail.de|corpus-mail.de, ourIps=85.214.12.25|2a01:238:4200::25";

    private static EvidenceEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = new EvidenceEngine(EngineSettings.defaults());
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    /** Counts of one binary decision. */
    static final class Score {
        int truePositives;
        int falsePositives;
        int falseNegatives;
        int trueNegatives;

        void add(boolean expected, boolean actual) {
            if (expected && actual) {
                truePositives++;
            } else if (actual) {
                falsePositives++;
            } else if (expected) {
                falseNegatives++;
            } else {
                trueNegatives++;
            }
        }

        double precision() {
            return truePositives + falsePositives == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1.0 : (double) truePositives / (truePositives + falseNegatives);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        @Override
        public String toString() {
            return String.format("precision %.3f recall %.3f F1 %.3f (tp %d fp %d fn %d tn %d)", precision(), recall(), f1(),
                truePositives, falsePositives, falseNegatives, trueNegatives);
        }
    }

    static Score measurePtr(DynamicRdnsClassifier classifier, List<String> misses, Map<String, int[]> perClass) {
        Score score = new Score();
        for (String[] row : TsvTable.rows("/classifier/ptr-corpus.tsv")) {
            String cls = row[2].trim();
            RdnsClassification result = classifier.classify(row[1].trim(), ClientIp.parse(row[0].trim()));
            boolean expected = cls.equals("dynamic");
            score.add(expected, result.isDynamic());
            int[] counts = perClass.computeIfAbsent(cls, k -> new int[2]);
            counts[0]++;
            if (result.isDynamic()) {
                counts[1]++;
            }
            if (expected != result.isDynamic()) {
                misses.add(cls + "\t" + row[0] + "\t" + row[1] + "\t" + result.reason() + "\t(" + row[3] + ": " + row[4] + ")");
            }
        }
        return score;
    }

    @Test
    void dynamicRdnsShouldMeetItsPrecisionAndRecallOnTheCorpus() {
        List<String> misses = new ArrayList<>();
        Map<String, int[]> perClass = new TreeMap<>();
        Score score = measurePtr(DynamicRdnsClassifier.defaults(), misses, perClass);
        System.out.println("DynamicRdns on ptr-corpus.tsv: " + score);
        perClass.forEach((cls, c) -> System.out.printf("  class %-10s rows %3d matched %3d%n", cls, c[0], c[1]));
        misses.forEach(m -> System.out.println("  miss: " + m));
        Score staticExempt = measurePtr(DynamicRdnsClassifier.defaults().withStaticLines(DynamicRdnsClassifier.StaticLines.EXEMPT),
            new ArrayList<>(), new TreeMap<>());
        System.out.println("DynamicRdns static=exempt on ptr-corpus.tsv: " + staticExempt);
        assertThat(perClass.get("big-sender")[1]).as("big-sender rows that match").isZero();
        assertThat(score.precision()).as("precision").isGreaterThanOrEqualTo(0.99);
        assertThat(score.recall()).as("recall").isGreaterThanOrEqualTo(0.95);
    }

    private static EvidenceSession offlineSession(String ip, String helo, String ptr) {
        PtrEvidence ptrEvidence = ptr.isEmpty() ? new PtrEvidence(PtrEvidence.Status.NONE, List.of(), Optional.empty())
            : new PtrEvidence(PtrEvidence.Status.FOUND, List.of(ptr), Optional.empty());
        ForwardConfirmation fcrdns = ptr.isEmpty() ? new ForwardConfirmation(ForwardConfirmation.Result.NO_PTR, List.of(), Optional.empty())
            : new ForwardConfirmation(ForwardConfirmation.Result.PASS, List.of(ptr), Optional.empty());
        return engine.resume(new ConnectionEvidence(ClientIp.parse(ip), helo.isEmpty() ? Optional.empty() : Optional.of(helo),
            Optional.of(ptrEvidence), Optional.of(fcrdns), Optional.empty(), Map.of()));
    }

    /** Problem ids named in a verdict's reason ("syntax: ...; our-name: ..."). */
    static List<String> problems(Verdict verdict) {
        if (!verdict.matched()) {
            return List.of();
        }
        return java.util.Arrays.stream(verdict.reason().split("; "))
            .map(part -> part.contains(": ") ? part.substring(0, part.indexOf(": ")) : part)
            .collect(Collectors.toList());
    }

    static Score measureHelo(HeloCheck check, List<String> misses, Map<String, Score> perCheck) {
        Score score = new Score();
        for (String[] row : TsvTable.rows("/classifier/helo-corpus.tsv")) {
            String expected = row[3].trim();
            boolean bad = !expected.startsWith("ok");
            Verdict verdict = check.evaluate(offlineSession(row[0].trim(), row[1], row[2].trim())).join();
            List<String> found = problems(verdict);
            score.add(bad, verdict.matched());
            if (bad) {
                perCheck.computeIfAbsent(expected, k -> new Score()).add(true, found.contains(expected));
            }
            for (String problem : found) {
                if (!bad) {
                    perCheck.computeIfAbsent(problem, k -> new Score()).add(false, true);
                }
            }
            if (bad != verdict.matched() || (bad && !found.contains(expected))) {
                misses.add(expected + "\t" + row[0] + "\t'" + row[1] + "'\tPTR " + row[2] + "\t" + verdict.reason() + "\t(" + row[4] + ": " + row[5] + ")");
            }
        }
        return score;
    }

    @Test
    void badHeloShouldMeetItsPrecisionAndF1OnTheCorpus() {
        List<String> misses = new ArrayList<>();
        Map<String, Score> perCheck = new TreeMap<>();
        Score score = measureHelo(HeloCheck.parse(HELO_CONDITION, d -> false), misses, perCheck);
        System.out.println("BadHelo (" + HELO_CONDITION + ") on helo-corpus.tsv: " + score);
        perCheck.forEach((problem, s) -> System.out.printf("  check %-16s %s%n", problem, s));
        misses.forEach(m -> System.out.println("  miss: " + m));
        assertThat(score.precision()).as("precision").isGreaterThanOrEqualTo(0.98);
        assertThat(score.f1()).as("F1").isGreaterThanOrEqualTo(0.95);
    }

    /** rdns-mismatch is off by default; this measures what turning it on would cost, for the README. */
    @Test
    void rdnsMismatchShouldBeMeasuredAndStayOffByDefault() {
        Map<String, Score> perCheck = new TreeMap<>();
        Score score = measureHelo(HeloCheck.parse(HELO_CONDITION + ", rdns-mismatch", d -> false), new ArrayList<>(), perCheck);
        Score alone = new Score();
        List<String> honestFlagged = new ArrayList<>();
        HeloCheck mismatchOnly = HeloCheck.parse("rdns-mismatch", d -> false);
        for (String[] row : TsvTable.rows("/classifier/helo-corpus.tsv")) {
            boolean bad = !row[3].trim().startsWith("ok");
            boolean fired = mismatchOnly.evaluate(offlineSession(row[0].trim(), row[1], row[2].trim())).join().matched();
            alone.add(bad, fired);
            if (fired && !bad) {
                honestFlagged.add(row[1] + " (PTR " + row[2] + ")");
            }
        }
        System.out.println("BadHelo defaults + rdns-mismatch: " + score);
        System.out.println("  rdns-mismatch alone: " + alone);
        honestFlagged.forEach(h -> System.out.println("  honest server flagged: " + h));
        assertThat(HeloCheck.parse("default", d -> false).enabled()).doesNotContain(HeloProblem.RDNS_MISMATCH);
        assertThat(alone.precision()).as("rdns-mismatch alone is too imprecise to be a default").isLessThan(0.98);
    }

    @Test
    void badHeloShouldNeverMatchABigSender() {
        HeloCheck all = HeloCheck.parse("all, -no-resolve, -rdns-mismatch", d -> false);
        List<String> matched = new ArrayList<>();
        for (String[] row : TsvTable.rows("/classifier/helo-corpus.tsv")) {
            if (row[3].trim().equals("ok-big-sender")) {
                Verdict verdict = all.evaluate(offlineSession(row[0].trim(), row[1], row[2].trim())).join();
                if (verdict.matched()) {
                    matched.add(row[1] + ": " + verdict.reason());
                }
            }
        }
        assertThat(matched).isEmpty();
    }
}
