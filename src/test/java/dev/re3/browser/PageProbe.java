package dev.re3.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.notebooks.ExternalProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a page reports about itself through {@code probe.js}, a script put first in its {@code <head>}: the
 * JavaScript errors it raised (uncaught errors, unhandled rejections, {@code console.error}), the
 * resources that failed to load, and where each figure is (plotly figures, and SVG charts marked
 * {@code role="img"}). With {@code #re3figure=N} in the URL the script instead pins figure N to the
 * window's top-left corner, for a screenshot of that figure alone.
 *
 * @param errors    JavaScript errors, from the page and from Chromium's console log
 * @param resources scripts, styles or images that failed to load
 * @param figures   the figures, in page order
 * @param height    the page's height in CSS pixels
 */
record PageProbe(List<String> errors, List<String> resources, List<Figure> figures, int height) {

    /**
     * One figure's box in the page, in CSS pixels.
     *
     * @param graphics how many {@code svg} and {@code canvas} elements it holds (0 when nothing was drawn)
     */
    record Figure(int index, String id, String kind, int x, int y, int width, int height, int graphics) {

        /** A name for messages and files: its element id, or its kind and position. */
        String label() {
            return "figure " + index + " (" + (id.isEmpty() ? kind : kind + "#" + id) + ", " + width + "x" + height + ")";
        }
    }

    private static final Pattern PROBE = Pattern.compile("<pre id=\"re3-probe\">(.*?)</pre>", Pattern.DOTALL);
    private static final Pattern UNCAUGHT = Pattern.compile(":CONSOLE[^\\]]*\\] \"(Uncaught[^\\n]*)");

    /**
     * Writes a copy of {@code page} with the probe script first in its head, beside it so that relative
     * links still resolve.
     */
    static Path instrument(Path page) throws IOException {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        String script = "<script>\n" + script() + "\n</script>\n";
        Matcher head = Pattern.compile("<head[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html);
        String instrumented = head.find() ? html.substring(0, head.end()) + "\n" + script + html.substring(head.end())
                : script + html;
        String name = page.getFileName().toString().replaceFirst("\\.html?$", "");
        return Files.writeString(page.resolveSibling(name + ".probe.html"), instrumented, StandardCharsets.UTF_8);
    }

    /** Reads what the probe wrote into the dumped DOM, and the uncaught errors Chromium logged. */
    static PageProbe read(ExternalProcess dump) throws IOException {
        Matcher m = PROBE.matcher(dump.output());
        if (!m.find()) {
            return null;
        }
        JsonNode root = new ObjectMapper().readTree(unescape(m.group(1)));
        List<String> errors = texts(root.path("errors"));
        Matcher uncaught = UNCAUGHT.matcher(dump.errors());
        while (uncaught.find()) {
            String logged = "logged " + uncaught.group(1);
            if (errors.stream().noneMatch(e -> logged.contains(e.replaceFirst("^uncaught ", "").split(" at ")[0]))) {
                errors.add(logged);
            }
        }
        List<Figure> figures = new ArrayList<>();
        for (JsonNode f : root.path("figures")) {
            figures.add(new Figure(figures.size(), f.path("id").asText(), f.path("kind").asText(),
                    (int) Math.floor(f.path("x").asDouble()), (int) Math.floor(f.path("y").asDouble()),
                    (int) Math.ceil(f.path("width").asDouble()), (int) Math.ceil(f.path("height").asDouble()),
                    f.path("graphics").asInt()));
        }
        return new PageProbe(List.copyOf(errors), texts(root.path("resources")), List.copyOf(figures),
                root.path("page").path("height").asInt());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    /** The text of an element as Chromium serialises it (only these three are escaped in text). */
    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u00a0").replace("&amp;", "&");
    }

    private static String script() throws IOException {
        try (InputStream in = PageProbe.class.getResourceAsStream("probe.js")) {
            if (in == null) {
                throw new IOException("the test resource dev/re3/browser/probe.js is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
