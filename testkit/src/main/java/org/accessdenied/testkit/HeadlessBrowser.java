package org.accessdenied.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, headless, for tests that must see a page as a browser lays it out: {@link #renderedDom} loads a
 * local file in a window of the given size and returns the DOM after its scripts ran. Each run gets a new, empty
 * profile and no network features (sync, updates, background requests), so nothing leaves the machine.
 */
public final class HeadlessBrowser {
    private static final long LIMIT_SECONDS = 60;

    private HeadlessBrowser() {
    }

    public static String renderedDom(Path page, int width, int height) {
        String chromium = LocalDaemon.findBinary("chromium", "bin/lib/ensure-tools chromium");
        Path profile;
        try {
            profile = Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--dump-dom", page.toUri().toString()));
            Path stdout = Files.createTempFile("chromium", ".dom");
            Path stderr = Files.createTempFile("chromium", ".err");
            stdout.toFile().deleteOnExit();
            stderr.toFile().deleteOnExit();
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("chromium did not finish within " + LIMIT_SECONDS + " s: "
                    + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            String dom = Files.readString(stdout, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 || dom.isBlank()) {
                throw new IllegalStateException("chromium exited with " + process.exitValue() + ": " + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return dom;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a left-over temporary profile is harmless
        }
    }
}
