package dev.re3.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Reads IDX files of unsigned bytes (the MNIST format): a big-endian header with the magic number
 * {@code 0x00000803} (images {@code [n][rows][cols]}) or {@code 0x00000801} (labels {@code [n]}),
 * the dimension sizes, then the bytes. Each file is read in one bulk read.
 */
final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final double[] SCALE = new double[256];

    static {
        for (int v = 0; v < 256; v++) {
            SCALE[v] = v / 255.0;
        }
    }

    /** The header sizes of one file and its first {@code min(limit, count)} items. */
    private record Block(int count, int[] dims, byte[] bytes) {}

    private IdxReader() {}

    /**
     * Reads an image file and a label file into a data set with pixels scaled to {@code [0, 1]} by
     * {@code /255} and input shape {@code [1, rows, cols]}.
     *
     * @param limit the maximum number of examples, {@code >= 1}
     */
    static Dataset read(String name, DataFiles files, String images, String labels, List<String> classes, int limit) {
        return read(name, files, images, files, labels, classes, limit);
    }

    /** As {@link #read(String, DataFiles, String, String, List, int)}, with the two files in different places. */
    static Dataset read(String name, DataFiles imageFiles, String images, DataFiles labelFiles, String labels,
            List<String> classes, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException(name + ": expected a limit >= 1, got " + limit);
        }
        Block img = block(imageFiles, images, IMAGES_MAGIC, limit);
        Block lab = block(labelFiles, labels, LABELS_MAGIC, limit);
        if (img.count() != lab.count()) {
            throw new IllegalArgumentException(name + ": expected as many labels as images, got " + img.count()
                    + " images in " + imageFiles.describe(images) + " and " + lab.count() + " labels in "
                    + labelFiles.describe(labels));
        }
        int rows = img.dims()[0];
        int cols = img.dims()[1];
        int pixels = rows * cols;
        int n = lab.bytes().length;
        double[][] x = new double[n][pixels];
        int[] y = new int[n];
        byte[] bytes = img.bytes();
        for (int i = 0; i < n; i++) {
            double[] row = x[i];
            int offset = i * pixels;
            for (int p = 0; p < pixels; p++) {
                row[p] = SCALE[bytes[offset + p] & 0xff];
            }
            y[i] = lab.bytes()[i] & 0xff;
            if (y[i] >= classes.size()) {
                throw new IllegalArgumentException(labelFiles.describe(labels) + ", item " + i + ": expected a label in 0.."
                        + (classes.size() - 1) + ", got " + y[i]);
            }
        }
        return Dataset.wrap(name, pixelNames(rows, cols), classes, new int[] {1, rows, cols}, x, y);
    }

    /** Feature names {@code pixel_r_c} in row-major order. */
    static List<String> pixelNames(int rows, int cols) {
        List<String> names = new ArrayList<>(rows * cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                names.add("pixel_" + r + "_" + c);
            }
        }
        return Collections.unmodifiableList(names);
    }

    private static Block block(DataFiles files, String relative, int magic, int limit) {
        String source = files.describe(relative);
        int rank = magic & 0xff;
        try (DataInputStream in = new DataInputStream(files.open(relative))) {
            int given;
            int count;
            int[] dims = new int[rank - 1];
            try {
                given = in.readInt();
                if (given != magic) {
                    throw new IllegalArgumentException(source + ": expected the IDX magic number "
                            + hex(magic) + " (" + (rank == 3 ? "unsigned-byte images" : "unsigned-byte labels")
                            + "), got " + hex(given));
                }
                count = in.readInt();
                for (int k = 0; k < dims.length; k++) {
                    dims[k] = in.readInt();
                }
            } catch (EOFException e) {
                throw new IllegalArgumentException(source + ": truncated IDX file, expected a header of "
                        + (4 * (rank + 1)) + " bytes, got fewer");
            }
            long itemSize = 1;
            for (int d : dims) {
                if (d <= 0) {
                    throw new IllegalArgumentException(source + ": expected positive IDX dimensions, got " + d);
                }
                itemSize *= d;
            }
            if (count < 0) {
                throw new IllegalArgumentException(source + ": expected a non-negative item count, got " + count);
            }
            int n = Math.min(count, limit);
            long wanted = n * itemSize;
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException(source + ": expected at most " + (Integer.MAX_VALUE - 16)
                        + " bytes of data, got a header asking for " + wanted);
            }
            byte[] bytes = readFully(in, (int) wanted);
            if (bytes.length < wanted) {
                throw new IllegalArgumentException(source + ": truncated IDX file, expected " + wanted
                        + " bytes of data for " + n + " items, got " + bytes.length);
            }
            return new Block(count, dims, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    /** Reads up to {@code n} bytes in one bulk read; a cut-off compressed stream counts as the end. */
    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] bytes = new byte[n];
        int filled = 0;
        try {
            while (filled < n) {
                int r = in.read(bytes, filled, n - filled);
                if (r < 0) {
                    break;
                }
                filled += r;
            }
        } catch (EOFException e) {
            // a gzip stream cut short: report the bytes that were there
        }
        return filled == n ? bytes : Arrays.copyOf(bytes, filled);
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
