package org.accessdenied.cli.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report as one self-contained HTML file: no script, no external file, charts as inline SVG, a layout that fits a
 * phone. Every count carries a {@code data-n} attribute so a test (or a script) reads the numbers back.
 */
final class ReportHtml {
    private static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf"};
    private static final String CSS = String.join("\n",
        "body{font:16px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;max-width:60rem;padding:0 .75rem;color:#222}",
        "h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #ddd}",
        ".scroll{overflow-x:auto}table{border-collapse:collapse;min-width:100%;font-size:.9rem}",
        "th,td{padding:.25rem .5rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}td.n,th.n{text-align:right}",
        "svg{display:block;width:100%;height:auto;margin:.5rem 0}svg text{font-size:11px;fill:#333}",
        ".legend span{display:inline-block;margin-right:1rem;font-size:.85rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem}",
        "code{word-break:break-all}.muted{color:#666;font-size:.9rem}",
        "@media (max-width:40rem){body{font-size:15px}table{font-size:.8rem}th,td{padding:.2rem .25rem;overflow-wrap:anywhere}}");

    private final ObserveReport report;
    private final int files;
    private final StringBuilder html = new StringBuilder(1 << 16);

    ReportHtml(ObserveReport report, int files) {
        this.report = report;
        this.files = files;
    }

    void write(Writer out) throws IOException {
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .append("<title>Access Denied report ").append(esc(report.period())).append("</title><style>").append(CSS).append("</style></head><body>\n");
        html.append("<h1>What the admission policy did</h1><p class=\"muted\">").append(esc(report.period())).append(": ")
            .append(files).append(" file(s), ").append(report.lines).append(" lines, <span id=\"decisions\" data-n=\"").append(report.decisionLines)
            .append("\">").append(report.decisionLines).append("</span> decisions (").append(report.accepted).append(" accepted), ")
            .append("<span id=\"malformed\" data-n=\"").append(report.malformed).append("\">").append(report.malformed)
            .append("</span> malformed lines skipped.");
        if (!report.limits().isEmpty()) {
            html.append(" Note: ").append(esc(report.limits())).append(" (marked *).");
        }
        html.append("</p>\n");
        List<String> rules = new ArrayList<>(report.perRule().keySet());
        perDayChart(rules);
        perRuleTable();
        html.append("<h2>Top sources</h2>");
        barChart("networks", "Client networks (sessions)", report.networks);
        barChart("ptr-domains", "PTR organisational domains (sessions)", report.ptrDomains);
        topTable("reasons", "Top reasons (sessions)", report.reasons);
        topTable("helos", "Top HELOs (sessions)", report.helos);
        topTable("recipients", "Top recipients (recipients)", report.recipients);
        regrets();
        perDayTable();
        html.append("</body></html>\n");
        out.write(html.toString());
    }

    private void perDayChart(List<String> rules) {
        html.append("<h2>Sessions per day and rule</h2><p class=\"muted\">Refused, deferred and would-refuse sessions, stacked by rule.</p>");
        Map<String, TreeMap<String, ObserveReport.Counts>> days = report.perDay();
        long max = days.values().stream().mapToLong(byRule -> byRule.values().stream().mapToLong(ObserveReport.Counts::totalSessions).sum())
            .max().orElse(0);
        int width = 640;
        int height = 220;
        int left = 40;
        int bottom = 30;
        int plot = height - bottom - 10;
        double slot = days.isEmpty() ? 0 : (double) (width - left - 10) / days.size();
        html.append("<svg id=\"per-day\" viewBox=\"0 0 ").append(width).append(' ').append(height)
            .append("\" role=\"img\" aria-label=\"sessions per day and rule\">");
        html.append("<line x1=\"").append(left).append("\" y1=\"").append(height - bottom).append("\" x2=\"").append(width - 10)
            .append("\" y2=\"").append(height - bottom).append("\" stroke=\"#999\"/>");
        html.append("<text x=\"").append(left - 4).append("\" y=\"14\" text-anchor=\"end\">").append(max).append("</text>");
        int d = 0;
        int labelEvery = Math.max(1, (int) Math.ceil(days.size() / 8.0));
        for (Map.Entry<String, TreeMap<String, ObserveReport.Counts>> day : days.entrySet()) {
            double x = left + d * slot + slot * 0.15;
            double y = height - bottom;
            for (String rule : rules) {
                ObserveReport.Counts counts = day.getValue().get(rule);
                long n = counts == null ? 0 : counts.totalSessions();
                if (n == 0) {
                    continue;
                }
                double h = max == 0 ? 0 : Math.max(1, plot * (double) n / max);
                y -= h;
                html.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" data-day=\"%s\" "
                        + "data-rule=\"%s\" data-n=\"%d\"><title>%s %s: %d</title></rect>", x, y, slot * 0.7, h, color(rules, rule),
                    esc(day.getKey()), esc(rule), n, esc(day.getKey()), esc(rule), n));
            }
            if (d % labelEvery == 0) {
                html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", left + d * slot + slot / 2,
                    height - bottom + 16, esc(shortDay(day.getKey()))));
            }
            d++;
        }
        html.append("</svg><div class=\"legend\">");
        rules.forEach(rule -> html.append("<span><i style=\"background:").append(color(rules, rule)).append("\"></i>").append(esc(rule)).append("</span>"));
        html.append("</div>\n");
    }

    private static String shortDay(String day) {
        return day.length() == 10 ? day.substring(5) : day;
    }

    private static String color(List<String> rules, String rule) {
        return PALETTE[Math.max(0, rules.indexOf(rule)) % PALETTE.length];
    }

    private void barChart(String id, String title, TopCounter<String, Void> counter) {
        List<TopCounter.Entry<String, Void>> top = counter.top(ObserveReport.TOP);
        html.append("<h3>").append(esc(title)).append("</h3>");
        if (top.isEmpty()) {
            html.append("<p class=\"muted\">none</p>");
            return;
        }
        long max = top.get(0).count;
        int row = 22;
        int width = 640;
        int labelWidth = 260;
        html.append("<svg id=\"").append(id).append("\" viewBox=\"0 0 ").append(width).append(' ').append(top.size() * row + 4)
            .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">");
        for (int i = 0; i < top.size(); i++) {
            TopCounter.Entry<String, Void> e = top.get(i);
            double w = Math.max(1, (width - labelWidth - 60) * (double) e.count / max);
            int y = i * row + 2;
            html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelWidth - 6, y + 15,
                esc(clip(e.key, 40))));
            html.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" data-key=\"%s\" data-n=\"%d\">"
                + "<title>%s: %d%s</title></rect>", labelWidth, y + 2, w, row - 6, PALETTE[0], esc(e.key), e.count, esc(e.key), e.count,
                esc(e.lowerBound())));
            html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%d%s</text>", labelWidth + w + 4, y + 15, e.count,
                e.lowerBound().isEmpty() ? "" : "*"));
        }
        html.append("</svg>\n");
    }

    private static String clip(String text, int max) {
        return text.length() > max ? text.substring(0, max - 1) + "…" : text;
    }

    private void perRuleTable() {
        html.append("<h2>Sessions per rule</h2><div class=\"scroll\"><table id=\"per-rule\"><tr><th>Rule</th><th class=\"n\">refused</th>"
            + "<th class=\"n\">deferred</th><th class=\"n\">would-refuse</th></tr>");
        report.perRule().forEach((rule, counts) -> countsRow(rule, "", counts));
        html.append("</table></div>\n");
    }

    private void perDayTable() {
        html.append("<h2>Sessions per day and rule</h2><div class=\"scroll\"><table id=\"per-day-table\"><tr><th>Day</th><th>Rule</th>"
            + "<th class=\"n\">refused</th><th class=\"n\">deferred</th><th class=\"n\">would-refuse</th></tr>");
        report.perDay().forEach((day, byRule) -> byRule.forEach((rule, counts) -> countsRow(rule, day, counts)));
        html.append("</table></div>\n");
    }

    private void countsRow(String rule, String day, ObserveReport.Counts counts) {
        html.append("<tr data-rule=\"").append(esc(rule)).append("\"").append(day.isEmpty() ? "" : " data-day=\"" + esc(day) + "\"").append('>');
        if (!day.isEmpty()) {
            html.append("<td>").append(esc(day)).append("</td>");
        }
        html.append("<td>").append(esc(rule)).append("</td>");
        for (DecisionLine.Outcome outcome : new DecisionLine.Outcome[] {DecisionLine.Outcome.REFUSED, DecisionLine.Outcome.DEFERRED,
            DecisionLine.Outcome.WOULD_REFUSE}) {
            html.append("<td class=\"n\" data-outcome=\"").append(outcome.label).append("\" data-n=\"").append(counts.sessions(outcome)).append("\">")
                .append(counts.sessions(outcome)).append("</td>");
        }
        html.append("</tr>");
    }

    private void topTable(String id, String title, TopCounter<String, Void> counter) {
        html.append("<h3>").append(esc(title)).append("</h3><div class=\"scroll\"><table id=\"").append(id).append("\">");
        counter.top(ObserveReport.TOP).forEach(e -> html.append("<tr><td class=\"n\" data-n=\"").append(e.count).append("\">").append(e.count)
            .append("</td><td><code>").append(esc(e.key)).append("</code>").append(esc(e.lowerBound())).append("</td></tr>"));
        html.append("</table></div>\n");
    }

    private void regrets() {
        List<TopCounter.Entry<String, ObserveReport.Suspect>> regrets = report.regrets();
        html.append("<h2>Would I regret it?</h2><p class=\"muted\">Refused (or would-refuse) clients that look like legitimate senders: ")
            .append("forward-confirmed PTR under a big sender's domain, SPF pass, authenticated from the same address, mail to postmaster.</p>");
        if (regrets.isEmpty()) {
            html.append("<p id=\"regrets-none\">None.</p>\n");
            return;
        }
        html.append("<div class=\"scroll\"><table id=\"regrets\"><tr><th>Client</th><th class=\"n\">sessions</th><th>Rule</th><th>Why it may be legitimate</th></tr>");
        regrets.stream().limit(ObserveReport.REGRET_SHOWN).forEach(e -> html.append("<tr data-client=\"").append(esc(e.key)).append("\"><td><code>")
            .append(esc(e.key)).append("</code><br><span class=\"muted\">ptr ").append(esc(e.sample.ptr.isEmpty() ? "-" : e.sample.ptr))
            .append(", helo ").append(esc(e.sample.helo)).append(", from ").append(esc(e.sample.from)).append("</span></td><td class=\"n\" data-n=\"")
            .append(e.count).append("\">").append(e.count).append("</td><td>").append(esc(e.sample.outcome)).append(' ').append(esc(e.sample.rule))
            .append("</td><td>").append(esc(String.join("; ", e.sample.signs))).append("</td></tr>"));
        html.append("</table></div>\n");
    }

    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default:
                    out.append(c < 0x20 || c == 0x7f ? '\ufffd' : c);
            }
        }
        return out.toString();
    }
}
