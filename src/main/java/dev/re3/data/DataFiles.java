package dev.re3.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Where the files of the named data sets are read from: the class path under
 * {@value #RESOURCE_ROOT} (the files shipped in the jar), or a folder on disk with the same layout
 * ({@code iris/iris.csv}, {@code mnist/train-images-idx3-ubyte.gz}, ...).
 *
 * <p>The shipped source looks, in order: in the folder named by the system property
 * {@value #FOLDER_PROPERTY} if it is set; on the class path; in {@code datasets/} under the working
 * directory (a source checkout).
 */
final class DataFiles {
    /** The class-path folder of the shipped files. */
    static final String RESOURCE_ROOT = "/dev/re3/datasets/";
    /** The system property naming a folder that replaces the shipped files. */
    static final String FOLDER_PROPERTY = "re3.datasets";

    private static final int BUFFER = 1 << 16;
    private final Path folder;

    private DataFiles(Path folder) {
        this.folder = folder;
    }

    /** The shipped files, or the folder of the system property if set. */
    static DataFiles shipped() {
        String property = System.getProperty(FOLDER_PROPERTY);
        return property == null || property.isBlank() ? new DataFiles(null) : folder(Path.of(property));
    }

    /** Files under a folder on disk. */
    static DataFiles folder(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("data folder: expected an existing directory, got "
                    + (folder == null ? "null" : folder.toAbsolutePath()));
        }
        return new DataFiles(folder);
    }

    /** Whether files come from the class path (or the source checkout), so loads may be cached. */
    boolean isShipped() {
        return folder == null;
    }

    /** A short description of the source, for cache keys and messages. */
    String root() {
        return folder == null ? "classpath:" + RESOURCE_ROOT : folder.toAbsolutePath().toString();
    }

    /** Opens one file, decompressing it if it starts with the gzip magic bytes; buffered. */
    InputStream open(String relative) {
        InputStream raw = openRaw(relative);
        try {
            BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
            }
            return in;
        } catch (IOException e) {
            close(raw);
            throw new UncheckedIOException("cannot read " + describe(relative), e);
        }
    }

    /** Opens one text file as UTF-8 lines, decompressing gzip. */
    BufferedReader reader(String relative) {
        return new BufferedReader(new InputStreamReader(open(relative), StandardCharsets.UTF_8));
    }

    /** Where a relative file is read from, for messages. */
    String describe(String relative) {
        return folder == null ? relative : folder.resolve(relative).toString();
    }

    private InputStream openRaw(String relative) {
        try {
            if (folder != null) {
                Path p = folder.resolve(relative);
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("data file: expected " + p.toAbsolutePath()
                            + " in folder " + folder.toAbsolutePath() + ", got no such file");
                }
                return Files.newInputStream(p);
            }
            InputStream in = DataFiles.class.getResourceAsStream(RESOURCE_ROOT + relative);
            if (in != null) {
                return in;
            }
            Path local = Path.of("datasets").resolve(relative);
            if (Files.isRegularFile(local)) {
                return Files.newInputStream(local);
            }
            throw new IllegalStateException("shipped data file " + relative + " not found: looked on the class path at "
                    + RESOURCE_ROOT + relative + " and at " + local.toAbsolutePath()
                    + "; set the system property " + FOLDER_PROPERTY + " to a folder holding it");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + describe(relative), e);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the original failure is reported instead
        }
    }
}
