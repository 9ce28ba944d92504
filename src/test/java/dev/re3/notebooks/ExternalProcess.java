package dev.re3.notebooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion, its output going to log files.
 *
 * @param exitCode the exit code, or -1 when the command was stopped at its time limit
 * @param output   what the command printed on standard output (and on standard error, when merged)
 * @param errors   what it printed on standard error when kept apart, else empty
 */
public record ExternalProcess(int exitCode, String output, String errors) {

    /**
     * Runs {@code command} in {@code dir} with {@code env} added to this JVM's environment, standard output
     * and error merged into {@code log}.
     *
     * @param limit the time after which the command and its children are stopped
     */
    public static ExternalProcess run(List<String> command, Map<String, String> env, Path dir, Duration limit,
            Path log) throws IOException, InterruptedException {
        return run(command, env, dir, limit, log, null);
    }

    /**
     * Runs {@code command} with standard output in {@code log} and standard error in {@code errorLog} (merged
     * into {@code log} when null).
     */
    public static ExternalProcess run(List<String> command, Map<String, String> env, Path dir, Duration limit,
            Path log, Path errorLog) throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (errorLog == null) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(errorLog.toFile());
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return new ExternalProcess(finished ? process.exitValue() : -1, read(log),
                errorLog == null ? "" : read(errorLog));
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    /** Whether the command finished with exit code 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The last {@code lines} lines of the output, for failure messages. */
    public String tail(int lines) {
        String[] all = (output + errors).split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", Arrays.copyOfRange(all, from, all.length));
    }
}
