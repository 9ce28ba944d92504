package dev.re3.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Spark is a provided dependency: no source outside dev.re3.spark may refer to it. */
class NoSparkOutsideTest {
    @Test
    void onlyTheSparkPackageRefersToSpark() throws IOException {
        Path main = Path.of("src/main/java/dev/re3");
        try (Stream<Path> files = Files.walk(main)) {
            List<String> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(main.resolve("spark")))
                    .filter(p -> {
                        try {
                            String s = Files.readString(p);
                            return s.contains("org.apache.spark") || s.contains("dev.re3.spark");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).map(Path::toString).toList();
            assertEquals(List.of(), offenders);
        }
    }
}
