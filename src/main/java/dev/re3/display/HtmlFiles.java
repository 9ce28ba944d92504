package dev.re3.display;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where rich output goes outside a notebook: one standalone HTML page per displayed value, in the folder
 * named by the system property {@value #DIR_PROPERTY} (default {@code re3-display} under
 * {@code java.io.tmpdir}).
 */
final class HtmlFiles {

    /** The system property naming the folder for HTML pages written outside a notebook. */
    static final String DIR_PROPERTY = "re3.display.dir";

    private static final AtomicInteger COUNT = new AtomicInteger();

    private HtmlFiles() {
    }

    /** The folder pages are written to now. */
    static Path folder() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return Path.of(System.getProperty("java.io.tmpdir"), "re3-display");
        }
        return Path.of(dir);
    }

    /**
     * Writes a page to a new file of the folder.
     *
     * @param name a word for the file name, e.g. the value's class name
     * @param page the complete HTML page
     * @return the absolute path of the file written
     */
    static Path write(String name, String page) throws IOException {
        Path dir = folder();
        Files.createDirectories(dir);
        String base = name.replaceAll("[^A-Za-z0-9_-]", "").toLowerCase(Locale.ROOT);
        Path file;
        do {
            file = dir.resolve((base.isEmpty() ? "output" : base) + "-" + ProcessHandle.current().pid() + "-"
                    + COUNT.incrementAndGet() + ".html");
        } while (Files.exists(file));
        Files.writeString(file, page, StandardCharsets.UTF_8);
        return file.toAbsolutePath();
    }

    /** A complete HTML page around a fragment. */
    static String page(String title, String html) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                + HtmlText.escape(title) + "</title>\n</head>\n<body style=\"font-family:sans-serif;margin:16px\">\n"
                + html + "\n</body>\n</html>\n";
    }
}
