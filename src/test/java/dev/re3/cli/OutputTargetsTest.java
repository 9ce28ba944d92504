package dev.re3.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the command line's output goes: {@code --out} onto something that is not a regular file (a FIFO stands in
 * for {@code /dev/null}) is written through and never replaced; a full disk on standard output
 * ({@code /dev/full}) and a closed pipe ({@code | head}) are errors, and a closed pipe stops the run after the
 * batch it was found in.
 */
class OutputTargetsTest {
    @TempDir
    Path dir;

    private static String explain(Path model, Path csv, PrintStream out, java.io.ByteArrayOutputStream err) {
        int code = Main.run(new String[] {"explain", "--model", model.toString(), "--data", csv.toString(), "--format",
                "json"}, out, new PrintStream(err, true, StandardCharsets.UTF_8));
        return code + " " + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void outOntoAPipeWritesThroughItAndLeavesThePipe() throws Exception {
        Path model = Cli.smallModel(dir);
        Path csv = Files.writeString(dir.resolve("one.csv"), "1,0,0,0\n");
        Path fifo = dir.resolve("null");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0,
                "mkfifo is not available");
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Cli.Result r = Cli.run("explain", "--model", model.toString(), "--data", csv.toString(), "--format", "json",
                "--out", fifo.toString());
        assertEquals(0, r.code(), r.err());
        String written = read.get(60, TimeUnit.SECONDS);
        assertTrue(written.contains("\"rawInput\":[1.0,0.0,0.0,0.0]"), written);
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS), "the pipe stays a pipe");
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary file beside model, inputs and pipe");
        }
    }

    @Test
    void aFullDiskOnStandardOutputExitsWith1() throws IOException {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full) && !Files.isRegularFile(full), "/dev/full is not available");
        Path model = Cli.smallModel(dir);
        Path csv = Files.writeString(dir.resolve("one.csv"), "1,0,0,0\n");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(new java.io.FileOutputStream(full.toFile()), false,
                StandardCharsets.UTF_8)) {
            String r = explain(model, csv, out, err);
            assertTrue(r.startsWith("1 "), r);
            assertTrue(r.contains("re3 explain: error: could not write to standard output"), r);
        }
    }

    @Test
    void aClosedPipeStopsTheRunAfterTheBatchThatFoundIt() throws IOException {
        Path model = Cli.smallModel(dir);
        int rows = 5 * ExplainCommand.BATCH;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            lines.append(i % 7).append(",0,").append(i % 3).append(",1\n");
        }
        Path csv = Files.writeString(dir.resolve("many.csv"), lines);
        long[] attempted = {0};
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = off; i < off + len; i++) {
                    attempted[0] += b[i] == '\n' ? 1 : 0;
                }
                throw new IOException("Broken pipe");
            }
        };
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        String r = explain(model, csv, new PrintStream(closed, false, StandardCharsets.UTF_8), err);
        assertTrue(r.startsWith("1 "), r);
        assertTrue(r.contains("could not write to standard output (a closed pipe or a full disk); stopped"), r);
        assertTrue(attempted[0] > 0 && attempted[0] <= ExplainCommand.BATCH,
                "expected at most one batch of " + ExplainCommand.BATCH + " lines tried before stopping, got "
                        + attempted[0] + " of " + rows);
    }
}
