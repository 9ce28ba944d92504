package dev.re3.browser;

import dev.re3.notebooks.ExternalProcess;
import dev.re3.notebooks.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium (Debian's {@code chromium}) opening local pages: {@code --dump-dom} to read what a
 * page's scripts wrote into it, {@code --screenshot} to see what it drew. Every run gets a new empty
 * profile and a virtual-time budget, so that scripts and timers finish before the page is read.
 */
final class Chromium {

    /** Virtual time each page gets to run its scripts and timers. */
    static final int VIRTUAL_TIME_MILLIS = 10_000;

    private final Path executable;
    private final Path work;
    private int runs;

    private Chromium(Path executable, Path work) {
        this.executable = executable;
        this.work = work;
    }

    /** Requires Chromium on the {@code PATH}; see {@link Project#require}. */
    static Chromium require(Path work) throws IOException {
        Path exe = Project.executable(List.of("chromium", "chromium-browser", "google-chrome")).orElse(null);
        Project.require(exe != null, "chromium is not installed; run bin/setup-notebooks");
        Files.createDirectories(work);
        return new Chromium(exe, work);
    }

    /**
     * Opens a page once: its DOM after its scripts ran (standard output), what Chromium logged (standard
     * error), and a screenshot of the window's {@code width x height} pixels in {@code png}.
     */
    ExternalProcess open(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        return run(url, width, height, List.of("--hide-scrollbars", "--screenshot=" + png, "--dump-dom"));
    }

    /** A screenshot of the window's top-left {@code width x height} pixels. */
    ExternalProcess screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        return run(url, width, height, List.of("--hide-scrollbars", "--screenshot=" + png));
    }

    private ExternalProcess run(String url, int width, int height, List<String> action)
            throws IOException, InterruptedException {
        int run = ++runs;
        Path profile = work.resolve("profile-" + run);
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--mute-audio", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--virtual-time-budget=" + VIRTUAL_TIME_MILLIS));
        command.addAll(action);
        command.add(url);
        ExternalProcess result = ExternalProcess.run(command, Map.of(), work, Duration.ofMinutes(2),
                work.resolve("run-" + run + ".out"), work.resolve("run-" + run + ".err"));
        deleteTree(profile);
        return result;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
