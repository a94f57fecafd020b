package org.accessdenied.core.rdns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.accessdenied.core.net.ClientIp;

class DynamicRdnsClassifierTest {
    private final DynamicRdnsClassifier classifier = DynamicRdnsClassifier.defaults();

    private RdnsClassification classify(String ip, String ptr) {
        return classifier.classify(ptr, ClientIp.parse(ip));
    }

    @ParameterizedTest(name = "{1} is dynamic by {2} \"{3}\"")
    @CsvSource(delimiter = '|', value = {
        // the address written in, every common form
        "73.1.2.3      | c-73-1-2-3.hsd1.ca.comcast.net                 | IP_IN_NAME   | 73-1-2-3",
        "71.1.2.3      | pool-71-1-2-3.nycmny.fios.verizon.net          | IP_IN_NAME   | 71-1-2-3",
        "98.7.6.5      | 98.7.6.5.example-isp.net                       | IP_IN_NAME   | 98.7.6.5",
        "98.7.6.5      | host98_7_6_5.example-isp.net                   | IP_IN_NAME   | 98_7_6_5",
        "98.7.6.5      | 5.6.7.98.rev.example-isp.fr                    | IP_IN_NAME   | 5.6.7.98",
        "98.7.6.5      | 5-6-7-98.rev.example-isp.fr                    | IP_IN_NAME   | 5-6-7-98",
        "71.70.123.45  | cpe-071-070-123-045.nc.res.rr.com              | IP_IN_NAME   | 071-070-123-045",
        "126.12.34.56  | softbank126012034056.bbtec.net                 | IP_IN_NAME   | 126012034056",
        "91.13.18.52   | p5b0d1234.dip0.t-ipconnect.de                  | IP_IN_NAME   | 5b0d1234",
        "91.13.18.52   | p5B0D1234.dip0.t-ipconnect.de                  | IP_IN_NAME   | 5b0d1234",
        "81.2.34.56    | host81-2-34-56.range81-2.btcentralplus.com     | IP_IN_NAME   | 81-2-34-56",
        "203.0.113.77  | 113-77.pool.example.net                        | IP_IN_NAME   | 113-77",
        "203.0.113.77  | ec2-203-0-113-77.compute-1.amazonaws.com       | IP_IN_NAME   | 203-0-113-77",
        "2001:db8::4   | 2001-db8-0-0-0-0-0-4.dyn6.cable.example.test   | IP_IN_NAME   | 2001-db8-0-0-0-0-0-4",
        "2a02:8108:1:2:3:4:5:6 | 2a02-8108-1-2-3-4-5-6.dyn.example.de   | IP_IN_NAME   | 2a02-8108-1-2-3-4-5-6",
        "2001:db8:1:2:a1b2:c3d4:e5f6:789a | ipv6-a1b2c3d4e5f6789a.cust.example.net | IP_IN_NAME | a1b2c3d4e5f6789a",
        // static and business lines: the address is in the name, so the provider generated it
        "98.7.6.5      | static-98-7-6-5.example-isp.net                | IP_IN_NAME   | 98-7-6-5",
        "98.7.6.5      | 98-7-6-5.business.example-isp.net              | IP_IN_NAME   | 98-7-6-5",
        // reversed-order hex, three hex octets and a decimal one, the first three octets in the registered domain
        "70.87.88.108  | 6c.58.5746.ip4.static.sl-reverse.com           | IP_IN_NAME   | 6c585746",
        "88.193.194.34 | dsl-hkibng31-58c1c2-34.dhcp.inet.fi            | IP_IN_NAME   | 58c1c2-34",
        "51.68.12.34   | ns3012345.ip-51-68-12.eu                       | IP_IN_NAME   | 51-68-12",
        // cable modems' MAC addresses
        "70.77.12.34   | S0106a84e3f123456.vc.shawcable.net             | MAC_IN_NAME  | a84e3f123456",
        "87.59.12.34   | x1-6-00-1e-2a-5f-07-c1.k123.webspeed.dk        | MAC_IN_NAME  | 00-1e-2a-5f-07-c1",
        // hosting providers' default names
        "173.212.12.34 | vmi123456.contaboserver.net                    | HOSTING_DEFAULT | vmi123456",
        "62.210.12.34  | sd-123456.dedibox.fr                           | HOSTING_DEFAULT | sd-123456",
        "54.36.12.34   | vps-5c1a2b3d.vps.ovh.net                       | HOSTING_DEFAULT | vps-5c1a2b3d",
        "95.211.12.34  | hosted-by.leaseweb.com                         | HOSTING_DEFAULT | hosted-by",
        // per-subscriber line ids and cable-modem tokens
        "94.200.12.34  | bba123456.alshamil.net.ae                      | ACCESS_TOKEN | bba",
        "180.3.12.34   | p3010038-ipngn200604osakakita.osaka.ocn.ne.jp  | ACCESS_TOKEN | ipngn",
        "116.86.12.34  | cm123.zeta23.maxonline.com.sg                  | ACCESS_TOKEN | cm",
        // access-network words as tokens
        "198.51.100.9  | adsl-dynamic-pool.example-isp.net              | ACCESS_TOKEN | adsl",
        "198.51.100.9  | ppp12.city.example-isp.net                     | ACCESS_TOKEN | ppp",
        "198.51.100.9  | dialup77.example-isp.net                       | ACCESS_TOKEN | dialup",
        "198.51.100.9  | xdsl-line.example-isp.net                      | ACCESS_TOKEN | xdsl",
        "198.51.100.9  | cable-modem-a.example-isp.net                  | ACCESS_TOKEN | cable",
        "198.51.100.9  | dhcp-44.campus.example.edu                     | ACCESS_TOKEN | dhcp",
        "198.51.100.9  | customer-abc.broadband.example.net             | ACCESS_TOKEN | customer",
        "198.51.100.9  | ip-abc.example.net                             | ACCESS_TOKEN | ip",
        "198.51.100.9  | ip68.example.net                               | ACCESS_TOKEN | ip",
        "198.51.100.9  | dyn-lm.example.net                             | ACCESS_TOKEN | dyn",
    })
    void classifyShouldCallAccessLinesDynamic(String ip, String ptr, RdnsClassification.Rule rule, String detail) {
        RdnsClassification result = classify(ip, ptr);
        assertThat(result.isDynamic()).as(result.reason()).isTrue();
        assertThat(result.rule()).isEqualTo(rule);
        assertThat(result.detail()).isEqualTo(detail);
    }

    @ParameterizedTest(name = "{1} is a server")
    @CsvSource(delimiter = '|', value = {
        // big senders whose names embed digits
        "209.85.218.41  | mail-ej1-f41.google.com",
        "40.107.20.101  | mail-db8eur05on2101.outbound.protection.outlook.com",
        "54.240.8.30    | a8-30.smtp-out.amazonses.com",
        "69.171.232.143 | 69-171-232-143.mail-mail.facebook.com",
        "159.135.228.4  | m228-4.mailgun.net",
        "66.163.190.21  | sonic301-21.consmr.mail.ne1.yahoo.com",
        // ordinary servers, and ISP relays for their own access lines
        "192.0.2.25     | mail.example.com",
        "192.0.2.25     | mx1.company.de",
        "192.0.2.25     | smtp.dsl.example-isp.net",
        "192.0.2.25     | mail-192-0-2-25.example-host.net",
        // tokens are words, not substrings
        "192.0.2.25     | resolver1.example.net",
        "192.0.2.25     | dynamo-db.example.net",
        "192.0.2.25     | pooler.example.net",
        "192.0.2.25     | dialog.example.net",
        "192.0.2.25     | cablevision.com",
        "192.0.2.25     | residence-hall-server.example.edu",
        "192.0.2.25     | clientmail.example.com",
        "192.0.2.25     | ip.example.com",
        "192.0.2.25     | cm.example.com",
        // big senders whose names carry partial addresses, shared hosting servers, short server numbers
        "220.181.12.17  | m12-17.163.com",
        "40.92.70.29    | mail-oln040092070029.outbound.protection.outlook.com",
        "46.242.240.10  | serwer1234567.home.pl",
        "162.255.118.10 | server123.web-hosting.com",
        "192.0.2.25     | vps1.example.com",
        "192.0.2.25     | ns12.example.com",
        // one octet alone is no sign
        "192.0.2.41     | web41.example.net",
    })
    void classifyShouldLeaveServersAlone(String ip, String ptr) {
        RdnsClassification result = classify(ip, ptr);
        assertThat(result.isDynamic()).as(result.reason()).isFalse();
    }

    @Test
    void staticExemptShouldBringBackTheOldTreatmentOfStaticLines() {
        DynamicRdnsClassifier exempt = classifier.withStaticLines(DynamicRdnsClassifier.StaticLines.EXEMPT);
        RdnsClassification result = exempt.classify("static-98-7-6-5.example-isp.net", ClientIp.parse("98.7.6.5"));
        assertThat(result.isDynamic()).isFalse();
        assertThat(result.reason()).isEqualTo("static-98-7-6-5.example-isp.net exempt: marked static");
        assertThat(exempt.classify("98-7-6-5.business.example-isp.net", ClientIp.parse("98.7.6.5")).isDynamic()).isFalse();
        assertThat(exempt.classify("c-98-7-6-5.hsd1.example-isp.net", ClientIp.parse("98.7.6.5")).isDynamic()).isTrue();
    }

    @Test
    void classifyShouldOnlyLookLeftOfTheOrganisationalDomain() {
        // the ISP's own domain carries the words; the host part does not
        assertThat(classify("192.0.2.25", "mx.dsl-provider.example").isDynamic()).isFalse();
        assertThat(classify("192.0.2.25", "gw.cable.co.uk").isDynamic()).isFalse();
    }

    @Test
    void classifyShouldExplainExemptions() {
        assertThat(classify("209.85.218.41", "mail-ej1-f41.google.com").reason()).isEqualTo("mail-ej1-f41.google.com exempt: domain google.com");
        assertThat(classify("192.0.2.25", "smtp.dsl.example-isp.net").reason()).isEqualTo("smtp.dsl.example-isp.net exempt: server label smtp");
    }

    @Test
    void classifyShouldUseWordsWhenTheAddressIsUnknown() {
        assertThat(classifier.classify("ppp1.example.net", Optional.empty()).isDynamic()).isTrue();
        assertThat(classifier.classify("c-73-1-2-3.example.net", Optional.empty()).isDynamic()).isFalse();
    }

    @Test
    void configurationShouldExtendTokensExemptionsAndPatterns() {
        DynamicRdnsClassifier custom = classifier.withTokens(Stream.concat(classifier.tokens().stream(), Stream.of("kunde")).collect(Collectors.toSet()))
            .withExemptDomains(Stream.concat(classifier.exemptDomains().stream(), Stream.of("partner.example")).collect(Collectors.toSet()))
            .withPattern(Pattern.compile("^host[0-9]+\\.pool2\\.example\\.net$"))
            .withExemptPattern(Pattern.compile("^relay[0-9]*\\."));
        assertThat(custom.classify("kunde-7.example.de", Optional.empty()).detail()).isEqualTo("kunde");
        assertThat(custom.classify("c-73-1-2-3.partner.example", ClientIp.parse("73.1.2.3")).isDynamic()).isFalse();
        assertThat(custom.classify("host12.pool2.example.net", Optional.empty()).rule()).isEqualTo(RdnsClassification.Rule.PATTERN);
        assertThat(custom.classify("relay3.dsl.example.net", Optional.empty()).isDynamic()).isFalse();
    }

    @Test
    void classifyShouldCopeWithOddNames() {
        assertThat(classifier.classify("", Optional.empty()).isDynamic()).isFalse();
        assertThat(classifier.classify("under_score.dsl.example.net.", Optional.empty()).isDynamic()).isTrue();
        assertThat(classifier.classify("x".repeat(10_000), Optional.empty()).isDynamic()).isFalse();
        assertThat(classifier.classify("1-2-3-4.".repeat(1_300) + "example.net", ClientIp.parse("1.2.3.4")).isDynamic()).isTrue();
        assertThat(classifier.classify("a\u0000b.dsl.example.net", Optional.empty()).isDynamic()).isTrue();
        assertThat(classifier.classify("h\u00f6st-1-2-3-4.example.net", ClientIp.parse("1.2.3.4")).isDynamic()).isTrue();
        assertThat(classifier.classify("xn--hst-sna.example.net", ClientIp.parse("1.2.3.4")).isDynamic()).isFalse();
        assertThat(classifier.classify("xn--1-2-3-4-dyn.example.net", ClientIp.parse("1.2.3.4")).isDynamic()).isTrue();
    }

    @ParameterizedTest(name = "{1} from {0} is dynamic in every IPv6 spelling")
    @CsvSource(delimiter = '|', value = {
        "2001:db8::4                               | 2001-db8-0-0-0-0-0-4.dyn6.example.net",
        "2001:0db8:0000:0000:0000:0000:0000:0004   | 2001-db8-0-0-0-0-0-4.dyn6.example.net",
        "2001:DB8::4                               | 2001-0db8-0000-0000-0000-0000-0000-0004.dyn6.example.net",
        "::ffff:98.7.6.5                           | c-98-7-6-5.example.net",
        "[2001:db8::4]                             | 20010db8000000000000000000000004.example.net",
        "fe80::1:2:3:4%eth0                        | fe80-0-0-0-1-2-3-4.example.net",
    })
    void classifyShouldFindIpv6AddressesWrittenAnyWay(String ip, String ptr) {
        RdnsClassification result = classify(ip, ptr);
        assertThat(result.isDynamic()).as(result.reason()).isTrue();
        assertThat(result.rule()).isEqualTo(RdnsClassification.Rule.IP_IN_NAME);
    }
}
