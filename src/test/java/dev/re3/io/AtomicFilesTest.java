package dev.re3.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are written whole or not at all, and failures leave nothing behind. */
class AtomicFilesTest {

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /** Writes half of its content and then fails. */
    private static void halfThenFail(OutputStream out, IOException failure) throws IOException {
        out.write("{\"format\":\"re3-mo".getBytes(StandardCharsets.UTF_8));
        out.flush();
        throw failure;
    }

    @Test
    void writesBytesAndStringsCreatingParents(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a/b/c.bin");
        AtomicFiles.write(file, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        AtomicFiles.writeString(file, "grüße");
        assertEquals("grüße", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(List.of(file), list(file.getParent()));
    }

    @Test
    void streamsLargeContentAndToleratesClose(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.bin");
        byte[] block = new byte[100_003];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i * 31);
        }
        AtomicFiles.write(file, out -> {
            for (int k = 0; k < 5; k++) {
                out.write(block);
            }
            out.write(7);
            out.close();
        });
        byte[] read = Files.readAllBytes(file);
        assertEquals(5 * block.length + 1, read.length);
        assertEquals(block[12345], read[3 * block.length + 12345]);
        assertEquals(7, read[read.length - 1]);
    }

    @Test
    void failingWriterLeavesNoFileAndNoTemporary(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.json");
        IOException failure = new IOException("disk full");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> halfThenFail(out, failure)));
        assertSame(failure, thrown);
        assertEquals(List.of(), list(dir));
    }

    @Test
    void failingWriterLeavesAnExistingFileUnchanged(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.json");
        AtomicFiles.writeString(file, "old content");
        IOException failure = new IOException("disk full");
        assertSame(failure, assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> halfThenFail(out, failure))));
        IllegalStateException bug = new IllegalStateException("writer bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[4096]);
            throw bug;
        })));
        assertEquals("old content", Files.readString(file));
        assertEquals(List.of(file), list(dir));
    }

    @Test
    void replacesAnExistingFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.json");
        AtomicFiles.writeString(file, "a much longer old content than the new one");
        AtomicFiles.writeString(file, "new");
        assertEquals("new", Files.readString(file));
        assertEquals(List.of(file), list(dir));
    }

    @Test
    void failedMoveLeavesNoTemporary(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("occupied");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside.txt"), "keep");
        assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "text"));
        assertTrue(Files.isDirectory(target));
        assertEquals(List.of(target), list(dir));
        assertEquals("keep", Files.readString(target.resolve("inside.txt")));
    }

    @Test
    void aNamedPipeIsWrittenThroughNotReplaced(@TempDir Path dir) throws Exception {
        // A FIFO stands in for /dev/null and terminals: replacing a non-regular file must never happen.
        Path fifo = dir.resolve("pipe");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
        java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        AtomicFiles.writeString(fifo, "through the pipe");
        assertEquals("through the pipe", read.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(!Files.isRegularFile(fifo) && Files.exists(fifo), "the pipe must stay a pipe");
        assertEquals(List.of(fifo), list(dir));
    }

    @Test
    void aReplacedFileKeepsItsPermissionsAndASymlinkStays(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("secret.txt"), "old");
        var owner = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        Files.setPosixFilePermissions(file, owner);
        AtomicFiles.writeString(file, "new");
        assertEquals("new", Files.readString(file));
        assertEquals(owner, Files.getPosixFilePermissions(file));
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), file);
        AtomicFiles.writeString(link, "through the link");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("through the link", Files.readString(file));
        assertEquals(owner, Files.getPosixFilePermissions(file));
        assertEquals(List.of(link, file), list(dir));
    }

    private static boolean mkfifo(Path fifo) throws Exception {
        return new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
    }

    @Test
    void aSymlinkToAPipeWritesThroughThePipe(@TempDir Path dir) throws Exception {
        // As /dev/stdout is a link to the terminal or a pipe: the link and the pipe both stay as they are.
        Path fifo = dir.resolve("pipe");
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo(fifo), "mkfifo is not available");
        Path link = Files.createSymbolicLink(dir.resolve("out"), fifo);
        java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        AtomicFiles.writeString(link, "through the link and the pipe");
        assertEquals("through the link and the pipe", read.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(!Files.isRegularFile(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.exists(fifo));
        assertEquals(List.of(link, fifo), list(dir));
    }

    @Test
    void aKilledRunLeavesNoTemporaryFileBehind(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("model.json");
        Files.writeString(target, "the old content");
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                SlowAtomicWrite.class.getName(), target.toString()).redirectErrorStream(true).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("writing", out.readLine());
            assertTrue(list(dir).stream().anyMatch(f -> f.getFileName().toString().endsWith(".tmp")),
                    "the temporary file exists while writing: " + list(dir));
            p.destroy();   // SIGTERM, as kill and Ctrl-C send (a SIGKILL can be caught by nothing)
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the run did not stop");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(List.of(target), list(dir));
        assertEquals("the old content", Files.readString(target));
    }
}
