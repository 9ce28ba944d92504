package dev.re3.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.re3.cli.Main;
import dev.re3.notebooks.ExecutedNotebook;
import dev.re3.notebooks.ExecutedNotebooks;
import dev.re3.notebooks.NotebookOutputs;
import dev.re3.notebooks.Project;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Headless Chromium opens the HTML export of every executed notebook and the {@code demo} report: the test
 * fails when a figure did not draw (its screenshot is blank) or the page raised a JavaScript error.
 * Screenshots are kept in {@code target/screenshots/}.
 */
class BrowserTest {

    /** Notebook cells that make figures (as in the notebook test). */
    private static final Pattern PLOTS = Pattern.compile("\\.plot\\w*\\(|\\bFigures\\.|\\bFigure\\.");

    private static Path work() {
        return Project.target().resolve("browser");
    }

    private static PageCheck pageCheck() throws Exception {
        return new PageCheck(Chromium.require(work()), Project.target().resolve("screenshots"));
    }

    @TestFactory
    Stream<DynamicTest> everyExecutedNotebookDrawsItsFiguresWithoutScriptErrors() throws Exception {
        PageCheck check = pageCheck();
        List<ExecutedNotebook> notebooks = ExecutedNotebooks.all();
        return notebooks.stream().map(nb -> dynamicTest(nb.name(), () -> {
            assertTrue(nb.succeeded(), nb.name() + " did not execute, so it has no HTML page (see NotebooksTest)");
            boolean plots = NotebookOutputs.read(nb.source()).codeSources().stream()
                    .anyMatch(src -> PLOTS.matcher(src).find());
            PageCheck.Result result = check.check(nb.name(), nb.html(), plots ? 1 : 0);
            assertEquals(List.of(), result.problems(), "screenshots in " + Project.target().resolve("screenshots"));
        }));
    }

    @Test
    void theDemoReportDrawsWithoutScriptErrors() throws Exception {
        PageCheck check = pageCheck();
        Path out = work().resolve("demo");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(log, true, StandardCharsets.UTF_8);
        int code = Main.run(new String[] {"demo", "--out", out.toString()}, stream, stream);
        assertEquals(0, code, "re3 demo failed:\n" + log.toString(StandardCharsets.UTF_8));
        Path report = out.resolve("report.html");
        assertTrue(Files.isRegularFile(report), report + " was not written");

        PageCheck.Result result = check.check("demo-report", report, 1);
        assertEquals(List.of(), result.problems(), "screenshots in " + Project.target().resolve("screenshots"));
    }
}
