package org.accessdenied.cli.report;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * The log files named on the command line: files, directories (every file in them) and glob patterns the shell left
 * alone ({@code 'logs/james-server.log*'}), in the order a rotated set was written: {@code james-server.log.3.gz},
 * {@code .2.gz}, {@code .1.gz}, then {@code james-server.log}. Gzip is recognised by its magic bytes, not its name.
 */
final class LogFiles {
    private static final Pattern ROTATION = Pattern.compile("^(.*?)(?:\\.(\\d+))?(?:\\.gz)?$");

    private LogFiles() {
    }

    static List<Path> expand(List<String> arguments) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            if (Files.isDirectory(path)) {
                try (DirectoryStream<Path> inside = Files.newDirectoryStream(path)) {
                    inside.forEach(p -> {
                        if (Files.isRegularFile(p)) {
                            files.add(p);
                        }
                    });
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else if (argument.contains("*") || argument.contains("?") || argument.contains("[")) {
                files.addAll(glob(argument));
            } else {
                throw new java.nio.file.NoSuchFileException(argument);
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no log file in " + String.join(" ", arguments));
        }
        return files.stream().sorted(Comparator.comparing((Path p) -> base(p)).thenComparing(LogFiles::rotation, Comparator.reverseOrder()))
            .collect(Collectors.toList());
    }

    private static List<Path> glob(String pattern) throws IOException {
        Path whole = Path.of(pattern);
        Path dir = whole.getParent() == null ? Path.of(".") : whole.getParent();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + whole.getFileName());
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> inside = Files.newDirectoryStream(dir)) {
                inside.forEach(p -> {
                    if (Files.isRegularFile(p) && matcher.matches(p.getFileName())) {
                        found.add(p);
                    }
                });
            }
        }
        if (found.isEmpty()) {
            throw new java.nio.file.NoSuchFileException(pattern);
        }
        return found;
    }

    private static String base(Path file) {
        Matcher m = ROTATION.matcher(file.toString());
        return m.matches() ? m.group(1) : file.toString();
    }

    private static long rotation(Path file) {
        Matcher m = ROTATION.matcher(file.toString());
        return m.matches() && m.group(2) != null && m.group(2).length() < 10 ? Long.parseLong(m.group(2)) : 0;
    }

    /** The file's text, gunzipped when it starts like gzip; {@code raw} receives the bytes read from disk. */
    static InputStream open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
