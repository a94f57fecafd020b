package org.accessdenied.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"mail.example.com", "MAIL.Example.COM.", "a.b", "x1-2.example.co.uk", "4.example.net"})
    void syntaxProblemShouldBeEmptyWhenValid(String name) {
        assertThat(DomainName.syntaxProblem(name)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "my_pc.example.com | invalid character '_'",
        "-bad.example.com | label starts or ends with a hyphen",
        "bad-.example.com | label starts or ends with a hyphen",
        "a..b | empty label",
        "has space.example | invalid character 0x20",
        "caf\u00e9.example | invalid character 0xE9",
    })
    void syntaxProblemShouldNameTheProblem(String name, String problem) {
        assertThat(DomainName.syntaxProblem(name)).contains(problem);
    }

    @Test
    void syntaxProblemShouldRejectLongLabelsAndNames() {
        assertThat(DomainName.syntaxProblem("a".repeat(64) + ".example")).contains("label longer than 63 characters");
        assertThat(DomainName.syntaxProblem("a".repeat(63) + ".example")).isEmpty();
        String name253 = ("a".repeat(49) + ".").repeat(5) + "abc";
        assertThat(name253).hasSize(253);
        assertThat(DomainName.syntaxProblem(name253)).isEmpty();
        assertThat(DomainName.syntaxProblem(name253 + "d")).contains("longer than 253 characters");
        assertThat(DomainName.syntaxProblem("x".repeat(10_000))).contains("longer than 253 characters");
    }

    @ParameterizedTest
    @CsvSource({
        "mail.example.com, true",
        "localhost, false",
        "DESKTOP-4F2J9KL, false",
        "localhost.localdomain, false",
        "server.lan, false",
        "printer.local, false",
        "fritz.box, false",
        "host.123, false",
        "mail.example.test, true",
    })
    void isFullyQualifiedShouldRequireAPublicLookingName(String name, boolean expected) {
        assertThat(DomainName.parse(name).orElseThrow().isFullyQualified()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "mail.example.co.uk, example.co.uk, mail",
        "c-73-1-2-3.hsd1.ca.comcast.net, comcast.net, c-73-1-2-3.hsd1.ca",
        "comcast.net, comcast.net, ''",
        "a.b.example.test, example.test, a.b",
    })
    void organisationalDomainShouldFollowThePublicSuffixList(String name, String org, String host) {
        DomainName parsed = DomainName.parse(name).orElseThrow();
        assertThat(parsed.organisationalDomain()).isEqualTo(org);
        assertThat(parsed.hostPart()).isEqualTo(host);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mail.example.com     | special-use name .example.com (RFC 2606/6761)",
        "example.org          | special-use name .example.org (RFC 2606/6761)",
        "host.test            | special-use name .test (RFC 2606/6761)",
        "router.home.arpa     | special-use name .home.arpa (RFC 8375)",
        "x.onion              | special-use name .onion (RFC 7686)",
        "mail.alt             | special-use name .alt (RFC 9476)",
        "mx.domain.tld        | top-level label 'tld' is not in the Public Suffix List",
        "mail.company.cmo     | top-level label 'cmo' is not in the Public Suffix List",
        "mail.company.c0m     | top-level label 'c0m' is not in the Public Suffix List",
    })
    void reservedProblemShouldNameTheRule(String name, String problem) {
        assertThat(DomainName.parse(name).flatMap(DomainName::reservedProblem)).contains(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.example.co.uk", "mx.example.de", "xn--mller-kva.de", "mail.company.xyz", "a.b.c.museum", "mx.example.com.br"})
    void reservedProblemShouldBeEmptyForInternetNames(String name) {
        assertThat(DomainName.parse(name).flatMap(DomainName::reservedProblem)).isEmpty();
    }
}
