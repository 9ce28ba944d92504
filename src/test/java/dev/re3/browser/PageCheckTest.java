package dev.re3.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.notebooks.Project;
import dev.re3.plot.Figure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The browser check itself: a drawn figure passes, a blank plot area or a script error fails. */
class PageCheckTest {

    private static final String BARS = "{\"data\": [{\"type\": \"bar\", \"x\": [\"a\", \"b\", \"c\"], \"y\": [3, 1, 2]}],"
            + " \"layout\": {\"width\": 600, \"height\": 400}}";

    private static Path pages;
    private static PageCheck check;

    @BeforeAll
    static void start() throws Exception {
        Path work = Project.target().resolve("browser/self-test");
        check = new PageCheck(Chromium.require(work), work.resolve("screenshots"));
        pages = Files.createDirectories(work.resolve("pages"));
    }

    @Test
    void aDrawnFigurePasses() throws Exception {
        Path page = Files.writeString(pages.resolve("drawn.html"), Figure.fromJson(BARS).toHtmlPage());
        PageCheck.Result result = check.check("self-test-drawn", page, 1);
        assertEquals(List.of(), result.problems());
        assertEquals(1, result.probe().figures().size());
        assertTrue(result.inks().get(0).drawn(), result.inks().get(0).toString());
    }

    @Test
    void aFigureBelowTheFirstScreenshotIsCheckedOnItsOwn() throws Exception {
        String html = Figure.fromJson(BARS).toHtmlPage().replaceFirst("(<body[^>]*>)",
                "$1<div style=\"height:" + (PageCheck.HEIGHT + 500) + "px\"></div>");
        Path page = Files.writeString(pages.resolve("far-down.html"), html);
        PageCheck.Result result = check.check("self-test-far-down", page, 1);
        assertEquals(List.of(), result.problems());
        assertTrue(result.probe().figures().get(0).y() > PageCheck.HEIGHT, result.probe().toString());
        assertTrue(result.inks().get(0).drawn(), result.inks().get(0).toString());
    }

    @Test
    void aFigureThatNeverDrewFails() throws Exception {
        Path page = Files.writeString(pages.resolve("blank.html"), "<!DOCTYPE html><html><head></head><body>"
                + "<div class=\"re3-figure\" style=\"width:600px;height:400px\"></div></body></html>");
        List<String> problems = check.check("self-test-blank", page, 1).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("was not drawn"), problems.get(0));
    }

    @Test
    void anEmptyPlotAreaFails() throws Exception {
        String empty = "<!DOCTYPE html><html><head></head><body><div class=\"re3-figure\" "
                + "style=\"width:600px;height:400px\"><svg width=\"600\" height=\"400\">"
                + "<line x1=\"40\" y1=\"360\" x2=\"580\" y2=\"360\" stroke=\"#444\"/>"
                + "<line x1=\"40\" y1=\"20\" x2=\"40\" y2=\"360\" stroke=\"#444\"/></svg></div></body></html>";
        Path page = Files.writeString(pages.resolve("empty.html"), empty);
        List<String> problems = check.check("self-test-empty", page, 1).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("is blank"), problems.get(0));
    }

    @Test
    void aScriptErrorFails() throws Exception {
        Path page = Files.writeString(pages.resolve("error.html"), "<!DOCTYPE html><html><head></head><body>"
                + "<script>Plotly.newPlot('x', []);</script></body></html>");
        List<String> problems = check.check("self-test-error", page, 0).problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("JavaScript error") && p.contains("Plotly is not defined")),
                problems.toString());
    }
}
