package dev.re3.plot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The plotly.js bundle shipped as a class-path resource, and the script element that embeds it.
 *
 * <p>The script loads plotly.js only where {@code window.Plotly} is absent, inside a function whose
 * parameters {@code define}, {@code exports} and {@code module} are undefined: the bundle's UMD header
 * then sets {@code window.Plotly} even on pages where require.js is loaded (nbconvert's template, the
 * classic notebook), instead of registering an anonymous AMD module. Afterwards it draws the figures
 * that were waiting for plotly.js on this page ({@code window.re3PendingFigures}).
 */
final class PlotlyJs {
    static final String VERSION = "2.35.3";
    static final String RESOURCE = "plotly-" + VERSION + ".min.js";
    static final String SHA256 = "fc84e3cfa55d23d3654c562ea5deb3c274eb6972a6adf66941d1a821e34825e4";

    /** Whether a {@link Figure#toHtml()} of this JVM has already embedded plotly.js. */
    private static final AtomicBoolean EMBEDDED = new AtomicBoolean();
    private static volatile String source;

    private PlotlyJs() {}

    /** True exactly once per JVM (and once after each {@link #forget()}): the caller should embed plotly.js. */
    static boolean claimEmbedding() {
        return EMBEDDED.compareAndSet(false, true);
    }

    static void forget() {
        EMBEDDED.set(false);
    }

    /** The minified bundle, read from the class path once and checked against its sha256. */
    static String source() {
        String s = source;
        if (s == null) {
            synchronized (PlotlyJs.class) {
                s = source;
                if (s == null) {
                    s = load();
                    source = s;
                }
            }
        }
        return s;
    }

    private static String load() {
        byte[] bytes;
        try (InputStream in = PlotlyJs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("plotly.js: expected the class-path resource dev/re3/plot/" + RESOURCE
                        + ", found none (is the Re3 jar complete?)");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("plotly.js: cannot read dev/re3/plot/" + RESOURCE, e);
        }
        String sha = sha256(bytes);
        if (!sha.equals(SHA256)) {
            throw new IllegalStateException("plotly.js: expected dev/re3/plot/" + RESOURCE + " with sha256 " + SHA256
                    + ", got " + sha + " (the resource was changed; see PLOTLY-NOTICE.txt)");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A script element that loads plotly.js where the page has none yet, then draws waiting figures. */
    static String scriptElement() {
        String js = source();
        StringBuilder s = new StringBuilder(js.length() + 600);
        s.append("<script>/* plotly.js ").append(VERSION)
                .append(" (c) Plotly, Inc., MIT licence; embedded by Re3 (dev.re3.plot.Figure) */\n")
                .append("if (!window.Plotly) {\n(function (define, exports, module) {\n")
                .append(js)
                .append("\n}).call(window);\n}\n")
                .append("(function () {\n")
                .append("  if (!window.Plotly) { return; }\n")
                .append("  var waiting = window.re3PendingFigures || [];\n")
                .append("  window.re3PendingFigures = [];\n")
                .append("  waiting.forEach(function (draw) { draw(); });\n")
                .append("})();\n</script>\n");
        return s.toString();
    }
}
