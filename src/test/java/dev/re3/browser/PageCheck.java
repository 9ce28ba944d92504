package dev.re3.browser;

import dev.re3.notebooks.ExternalProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens one page in headless Chromium and lists what is wrong with it: JavaScript errors, and figures that
 * were not drawn. Screenshots go to a folder: {@code NAME.png} (the page) and {@code NAME-figure-N.png}
 * (each figure), so that a person can look at what the test saw.
 *
 * <p>The page is opened once in a window {@value #HEIGHT} pixels tall, which shows the whole of most
 * pages; the probe script reports where each figure is, and each figure is cut out of that screenshot.
 * A figure further down is pinned to the top of the window in a run of its own.
 */
final class PageCheck {

    /** The window width pages are laid out at. */
    static final int WIDTH = 1280;

    /** The window height of the first run. */
    static final int HEIGHT = 16_000;

    private final Chromium chromium;
    private final Path screenshots;

    PageCheck(Chromium chromium, Path screenshots) throws IOException {
        this.chromium = chromium;
        this.screenshots = Files.createDirectories(screenshots);
    }

    /**
     * What a page showed.
     *
     * @param problems what is wrong, empty when nothing is
     * @param probe    what the page reported, or null when it never finished loading
     * @param inks     each figure's pixels, in figure order
     * @param page     the screenshot of the page
     */
    record Result(List<String> problems, PageProbe probe, List<Ink> inks, Path page) {
    }

    /**
     * Checks a page.
     *
     * @param name       a name for messages and screenshot files
     * @param page       the HTML file
     * @param minFigures how many figures the page must have at least
     */
    Result check(String name, Path page, int minFigures) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        String url = PageProbe.instrument(page).toUri().toString();
        Path shot = screenshots.resolve(name + ".png");
        ExternalProcess run = chromium.open(url, shot, WIDTH, HEIGHT);
        PageProbe probe = PageProbe.read(run);
        if (probe == null || !Files.isRegularFile(shot)) {
            problems.add(name + ": the page did not finish loading in Chromium (exit " + run.exitCode() + "): "
                    + run.tail(15));
            return new Result(problems, probe, List.of(), null);
        }
        for (String error : probe.errors()) {
            problems.add(name + ": JavaScript error: " + error);
        }
        if (probe.figures().size() < minFigures) {
            problems.add(name + ": expected at least " + minFigures + " figure(s), found " + probe.figures().size());
        }
        List<Ink> inks = new ArrayList<>();
        for (PageProbe.Figure f : probe.figures()) {
            inks.add(checkFigure(name, url, shot, f, problems));
        }
        Ink.crop(shot, 0, 0, WIDTH, Math.max(1, Math.min(probe.height(), HEIGHT)));
        writeSummary(name, probe, inks, problems);
        return new Result(List.copyOf(problems), probe, List.copyOf(inks), shot);
    }

    /** Writes {@code NAME.txt} beside the screenshots: each figure's pixels, the errors and the problems. */
    private void writeSummary(String name, PageProbe probe, List<Ink> inks, List<String> problems) throws IOException {
        StringBuilder s = new StringBuilder(name).append(": ").append(probe.figures().size()).append(" figure(s)\n");
        for (int i = 0; i < inks.size(); i++) {
            s.append("  ").append(probe.figures().get(i).label()).append(": ").append(inks.get(i)).append('\n');
        }
        probe.resources().forEach(r -> s.append("  not loaded (not counted as an error): ").append(r).append('\n'));
        problems.forEach(p -> s.append("  PROBLEM ").append(p).append('\n'));
        Files.writeString(screenshots.resolve(name + ".txt"), s.toString());
    }

    private Ink checkFigure(String name, String url, Path shot, PageProbe.Figure f, List<String> problems)
            throws IOException, InterruptedException {
        if (f.width() < 20 || f.height() < 20) {
            problems.add(name + ": " + f.label() + " has no drawing area");
            return new Ink(0, 0, 0);
        }
        Path png = screenshots.resolve(name + "-figure-" + f.index() + ".png");
        if (f.y() + f.height() <= HEIGHT && f.x() + f.width() <= WIDTH) {
            Files.copy(shot, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Ink.crop(png, f.x(), f.y(), f.width(), f.height());
        } else {
            ExternalProcess alone = chromium.screenshot(url + "#re3figure=" + f.index(), png, WIDTH, f.height());
            if (!Files.isRegularFile(png)) {
                problems.add(name + ": no screenshot of " + f.label() + ": " + alone.tail(10));
                return new Ink(0, 0, 0);
            }
            Ink.crop(png, 0, 0, f.width(), f.height());
        }
        Ink ink = Ink.of(png);
        if (f.graphics() == 0) {
            problems.add(name + ": " + f.label() + " holds no svg or canvas: the figure was not drawn (" + ink + ")");
        } else if (!ink.drawn()) {
            problems.add(name + ": " + f.label() + " is blank: " + ink + " (at least "
                    + (int) (100 * Ink.MIN_NON_WHITE) + "% non-white and " + 100 * Ink.MIN_CHROMATIC
                    + "% coloured, or " + (int) (100 * Ink.MIN_GREY_IMAGE) + "% non-white for a grey image, expected); see "
                    + png);
        }
        return ink;
    }
}
