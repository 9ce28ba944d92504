package dev.re3.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files whole or not at all.
 *
 * <p>The content goes to a temporary file in the target's directory (named
 * {@code .<name>.<random>.tmp}), is forced to the storage device, and is then moved over the target
 * with {@link StandardCopyOption#ATOMIC_MOVE}, or with {@link StandardCopyOption#REPLACE_EXISTING}
 * where the file system cannot move atomically. Readers therefore see either the old file or the
 * complete new one. Parent directories are created as needed. On any failure, including an exception
 * thrown by the writer, the temporary file is deleted and an existing target is left unchanged.
 *
 * <p>Only regular files are replaced. A symbolic link is followed: the file it points to is replaced and the
 * link stays. A target that exists and is not a regular file, such as {@code /dev/null}, a terminal or a named
 * pipe, is written through directly (it cannot be replaced, and must not be: replacing {@code /dev/null}
 * as root would put a regular file in its place); a directory is refused. A replaced file keeps its
 * permissions. The temporary file of a run that is interrupted (Ctrl-C, {@code kill}) is deleted on the way out.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Writes bytes to a file atomically.
     *
     * @param target the file to create or replace
     * @param bytes the complete content
     * @throws IOException if the file cannot be written; the target is then unchanged
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes a string to a file atomically, in UTF-8.
     *
     * @param target the file to create or replace
     * @param text the complete content
     * @throws IOException if the file cannot be written; the target is then unchanged
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a file atomically from a writer that streams its content.
     *
     * <p>The writer gets a buffered stream; closing it is allowed and has no effect, the stream is
     * flushed and closed here. If the writer throws, its exception propagates unchanged and nothing is
     * left behind.
     *
     * @param target the file to create or replace
     * @param writer writes the complete content to the stream it is given
     * @throws IOException if the writer or the file system fails; the target is then unchanged
     */
    public static void write(Path target, IOConsumer<OutputStream> writer) throws IOException {
        Path file = target.toAbsolutePath();
        if (Files.isSymbolicLink(file) && Files.exists(file)) {
            file = file.toRealPath();
        }
        if (Files.isDirectory(file)) {
            throw new IOException(target + " is a directory; expected a file to write");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.WRITE),
                    1 << 16)) {
                writer.accept(new Unclosable(out));
            }
            return;
        }
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = null;
        try {
            tmp = createTemporary(dir, file.getFileName().toString());
            PENDING.add(tmp);
            if (Files.isRegularFile(file)) {
                keepPermissions(file, tmp);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                writer.accept(new Unclosable(out));
                out.flush();
                channel.force(true);
            }
            move(tmp, file);
            PENDING.remove(tmp);
        } catch (IOException | RuntimeException | Error e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                PENDING.remove(tmp);
            }
            throw e;
        }
    }

    /** Temporary files being written; deleted by a shutdown hook if the JVM stops before they are moved. */
    private static final java.util.Set<Path> PENDING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // nothing more can be done on the way out
                }
            }
        }, "re3-temporary-files"));
    }

    private static void keepPermissions(Path from, Path to) throws IOException {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (UnsupportedOperationException notPosix) {
            // file systems without POSIX permissions keep their defaults
        }
    }

    /** Creates an empty file with a fresh name, with the permissions an ordinary new file would get. */
    private static Path createTemporary(Path dir, String name) throws IOException {
        while (true) {
            Path candidate = dir.resolve("." + name + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException taken) {
                // another name is drawn
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Passes writes through and ignores close, so the caller's writer cannot close the file early. */
    private static final class Unclosable extends FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
