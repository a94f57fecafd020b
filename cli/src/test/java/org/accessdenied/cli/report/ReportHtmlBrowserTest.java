package org.accessdenied.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.accessdenied.testkit.HeadlessBrowser;

/**
 * The HTML report as a phone's browser lays it out (Debian's chromium, headless, the report in a 390x844 frame): the
 * charts are drawn and every number is the generated log's. The report itself has no script; the page around it has one
 * that writes each chart shape's and table cell's rendered geometry into the page; the test reads the DOM chromium dumps.
 */
class ReportHtmlBrowserTest {
    /** Runs in the page around the report once the report is laid out in its phone-sized frame. */
    private static final String PROBE = "<script>function probe(frame){var d=frame.contentDocument,out=[];"
        + "d.querySelectorAll('svg').forEach(function(svg){var b=svg.getBoundingClientRect();"
        + "out.push(['svg',svg.id,'','',b.width.toFixed(1),b.height.toFixed(1)].join('|'));"
        + "svg.querySelectorAll('rect').forEach(function(r){var g=r.getBoundingClientRect();"
        + "out.push(['rect',svg.id,r.getAttribute('data-day')||r.getAttribute('data-key'),r.getAttribute('data-rule')||'',"
        + "r.getAttribute('data-n'),g.width.toFixed(2),g.height.toFixed(2)].join('|'));});});"
        + "d.querySelectorAll('#per-day-table tr[data-day] td[data-outcome]').forEach(function(td){var tr=td.parentNode;"
        + "out.push(['cell',tr.getAttribute('data-day'),tr.getAttribute('data-rule'),td.getAttribute('data-outcome'),td.textContent,"
        + "td.getBoundingClientRect().width.toFixed(1)].join('|'));});"
        + "out.push(['page',d.documentElement.scrollWidth,frame.contentWindow.innerWidth].join('|'));"
        + "var pre=document.createElement('pre');pre.id='probe';pre.textContent=out.join('\\n');document.body.appendChild(pre);}</script>";

    @TempDir
    Path dir;

    @Test
    void theHtmlReportShouldDrawItsChartsAndShowTheLogsNumbersInABrowserOnAPhone() throws IOException {
        ObserveLogGenerator log = new ObserveLogGenerator(7).generate(7, 300);
        log.writeRotated(dir, "james-server.log");
        Path html = dir.resolve("report.html");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ReportCommand.parse(List.of("--html", html.toString(), dir.resolve("james-server.log*").toString()), false)
            .run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
            .isZero();
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertThat(page).contains("<meta name=\"viewport\"").doesNotContain("<script").doesNotContain("src=").doesNotContain("href=")
            .doesNotContain("url(").doesNotContain("@import");

        // a phone-sized frame: headless chromium's window is never narrower than 500 px
        Path probed = dir.resolve("probed.html");
        Files.writeString(probed, "<!DOCTYPE html><html><body style=\"margin:0\">" + PROBE
            + "<iframe style=\"border:0\" width=\"390\" height=\"844\" onload=\"probe(this)\" srcdoc=\"" + page.replace("&", "&amp;").replace("\"", "&quot;") + "\"></iframe>"
            + "</body></html>", StandardCharsets.UTF_8);
        String dom = HeadlessBrowser.renderedDom(probed, 800, 900);

        List<String[]> probe = probe(dom);
        Map<String, Long> drawnPerDayAndRule = new TreeMap<>();
        for (String[] row : probe) {
            if (row[0].equals("svg")) {
                assertThat(Double.parseDouble(row[4])).as("width of svg " + row[1]).isGreaterThan(300).isLessThanOrEqualTo(390);
                assertThat(Double.parseDouble(row[5])).as("height of svg " + row[1]).isGreaterThan(20);
            }
            if (row[0].equals("rect")) {
                assertThat(Double.parseDouble(row[5])).as("drawn width of " + String.join("|", row)).isGreaterThan(0);
                assertThat(Double.parseDouble(row[6])).as("drawn height of " + String.join("|", row)).isGreaterThan(0);
                if (row[1].equals("per-day")) {
                    drawnPerDayAndRule.put(row[2] + " " + row[3], Long.parseLong(row[4]));
                }
            }
        }
        assertThat(probe.stream().filter(r -> r[0].equals("svg")).map(r -> r[1]).collect(Collectors.toList()))
            .containsExactly("per-day", "networks", "ptr-domains");
        String[] pageSize = probe.stream().filter(r -> r[0].equals("page")).findFirst().orElseThrow();
        assertThat(Integer.parseInt(pageSize[1])).as("no sideways scrolling on a phone").isLessThanOrEqualTo(Integer.parseInt(pageSize[2]));

        Map<String, Long> expectedPerDayAndRule = new TreeMap<>();
        Map<String, Map<String, Long>> expectedCells = new TreeMap<>();
        log.expected.forEach((day, byRule) -> byRule.forEach((rule, counts) -> {
            expectedPerDayAndRule.put(day + " " + rule, counts[0] + counts[1] + counts[2]);
            expectedCells.put(day + " " + rule, Map.of("refused", counts[0], "deferred", counts[1], "would-refuse", counts[2]));
        }));
        assertThat(drawnPerDayAndRule).isEqualTo(expectedPerDayAndRule);
        assertThat(cells(probe)).isEqualTo(expectedCells);
        assertThat(page).contains("data-client=\"" + ObserveLogGenerator.GOOGLE_CLIENT + "\"")
            .contains("id=\"decisions\" data-n=\"" + log.decisions + "\"");
    }

    private static List<String[]> probe(String dom) {
        int start = dom.indexOf("<pre id=\"probe\">");
        assertThat(start).as("the probe ran").isPositive();
        String text = dom.substring(start + "<pre id=\"probe\">".length(), dom.indexOf("</pre>", start));
        List<String[]> rows = new ArrayList<>();
        text.lines().forEach(line -> rows.add(line.split("\\|", -1)));
        return rows;
    }

    /** The per-day table as rendered: "day rule" -> outcome -> sessions shown; every cell visible. */
    private static Map<String, Map<String, Long>> cells(List<String[]> probe) {
        Map<String, Map<String, Long>> cells = new TreeMap<>();
        probe.stream().filter(r -> r[0].equals("cell")).forEach(r -> {
            assertThat(Double.parseDouble(r[5])).as("width of cell " + String.join("|", r)).isGreaterThan(0);
            cells.computeIfAbsent(r[1] + " " + r[2], k -> new TreeMap<>()).put(r[3], Long.parseLong(r[4]));
        });
        return cells;
    }
}
