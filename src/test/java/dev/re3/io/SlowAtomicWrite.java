package dev.re3.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A run that is stopped while writing: starts an atomic write of {@code args[0]}, writes part of it, says
 * {@code writing} on standard output and then waits until it is killed. {@link AtomicFilesTest} kills it.
 */
final class SlowAtomicWrite {
    private SlowAtomicWrite() {}

    public static void main(String[] args) throws Exception {
        AtomicFiles.write(Path.of(args[0]), out -> {
            out.write("half of the con".getBytes(StandardCharsets.UTF_8));
            out.flush();
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException("stopped");
            }
        });
    }
}
