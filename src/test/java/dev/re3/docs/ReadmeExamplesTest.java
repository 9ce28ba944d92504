package dev.re3.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of the README, then every package's Javadoc example, pasted in order into one JShell
 * session with the library on the class path, as a new user would: a block that does not compile or throws
 * fails the test with the snippet and the message.
 */
class ReadmeExamplesTest {
    static final Path README = Path.of("README.md");
    static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    static final Pattern PACKAGE_EXAMPLE = Pattern.compile("<pre>\\{@code\\n(.*?)\\}</pre>", Pattern.DOTALL);

    /** The README's Java blocks in order. */
    static List<String> readmeBlocks() throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(Files.readString(README));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** The examples of every package-info.java, without the Javadoc's leading stars. */
    static List<String> packageExamples() throws IOException {
        List<String> blocks = new ArrayList<>();
        List<Path> files;
        try (var s = Files.walk(Path.of("src/main/java/dev/re3"))) {
            files = s.filter(p -> p.getFileName().toString().equals("package-info.java")).sorted().toList();
        }
        for (Path f : files) {
            Matcher m = PACKAGE_EXAMPLE.matcher(Files.readString(f));
            while (m.find()) {
                blocks.add(m.group(1).lines().map(l -> l.replaceFirst("^\\s*\\* ?", ""))
                        .collect(Collectors.joining("\n", "", "\n")));
            }
        }
        return blocks;
    }

    static String classPath() {
        String cp = System.getProperty("java.class.path");
        List<String> parts = new ArrayList<>();
        for (String p : cp.split(File.pathSeparator)) {
            if (!p.contains("surefire")) {
                parts.add(Path.of(p).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, parts);
    }

    @Test
    void readmeHasJavaBlocksAndPackagesHaveExamples() throws IOException {
        assertTrue(readmeBlocks().size() >= 4, "README Java blocks: " + readmeBlocks().size());
        assertTrue(packageExamples().size() >= 2, "package examples: " + packageExamples().size());
    }

    @Test
    void everyExampleRunsAsPastedInOrder(@TempDir Path dir) throws IOException {
        List<String> blocks = new ArrayList<>(readmeBlocks());
        int readme = blocks.size();
        blocks.addAll(packageExamples());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String cp = classPath();
        try (JShell shell = JShell.builder()
                .out(new PrintStream(out, true, StandardCharsets.UTF_8))
                .err(new PrintStream(out, true, StandardCharsets.UTF_8))
                .compilerOptions("--add-modules", "jdk.incubator.vector")
                .remoteVMOptions("--class-path", cp, "--add-modules", "jdk.incubator.vector",
                        "-Dai.djl.offline=true", "-Duser.dir=" + dir.toAbsolutePath(), "-Dre3.progress=false",
                        "-Dre3.display.dir=" + dir.resolve("display").toAbsolutePath(), "-Xmx2g")
                .build()) {
            shell.addToClasspath(cp);
            for (int b = 0; b < blocks.size(); b++) {
                String where = b < readme ? "README Java block " + (b + 1) : "package example " + (b - readme + 1);
                run(shell, where, blocks.get(b), out);
            }
        }
        assertFalse(Files.exists(Path.of("why.html")), "a README example wrote into the working copy");
        assertTrue(Files.size(dir.resolve("why.html")) > 1000, "the README's figure was saved");
        assertTrue(Files.exists(dir.resolve("copy.json")), "the README's model was written");
    }

    private static void run(JShell shell, String where, String block, ByteArrayOutputStream out) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = block;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            String source = info.source();
            if (source == null || info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE) {
                fail(where + ": incomplete Java at\n" + rest);
            }
            for (SnippetEvent e : shell.eval(source)) {
                if (e.causeSnippet() != null) {
                    continue;
                }
                if (e.status() != Snippet.Status.VALID) {
                    String diags = shell.diagnostics(e.snippet()).map(Diag::toString)
                            .map(d -> d.replaceAll("\\s+", " ")).collect(Collectors.joining("; "));
                    String msg = shell.diagnostics(e.snippet()).map(d -> d.getMessage(java.util.Locale.ROOT))
                            .collect(Collectors.joining("; "));
                    String missing = "";
                    if (e.snippet() instanceof jdk.jshell.DeclarationSnippet d) {
                        missing = " unresolved: " + shell.unresolvedDependencies(d).toList();
                    }
                    fail(where + " does not compile as pasted (" + e.status() + "):\n  " + source.strip() + "\n  " + msg
                            + " " + diags + missing);
                }
                if (e.exception() != null) {
                    fail(where + " throws as pasted:\n  " + source.strip() + "\n  " + e.exception() + "\n" + out);
                }
            }
            rest = info.remaining();
        }
    }
}
