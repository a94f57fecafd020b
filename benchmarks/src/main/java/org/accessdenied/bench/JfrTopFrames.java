package org.accessdenied.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The pack's share of a JFR recording's CPU samples ({@code jdk.ExecutionSample}) and its top frames.
 * A sample is the pack's when a frame of {@code org.accessdenied} is on its stack; it is attributed to the topmost
 * such frame (the pack method closest to the CPU: its own code, or the library code it called). Samples of
 * dnsjava (org.xbill.DNS) with no pack frame (its selector thread, answering the pack's questions) are counted apart.
 * <p>
 * {@code java -cp benchmarks.jar org.accessdenied.bench.JfrTopFrames FILE.jfr [N]}
 */
public final class JfrTopFrames {
    private static final String PACK = "org.accessdenied.";

    private JfrTopFrames() {
    }

    public static void main(String[] args) throws IOException {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.print(report(Path.of(args[0]), top));
    }

    /** A Markdown summary: total samples, the pack's share, dnsjava's share outside pack frames, the top frames. */
    public static String report(Path recording, int top) throws IOException {
        long total = 0;
        long pack = 0;
        long dnsjavaOnly = 0;
        Map<String, Long> byFrame = new HashMap<>();
        Map<String, Long> selfByFrame = new HashMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null) {
                continue;
            }
            total++;
            List<RecordedFrame> frames = stack.getFrames();
            String first = null;
            boolean dnsjava = false;
            for (RecordedFrame frame : frames) {
                if (!frame.isJavaFrame()) {
                    continue;
                }
                String type = frame.getMethod().getType().getName();
                if (type.startsWith(PACK)) {
                    first = shortName(type) + "." + frame.getMethod().getName();
                    break;
                }
                dnsjava |= type.startsWith("org.xbill.DNS.");
            }
            if (first != null) {
                pack++;
                byFrame.merge(first, 1L, Long::sum);
                if (!frames.isEmpty() && frames.get(0).getMethod().getType().getName().startsWith(PACK)) {
                    selfByFrame.merge(first, 1L, Long::sum);
                }
            } else if (dnsjava) {
                dnsjavaOnly++;
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%d CPU samples; a pack frame on the stack: %d (%.1f %%); dnsjava without a pack frame "
            + "(its selector thread): %d (%.1f %%)%n%n", total, pack, pct(pack, total), dnsjavaOnly, pct(dnsjavaOnly, total)));
        s.append("| topmost pack frame | samples | % of all | of them in the frame itself |\n|---|---:|---:|---:|\n");
        long all = total;
        List<Map.Entry<String, Long>> sorted = byFrame.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top).collect(Collectors.toList());
        for (Map.Entry<String, Long> e : sorted) {
            s.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f | %d |%n", e.getKey(), e.getValue(), pct(e.getValue(), all),
                selfByFrame.getOrDefault(e.getKey(), 0L)));
        }
        return s.toString();
    }

    private static String shortName(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(dot + 1);
    }

    private static double pct(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
