package org.accessdenied.core.spam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.accessdenied.core.spam.MessageContent;
import org.accessdenied.core.time.Deadline;
import org.accessdenied.testkit.FaultyTcpProxy;
import org.accessdenied.testkit.SpamdServer;
import org.accessdenied.testkit.TestMessages;

/** A real spamd behind a fault-injecting proxy: hanging, refusing, slow, garbage, and healthy again. */
class SpamdFaultsTest {
    private static final MessageContent GTUBE = MessageContent.of(TestMessages.raw("gtube.eml"));
    private static final MessageContent HAM = MessageContent.of(TestMessages.raw("ham.eml"));
    /** The read timeout of the old client: no test here may come near it. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final FaultyTcpProxy proxy = FaultyTcpProxy.startInFrontOf(SpamdServer.shared().address());

    @AfterEach
    void close() {
        proxy.close();
    }

    private SpamdSettings settings() {
        return SpamdSettings.defaults().withAddress(proxy.hostAndPort()).withTimeouts(Duration.ofMillis(500), READ_TIMEOUT);
    }

    private static Deadline in(long millis) {
        return Deadline.in(Duration.ofMillis(millis));
    }

    @Test
    void scoreShouldEndAtTheCallersDeadlineWhenSpamdHangs() throws Exception {
        proxy.hang();
        try (SpamdClient spamd = new SpamdClient(settings().withPool(1, 4).withCircuit(100, Duration.ofMinutes(1)))) {
            SpamScore score = spamd.score(HAM, in(700)).get(5, TimeUnit.SECONDS);
            assertThat(score.status()).isEqualTo(SpamScore.Status.UNAVAILABLE);
            assertThat(score.problem()).hasValueSatisfying(p -> assertThat(p).contains("the caller's deadline"));
            // the one thread was freed at the deadline: the next request is answered
            proxy.forward();
            assertThat(spamd.score(GTUBE, in(20_000)).get(25, TimeUnit.SECONDS).score()).isEqualTo(1000.0);
        }
    }

    @Test
    void scoreShouldNotSendARequestWhoseCallerGaveUpWhileItWaited() throws Exception {
        proxy.hang();
        try (SpamdClient spamd = new SpamdClient(settings().withPool(1, 4).withCircuit(100, Duration.ofMinutes(1)))) {
            CompletableFuture<SpamScore> running = spamd.score(HAM, in(1500));
            await().atMost(5, TimeUnit.SECONDS).until(() -> proxy.connections() == 1);
            CompletableFuture<SpamScore> waiting = spamd.score(HAM, in(200));

            assertThat(waiting.get(5, TimeUnit.SECONDS).status()).isEqualTo(SpamScore.Status.UNAVAILABLE);
            assertThat(running.get(5, TimeUnit.SECONDS).status()).isEqualTo(SpamScore.Status.UNAVAILABLE);
            await().atMost(5, TimeUnit.SECONDS).until(() -> spamd.droppedCount() == 1);
            assertThat(proxy.connections()).as("requests spamd saw").isEqualTo(1);
        }
    }

    @Test
    void scoreShouldAnswerUnavailableAtOnceWhenThePoolAndQueueAreFull() throws Exception {
        proxy.hang();
        try (SpamdClient spamd = new SpamdClient(settings().withPool(1, 1).withCircuit(100, Duration.ofMinutes(1)))) {
            spamd.score(HAM, in(3000));
            await().atMost(5, TimeUnit.SECONDS).until(() -> proxy.connections() == 1);
            spamd.score(HAM, in(3000));

            CompletableFuture<SpamScore> third = spamd.score(GTUBE, in(3000));
            assertThat(third).isDone();
            assertThat(third.join().status()).isEqualTo(SpamScore.Status.UNAVAILABLE);
            assertThat(third.join().problem()).hasValueSatisfying(p -> assertThat(p).startsWith("spamd client busy"));
            assertThat(spamd.failedCount()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void circuitShouldOpenAfterRepeatedFailuresAndThenAnswerAtOnce() {
        proxy.garbage();
        try (SpamdClient spamd = new SpamdClient(settings().withCircuit(3, Duration.ofMinutes(1)))) {
            for (int i = 0; i < 3; i++) {
                assertThat(spamd.score(HAM, in(5000)).join().problem()).hasValue("not a spamd reply");
            }
            CompletableFuture<SpamScore> fourth = spamd.score(HAM, in(5000));
            assertThat(fourth).isDone();
            assertThat(fourth.join().status()).isEqualTo(SpamScore.Status.UNAVAILABLE);
            assertThat(fourth.join().problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("spamd circuit open (3 failure(s) in a row, last: not a spamd reply"));
            assertThat(proxy.connections()).as("requests spamd saw").isEqualTo(3);
            assertThat(spamd.circuitOpenings()).isEqualTo(1);
        }
    }

    @Test
    void circuitShouldStayOpenWhileSpamdHangsAndCloseWithinSecondsOfItsRecovery() {
        proxy.hang();
        try (SpamdClient spamd = new SpamdClient(settings().withCircuit(2, Duration.ofSeconds(1)))) {
            spamd.score(HAM, in(300)).join();
            spamd.score(HAM, in(300)).join();
            await().atMost(2, TimeUnit.SECONDS).until(() -> spamd.circuitOpen().isPresent());
            // PING hangs too: the circuit stays open
            await().during(2500, TimeUnit.MILLISECONDS).atMost(4, TimeUnit.SECONDS).until(() -> spamd.circuitOpen().isPresent());

            proxy.forward();
            await().atMost(5, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> spamd.score(GTUBE, in(5000)).join().isScored());
        }
    }

    @Test
    void circuitShouldCloseWithinSecondsOnceARefusingSpamdIsBack() {
        proxy.refuse();
        try (SpamdClient spamd = new SpamdClient(settings().withCircuit(2, Duration.ofSeconds(1)))) {
            assertThat(spamd.score(HAM, in(3000)).join().problem()).hasValueSatisfying(p -> assertThat(p).startsWith("spamd unreachable"));
            spamd.score(HAM, in(3000)).join();
            assertThat(spamd.score(HAM, in(3000)).join().problem()).hasValueSatisfying(p -> assertThat(p).startsWith("spamd circuit open"));

            proxy.forward();
            await().atMost(5, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).until(() -> spamd.circuitOpen().isEmpty());
            assertThat(spamd.score(GTUBE, in(20_000)).join().score()).isEqualTo(1000.0);
        }
    }

    @Test
    void scoreShouldBeUnavailableWhenSpamdIsSlowerThanTheDeadlineAndScoredWhenNot() {
        proxy.slow(Duration.ofMillis(1500));
        try (SpamdClient spamd = new SpamdClient(settings().withCircuit(100, Duration.ofMinutes(1)))) {
            assertThat(spamd.score(GTUBE, in(500)).join().status()).isEqualTo(SpamScore.Status.UNAVAILABLE);
            assertThat(spamd.score(GTUBE, in(20_000)).join().score()).isEqualTo(1000.0);
        }
    }

    @Test
    void pingShouldTellAHealthySpamdFromAFaultyOne() {
        try (SpamdClient spamd = new SpamdClient(settings())) {
            assertThat(spamd.ping()).isTrue();
            proxy.garbage();
            assertThat(spamd.ping()).isFalse();
            proxy.refuse();
            assertThat(spamd.ping()).isFalse();
        }
    }
}
