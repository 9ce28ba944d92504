package dev.re3.browser;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * How much of a figure's screenshot is drawn: pixels that are not white, and among them pixels with
 * colour (plotly's traces and the report's bars are coloured; an empty plot area, axes, grid lines or a
 * waiting message are white, grey or black).
 *
 * @param pixels    pixels counted
 * @param nonWhite  pixels darker than near-white
 * @param chromatic pixels whose red, green and blue differ by more than a grey's would
 */
record Ink(long pixels, long nonWhite, long chromatic) {

    /** A figure counts as drawn with at least this share of non-white pixels... */
    static final double MIN_NON_WHITE = 0.02;

    /** ...and at least this share of coloured pixels. */
    static final double MIN_CHROMATIC = 0.005;

    /**
     * ...or, for grey-scale images (digits drawn in grey, no colour at all), at least this share of non-white
     * pixels: an empty plot area with its axes and grid stays far below it.
     */
    static final double MIN_GREY_IMAGE = 0.2;

    /** Counts the pixels of a PNG file. */
    static Ink of(Path png) throws IOException {
        BufferedImage image = read(png);
        long nonWhite = 0;
        long chromatic = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r < 240 || g < 240 || b < 240) {
                    nonWhite++;
                }
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 48) {
                    chromatic++;
                }
            }
        }
        return new Ink((long) image.getWidth() * image.getHeight(), nonWhite, chromatic);
    }

    /** Cuts a PNG file down to the {@code width x height} pixels at {@code (x, y)} (kept inside the image). */
    static void crop(Path png, int x, int y, int width, int height) throws IOException {
        BufferedImage image = read(png);
        int left = Math.max(0, Math.min(x, image.getWidth() - 1));
        int top = Math.max(0, Math.min(y, image.getHeight() - 1));
        int w = Math.max(1, Math.min(width, image.getWidth() - left));
        int h = Math.max(1, Math.min(height, image.getHeight() - top));
        if (left != 0 || top != 0 || w != image.getWidth() || h != image.getHeight()) {
            ImageIO.write(image.getSubimage(left, top, w, h), "png", png.toFile());
        }
    }

    private static BufferedImage read(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        if (image == null) {
            throw new IOException(png + " is not a readable PNG");
        }
        return image;
    }

    double nonWhiteShare() {
        return pixels == 0 ? 0 : (double) nonWhite / pixels;
    }

    double chromaticShare() {
        return pixels == 0 ? 0 : (double) chromatic / pixels;
    }

    /** Whether this looks like a drawn figure rather than a blank or empty plot area. */
    boolean drawn() {
        return nonWhiteShare() >= MIN_NON_WHITE
                && (chromaticShare() >= MIN_CHROMATIC || nonWhiteShare() >= MIN_GREY_IMAGE);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f%% non-white, %.2f%% coloured pixels of %d", 100 * nonWhiteShare(),
                100 * chromaticShare(), pixels);
    }
}
