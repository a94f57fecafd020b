package org.accessdenied.it;

import java.util.Map;
import java.util.TreeMap;

/** The samples of a Prometheus text exposition (format 0.0.4): {@code name{labels}} to value; comments skipped. */
final class PrometheusText {
    private PrometheusText() {
    }

    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space).trim();
            String value = line.substring(space + 1).trim();
            if (series.contains(" ")) {
                // a timestamp after the value
                value = series.substring(series.lastIndexOf(' ') + 1);
                series = series.substring(0, series.lastIndexOf(' '));
            }
            samples.put(series, Double.parseDouble(value));
        }
        return samples;
    }
}
