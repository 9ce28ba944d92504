package dev.re3.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFilesTest {
    private static final List<String> CLASSES = List.of("zero", "one", "two");

    @TempDir
    Path dir;

    /** Three 2x3 images with pixel values 0, 51, ..., and labels 2, 0, 1. */
    private static byte[] images(int magic, int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(2);
        out.writeInt(3);
        for (int i = 0; i < 3 * 6; i++) {
            out.writeByte((i * 51) % 256);
        }
        return bytes.toByteArray();
    }

    private static byte[] labels(int magic, int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.write(new byte[] {2, 0, 1});
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(content);
        }
        return p;
    }

    private static void fails(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" lacks \"" + part + "\"");
        }
    }

    @Test
    void readsPlainAndGzippedFiles() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path img = write("img" + gzip, images(0x803, 3), gzip);
            Path lab = write("lab" + gzip, labels(0x801, 3), gzip);
            Dataset d = Datasets.fromIdx("tiny", img, lab, CLASSES, 100);
            assertEquals(3, d.size());
            assertArrayEquals(new int[] {1, 2, 3}, d.inputShape());
            assertArrayEquals(new double[] {0, 51 / 255.0, 102 / 255.0, 153 / 255.0, 204 / 255.0, 1.0}, d.x(0));
            assertArrayEquals(new int[] {2, 0, 1}, d.labels());
            assertEquals(List.of("pixel_0_0", "pixel_0_1", "pixel_0_2", "pixel_1_0", "pixel_1_1", "pixel_1_2"),
                    d.features());
            assertEquals(2, Datasets.fromIdx("tiny", img, lab, CLASSES, 2).size());
        }
    }

    @Test
    void wrongMagicNumber() throws IOException {
        Path img = write("img", images(0x801, 3), false);
        Path lab = write("lab", labels(0x801, 3), false);
        fails(() -> Datasets.fromIdx("tiny", img, lab, CLASSES, 10), "expected the IDX magic number 0x00000803",
                "got 0x00000801");
        Path img2 = write("img2", images(0x803, 3), true);
        Path lab2 = write("lab2", labels(0x12345678, 3), true);
        fails(() -> Datasets.fromIdx("tiny", img2, lab2, CLASSES, 10), "expected the IDX magic number 0x00000801",
                "got 0x12345678");
    }

    @Test
    void truncatedFiles() throws IOException {
        byte[] full = images(0x803, 3);
        Path lab = write("lab", labels(0x801, 3), false);
        for (boolean gzip : new boolean[] {false, true}) {
            Path cut = write("cut" + gzip, Arrays.copyOf(full, full.length - 5), gzip);
            fails(() -> Datasets.fromIdx("tiny", cut, lab, CLASSES, 10), "truncated IDX file",
                    "expected 18 bytes of data for 3 items", "got 13");
            Path header = write("head" + gzip, Arrays.copyOf(full, 10), gzip);
            fails(() -> Datasets.fromIdx("tiny", header, lab, CLASSES, 10), "truncated IDX file",
                    "expected a header of 16 bytes");
        }
        Path gz = write("gzcut", images(0x803, 3), true);
        byte[] compressed = Files.readAllBytes(gz);
        Path gzCut = dir.resolve("gzcut2");
        Files.write(gzCut, Arrays.copyOf(compressed, compressed.length - 12));
        fails(() -> Datasets.fromIdx("tiny", gzCut, lab, CLASSES, 10), "truncated IDX file", "expected 18 bytes");
    }

    @Test
    void mismatchedCountsAndLabels() throws IOException {
        Path img = write("img", images(0x803, 3), false);
        Path lab = write("lab", labels(0x801, 3), false);
        Path lab4 = write("lab4", Arrays.copyOf(labels(0x801, 4), 12 + 4), false);
        fails(() -> Datasets.fromIdx("tiny", img, lab4, CLASSES, 10), "expected as many labels as images",
                "3 images", "4 labels");
        fails(() -> Datasets.fromIdx("tiny", img, lab, List.of("a", "b"), 10), "item 0", "expected a label in 0..1",
                "got 2");
        fails(() -> Datasets.fromIdx("tiny", img, lab, CLASSES, 0), "expected a limit >= 1", "got 0");
    }
}
