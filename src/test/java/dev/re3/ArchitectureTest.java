package dev.re3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of the packages, as an explicit table, checked against every {@code import dev.re3...} and every
 * fully qualified {@code dev.re3.x.} reference of the main sources (comments and string literals aside).
 *
 * <p>The table reads bottom up; a package may use only the packages listed for it. See the package map in
 * {@code dev/re3/package-info.java}.
 */
class ArchitectureTest {

    /** The facade {@code dev.re3} itself (Re3, Explanation, DatasetExplanation, ...). */
    static final String ROOT = "(dev.re3)";

    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        // The show-yourself contract every result implements (Displayable, Numbers, HtmlText, Progress) and the
        // notebook glue, which reaches results only through that contract: it uses nothing else of the library.
        allow("display");
        allow("net", "display");                                   // the description of a network
        allow("io", "net", "display");                             // model files
        allow("data", "io", "display");                            // data sets
        allow("plot", "io", "display");                            // the figure model: arrays in, figures out
        allow("region", "net", "io", "data", "display", "plot");   // the engine
        // The method packages: each reuses the engine; the arrows between them are these and no others.
        String[] engine = {"region", "net", "io", "data", "display", "plot"};
        allow("polytope", engine);
        allow("attribution", with(engine, "polytope"));
        allow("sae", engine);
        allow("codec", with(engine, "polytope", "sae"));
        allow("interaction", with(engine, "sae"));
        allow("nmf", with(engine, "sae"));
        // Importers from other frameworks into the description.
        allow("onnx", "net", "io", "data", "display");
        allow("djl", "net", "io", "data", "display");
        // The facade, then what is built on it.
        String[] methods = with(engine, "polytope", "attribution", "sae", "codec", "interaction", "nmf", "onnx",
                "djl");
        allow(ROOT, methods);
        allow("spark", with(methods, ROOT));
        allow("report", with(methods, ROOT));
        allow("cli", with(methods, ROOT, "report"));
    }

    /**
     * What of {@code display} the packages below the facade may use: the contract a result implements and the
     * text helpers. The notebook machinery (Notebook, the kernel bridges, TableView, HtmlFiles) is for the top.
     */
    static final Set<String> DISPLAY_CONTRACT = Set.of("Displayable", "Numbers", "HtmlText", "HtmlTables", "Progress");

    /** The packages that may use all of {@code display}. */
    static final Set<String> TOP = Set.of("display", ROOT, "spark", "report", "cli");

    static void allow(String pkg, String... uses) {
        ALLOWED.put(pkg, Set.of(uses));
    }

    static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    static final Path MAIN = Path.of("src/main/java");

    /** {@code dev.re3.sub.} (a package) or {@code dev.re3.Name} (a class of the facade). */
    static final Pattern REFERENCE =
            Pattern.compile("\\bdev\\.re3\\.(?:([a-z][a-z0-9]*)\\.\\s*(\\w+|\\*)?|([A-Z]\\w*))");

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() throws IOException {
        List<String> violations = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve("dev/re3"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String pkg = packageOf(file);
                seen.add(pkg);
                violations.addAll(check(file, pkg, Files.readString(file)));
            }
        }
        assertTrue(violations.isEmpty(), violations.size() + " layering violations:\n" + String.join("\n", violations));
        assertEquals(ALLOWED.keySet(), Set.copyOf(seen), "the table names every package of src/main/java, no more");
    }

    @Test
    void aViolationNamesTheFileTheReferenceAndTheRule() {
        String source = "package dev.re3.region;\n// dev.re3.cli.Main in a comment is no use\n"
                + "import dev.re3.display.Displayable;\nimport dev.re3.attribution.AttributionResult;\n"
                + "class X { String s = \"dev.re3.report.Html\"; Object o = dev.re3.Re3.class;\n"
                + "  void show() { dev.re3.display.Notebook.display(this); } }\n";
        List<String> v = check(MAIN.resolve("dev/re3/region/X.java"), "region", source);
        assertEquals(3, v.size(), String.join("\n", v));
        assertTrue(v.get(0).contains("dev/re3/region/X.java:4") && v.get(0).contains("dev.re3.attribution.AttributionResult")
                && v.get(0).contains("region may use only"), v.get(0));
        assertTrue(v.get(1).contains("dev.re3.Re3"), v.get(1));
        assertTrue(v.get(2).contains(":6 uses dev.re3.display.Notebook") && v.get(2).contains("notebook machinery"),
                v.get(2));
    }

    static String packageOf(Path file) {
        Path dir = MAIN.resolve("dev/re3").relativize(file).getParent();
        return dir == null ? ROOT : dir.toString().replace('/', '.');
    }

    static List<String> check(Path file, String pkg, String source) {
        Set<String> allowed = ALLOWED.get(pkg);
        List<String> violations = new ArrayList<>();
        if (allowed == null) {
            violations.add(file + ": package " + pkg + " is not in the layering table of ArchitectureTest");
            return violations;
        }
        String code = blankCommentsAndStrings(source);
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            String target = m.group(1) != null ? m.group(1) : ROOT;
            String ref = m.group(1) != null ? "dev.re3." + m.group(1) + "." + (m.group(2) == null ? "" : m.group(2))
                    : "dev.re3." + m.group(3);
            int line = 1 + (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            if (target.equals("display") && !TOP.contains(pkg) && !DISPLAY_CONTRACT.contains(m.group(2))) {
                violations.add(file + ":" + line + " uses " + ref + " but below the facade only "
                        + new TreeSet<>(DISPLAY_CONTRACT) + " of display may be used (rule: the notebook machinery"
                        + " is for the top)");
                continue;
            }
            if (target.equals(pkg) || allowed.contains(target)) {
                continue;
            }
            violations.add(file + ":" + line + " uses " + ref + " but " + pkg + " may use only "
                    + new TreeSet<>(allowed) + " (rule: nothing lower imports anything higher)");
        }
        return violations;
    }

    /** The source with comments, string and char literals replaced by spaces, line breaks kept. */
    static String blankCommentsAndStrings(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                blank(s, i, end, out);
                i = end;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? s.length() : end + 3;
                blank(s, i, end, out);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                int end = Math.min(s.length(), j + 1);
                blank(s, i, end, out);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    static void blank(String s, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) {
            out.append(s.charAt(k) == '\n' ? '\n' : ' ');
        }
    }
}
