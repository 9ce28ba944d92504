package dev.re3.polytope;

import dev.re3.display.HtmlTables;
import dev.re3.display.Displayable;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The local complexity around one input ({@link LocalComplexity}): regions met on each random line and
 * plane through it within the radius, per layer, and the distance to the nearest boundary.
 */
public final class ComplexityResult implements Displayable {
    /**
     * One line or plane through the input.
     *
     * @param kind {@code "line"} or {@code "plane"}
     * @param index its number among its kind
     * @param regions regions met (segments on a line, polygons on a plane)
     * @param perSite regions of the network's first layers, up to each gate or pool site
     * @param nearestCrossing on a line, the distance from the input to the nearest boundary along it
     *     (infinite if none); NaN on a plane
     * @param partial whether the plane's polygon limit stopped it
     */
    public record Probe(String kind, int index, int regions, long[] perSite, double nearestCrossing, boolean partial) {
        public Probe {
            perSite = perSite.clone();
        }

        @Override
        public long[] perSite() {
            return perSite.clone();
        }
    }

    private final double[] x;
    private final double radius;
    private final long seed;
    private final List<String> sites;
    private final List<Probe> probes;
    private final double distance;

    ComplexityResult(double[] x, double radius, long seed, List<String> sites, List<Probe> probes, double distance) {
        this.x = x.clone();
        this.radius = radius;
        this.seed = seed;
        this.sites = List.copyOf(sites);
        this.probes = List.copyOf(probes);
        this.distance = distance;
    }

    public double[] input() {
        return x.clone();
    }

    public double radius() {
        return radius;
    }

    public long seed() {
        return seed;
    }

    public List<Probe> probes() {
        return probes;
    }

    /** The Euclidean distance from the input to the nearest boundary of its region (infinite if none). */
    public double distanceToBoundary() {
        return distance;
    }

    /** Mean regions met on the lines; NaN without lines. */
    public double meanRegionsOnLines() {
        return probes.stream().filter(p -> p.kind().equals("line")).mapToInt(Probe::regions).average().orElse(Double.NaN);
    }

    /** Mean regions met on the planes; NaN without planes. */
    public double meanRegionsOnPlanes() {
        return probes.stream().filter(p -> p.kind().equals("plane")).mapToInt(Probe::regions).average().orElse(Double.NaN);
    }

    /** Per gate or pool site: mean regions of the layers up to it, on lines and on planes. */
    public Table layers() {
        StringColumn site = StringColumn.create("site", sites);
        DoubleColumn lines = DoubleColumn.create("lines");
        DoubleColumn planes = DoubleColumn.create("planes");
        for (int s = 0; s < sites.size(); s++) {
            int k = s;
            lines.append(probes.stream().filter(p -> p.kind().equals("line")).mapToLong(p -> p.perSite()[k]).average()
                    .orElse(Double.NaN));
            planes.append(probes.stream().filter(p -> p.kind().equals("plane")).mapToLong(p -> p.perSite()[k]).average()
                    .orElse(Double.NaN));
        }
        return Table.create("mean regions within radius " + radius + " per layer").addColumns(site, lines, planes);
    }

    /** One row per line or plane: regions, nearest crossing, partial. */
    public Table toTable() {
        StringColumn kind = StringColumn.create("kind");
        IntColumn index = IntColumn.create("index");
        IntColumn regions = IntColumn.create("regions");
        DoubleColumn nearest = DoubleColumn.create("nearestCrossing");
        BooleanColumn partial = BooleanColumn.create("partial");
        for (Probe p : probes) {
            kind.append(p.kind());
            index.append(p.index());
            regions.append(p.regions());
            nearest.append(p.nearestCrossing());
            partial.append(p.partial());
        }
        return Table.create("local complexity").addColumns(kind, index, regions, nearest, partial);
    }

    @Override
    public String toText() {
        return String.format(Locale.ROOT, "Local complexity within radius %.4g (seed %d): %.3f regions per line, %.3f per"
                + " plane; distance to the nearest boundary %.6g%n", radius, seed, meanRegionsOnLines(),
                meanRegionsOnPlanes(), distance) + layers().printAll() + "\n";
    }

    @Override
    public String toHtml() {
        return "<div>" + HtmlTables.paragraph(toText()) + HtmlTables.of(toTable(), 50) + "</div>";
    }

    @Override
    public String toString() {
        return toText();
    }
}
