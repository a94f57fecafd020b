package org.accessdenied.cli.report;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code report [--since DATE] [--html FILE] LOG...}: reads the logs once, line by line, and prints the report. */
public final class ReportCommand {
    private static final long PROGRESS_EVERY_NANOS = 500_000_000L;

    private final Optional<LocalDate> since;
    private final Optional<Path> html;
    private final List<String> logs;
    private final boolean progress;

    private ReportCommand(Optional<LocalDate> since, Optional<Path> html, List<String> logs, boolean progress) {
        this.since = since;
        this.html = html;
        this.logs = logs;
        this.progress = progress;
    }

    /** Parses the arguments after {@code report}; {@code progress}: show a progress line on stderr. */
    public static ReportCommand parse(List<String> args, boolean progress) {
        Optional<LocalDate> since = Optional.empty();
        Optional<Path> html = Optional.empty();
        List<String> logs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--since") || arg.equals("--html")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String value = args.get(++i);
                if (arg.equals("--since")) {
                    if (since.isPresent()) {
                        throw new IllegalArgumentException("--since given more than once");
                    }
                    try {
                        since = Optional.of(LocalDate.parse(value));
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("--since: not a date (YYYY-MM-DD): " + value);
                    }
                } else {
                    if (html.isPresent()) {
                        throw new IllegalArgumentException("--html given more than once");
                    }
                    html = Optional.of(Path.of(value));
                }
            } else if (arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown option '" + arg + "'");
            } else {
                logs.add(arg);
            }
        }
        if (logs.isEmpty()) {
            throw new IllegalArgumentException("report needs at least one LOG file");
        }
        return new ReportCommand(since, html, logs, progress);
    }

    public int run(PrintStream out, PrintStream err) throws IOException {
        List<Path> files = LogFiles.expand(logs);
        long totalBytes = 0;
        for (Path file : files) {
            totalBytes += Files.size(file);
        }
        ObserveReport report = new ObserveReport(since);
        long[] done = {0};
        long[] lastShown = {System.nanoTime()};
        for (Path file : files) {
            long before = done[0];
            long total = totalBytes;
            InputStream counted = new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        done[0] += n;
                    }
                    return n;
                }
            };
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(LogFiles.open(counted),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
                long lineNumber = 0;
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNumber++;
                    report.accept(line, file + ":" + lineNumber);
                    if (progress && (lineNumber & 0x3fff) == 0 && System.nanoTime() - lastShown[0] > PROGRESS_EVERY_NANOS) {
                        lastShown[0] = System.nanoTime();
                        err.printf(Locale.ROOT, "\r%s: %d%% of %d MB, %d decisions", file.getFileName(), total == 0 ? 100 : done[0] * 100 / total,
                            total >> 20, report.decisionLines);
                        err.flush();
                    }
                }
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                err.println((progress ? "\r" : "") + "access-denied: " + file + ": " + e.getMessage() + " (truncated gzip?), read up to there");
            }
            if (done[0] == before) {
                done[0] += Files.size(file);
            }
        }
        if (progress) {
            err.print("\r\033[K");
            err.flush();
        }
        report.print(out, files.size());
        if (html.isPresent()) {
            try (Writer writer = Files.newBufferedWriter(html.get(), StandardCharsets.UTF_8)) {
                new ReportHtml(report, files.size()).write(writer);
            }
            out.println();
            out.println("HTML report: " + html.get());
        }
        return 0;
    }
}
