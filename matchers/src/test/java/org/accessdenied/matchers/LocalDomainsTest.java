package org.accessdenied.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LocalDomainsTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final List<String> domainList = new ArrayList<>(List.of("example.com", "Mail.Example.NET"));
    private boolean failing;
    private final LocalDomains local = new LocalDomains(() -> {
        reads.incrementAndGet();
        if (failing) {
            throw new IllegalStateException("domain list down");
        }
        return List.copyOf(domainList);
    }, Duration.ofSeconds(30), now::get);

    @Test
    void containsShouldAnswerFromOneReadOfTheListWhateverTheCase() {
        assertThat(local.contains("example.com")).isTrue();
        assertThat(local.contains("MAIL.example.net")).isTrue();
        assertThat(local.contains("mx1.example.com")).isFalse();
        assertThat(local.contains("example.org")).isFalse();
        assertThat(reads).hasValue(1);
    }

    @Test
    void containsShouldSeeADomainAddedOnceTheCopyIsOlderThanTheRefresh() {
        assertThat(local.contains("new.example")).isFalse();
        domainList.add("new.example");
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(local.contains("new.example")).as("the copy is 29 s old").isFalse();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(local.contains("new.example")).isTrue();
        assertThat(reads).hasValue(2);
    }

    @Test
    void containsShouldKeepTheLastCopyWhenAReadFails() {
        assertThat(local.contains("example.com")).isTrue();
        failing = true;
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(local.contains("example.com")).isTrue();
        assertThat(local.contains("example.com")).as("tried again at the next question").isTrue();
        assertThat(reads).hasValue(3);
    }

    @Test
    void containsShouldSayNoUntilTheListCouldBeReadOnce() {
        failing = true;
        assertThat(local.contains("example.com")).isFalse();
        failing = false;
        assertThat(local.contains("example.com")).isTrue();
    }
}
