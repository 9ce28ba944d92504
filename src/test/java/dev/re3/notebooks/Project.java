package dev.re3.notebooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** The project's folders, the built library, and how a test reacts to something missing. */
public final class Project {

    private Project() {
    }

    /** The repository root (Maven's {@code basedir}, else the working directory). */
    public static Path root() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
    }

    /** {@code target/} of the repository. */
    public static Path target() {
        return root().resolve("target");
    }

    /** Whether this is a continuous-integration run (the environment variable {@code CI} is {@code true}). */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Stops the current test when something it needs is missing: a failure in continuous integration, where
     * everything must be installed, and a skip with the reason elsewhere.
     */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if (ci()) {
            Assertions.fail(what + " (CI=true: the notebook and browser tests must not be skipped)");
        }
        System.err.println("SKIPPED: " + what + " (outside CI this test is skipped)");
        Assumptions.abort(what + "; skipped outside CI");
    }

    /** The library jar that notebooks load, {@code target/re3-<version>.jar}, if built. */
    public static Optional<Path> libraryJar() throws IOException {
        if (!Files.isDirectory(target())) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target())) {
            return files.filter(p -> p.getFileName().toString().matches("re3-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
                    .findFirst();
        }
    }

    /** Requires the built library: the jar and its runtime dependencies in {@code target/lib}. */
    public static void requireLibrary() throws IOException {
        Path lib = target().resolve("lib");
        boolean built = libraryJar().isPresent() && Files.isDirectory(lib) && !isEmpty(lib);
        require(built, "the library is not built (target/re3-*.jar and target/lib); run bin/re3 --help or bin/test");
    }

    /** The first of {@code names} found on the {@code PATH}. */
    public static Optional<Path> executable(List<String> names) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : names) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }
}
