package dev.re3.polytope;

import dev.re3.display.HtmlTables;
import dev.re3.display.Displayable;
import dev.re3.net.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The exact partition of a rectangle of a plane into the convex polygons on which the network is affine
 * ({@link PlanePartitioner}). Each polygon is the intersection of one linear region with the rectangle,
 * so the polygons are the regions met and they tile the rectangle.
 *
 * <p>Polygons are sorted by centroid ({@code v}, then {@code u}). The decision boundary is a list of
 * segments, those inside each polygon where the first maximum of the logits changes.
 *
 * <p>A partition stopped by its polygon limit {@link #isPartial() is partial}: it holds the first
 * polygons found (in the refinement's own order, before sorting), which do not tile the rectangle, and
 * {@link #message()} says so.
 */
public final class PlanePartition implements Displayable {
    private final Network network;
    private final Plane plane;
    private final Domain domain;
    private final List<PlanePolygon> polygons;
    private final List<Segment> boundary;
    private final boolean partial;
    private final int limit;
    private final List<String> siteNames;
    private final long[] cellsPerSite;

    PlanePartition(Network network, Plane plane, Domain domain, List<PlanePolygon> polygons, List<Segment> boundary,
                   boolean partial, int limit, List<String> siteNames, long[] cellsPerSite) {
        this.network = network;
        this.plane = plane;
        this.domain = domain;
        this.polygons = List.copyOf(polygons);
        this.boundary = List.copyOf(boundary);
        this.partial = partial;
        this.limit = limit;
        this.siteNames = List.copyOf(siteNames);
        this.cellsPerSite = cellsPerSite.clone();
    }

    public Network network() {
        return network;
    }

    public Plane plane() {
        return plane;
    }

    public Domain domain() {
        return domain;
    }

    public List<PlanePolygon> polygons() {
        return polygons;
    }

    /** Number of polygons, which is the number of linear regions that meet the rectangle. */
    public int regions() {
        return polygons.size();
    }

    /** The decision boundary as segments in plane coordinates. */
    public List<Segment> decisionBoundary() {
        return boundary;
    }

    /** Whether the polygon limit stopped the partition before it covered the rectangle. */
    public boolean isPartial() {
        return partial;
    }

    /** Empty for a complete partition; for a partial one, what is missing and how to get it. */
    public String message() {
        return partial ? "partial result: stopped at the limit of " + limit + " polygons, covering "
                + String.format(Locale.ROOT, "%.4g", coveredArea() / domain.area() * 100)
                + "% of the rectangle; raise maxPolygons or shrink the domain for the whole partition" : "";
    }

    /** The sum of the polygons' areas: the rectangle's area up to rounding when the partition is complete. */
    public double coveredArea() {
        double s = 0;
        for (PlanePolygon p : polygons) {
            s += p.area();
        }
        return s;
    }

    /**
     * The cells of the plane after each gate or pool site: the number of regions of the network cut after
     * that site (its first layers only) that meet the rectangle. The last row is {@link #regions()}.
     */
    public Table sites() {
        Table t = Table.create("cells after each site").addColumns(StringColumn.create("site", siteNames),
                LongColumn.create("cells", cellsPerSite));
        return t;
    }

    /** One row per polygon: region id, predicted class, area, centroid, vertices, map norm, mixed. */
    public Table toTable() {
        return table(polygons.size());
    }

    /** The first {@code rows} rows of {@link #toTable()} (region ids are hashed only for these). */
    public Table toTable(int rows) {
        return table(rows);
    }

    private Table table(int rows) {
        int n = Math.min(rows, polygons.size());
        IntColumn index = IntColumn.create("polygon");
        StringColumn id = StringColumn.create("regionId");
        StringColumn cls = StringColumn.create("predicted");
        DoubleColumn area = DoubleColumn.create("area");
        DoubleColumn u = DoubleColumn.create("u");
        DoubleColumn v = DoubleColumn.create("v");
        IntColumn vertices = IntColumn.create("vertices");
        DoubleColumn norm = DoubleColumn.create("mapNorm");
        BooleanColumn mixed = BooleanColumn.create("mixed");
        for (int i = 0; i < n; i++) {
            PlanePolygon p = polygons.get(i);
            double[] c = p.centroid();
            index.append(i);
            id.append(p.regionId());
            cls.append(network.classes().get(p.predicted()));
            area.append(p.area());
            u.append(c[0]);
            v.append(c[1]);
            vertices.append(p.vertexCount());
            norm.append(p.mapNorm());
            mixed.append(p.mixed());
        }
        return Table.create("polygons").addColumns(index, id, cls, area, u, v, vertices, norm, mixed);
    }

    /** The plane cut into polygons of one predicted class each (a polygon the boundary crosses is cut). */
    public List<ClassPolygon> classPolygons() {
        List<ClassPolygon> out = new ArrayList<>();
        for (PlanePolygon p : polygons) {
            if (!p.mixed()) {
                out.add(new ClassPolygon(p.us(), p.vs(), p.predicted()));
            } else {
                double up = p.frameScale();
                for (ClassCells.Piece piece : ClassCells.pieces(p.cell(), p.frameMap())) {
                    double[] us = piece.cell().x.clone();
                    double[] vs = piece.cell().y.clone();
                    for (int i = 0; i < us.length; i++) {
                        us[i] *= up;
                        vs[i] *= up;
                    }
                    out.add(new ClassPolygon(us, vs, piece.cls()));
                }
            }
        }
        return out;
    }

    /**
     * A convex polygon of one predicted class.
     *
     * @param us the vertices' {@code u}
     * @param vs the vertices' {@code v}
     * @param predicted the class
     */
    public record ClassPolygon(double[] us, double[] vs, int predicted) {
        /** E.g. {@code "class 1: (0, 0), (1, 0), (0, 1)"}. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("class " + predicted + ":");
            for (int i = 0; i < us.length; i++) {
                s.append(i == 0 ? " (" : ", (").append(dev.re3.display.Numbers.format(us[i])).append(", ").append(dev.re3.display.Numbers.format(vs[i])).append(")");
            }
            return s.toString();
        }
    }

    /** The data of a figure: polygons with class and map norm, the decision boundary, the marked inputs. */
    public PlaneFigureData figureData() {
        List<double[]> us = new ArrayList<>();
        List<double[]> vs = new ArrayList<>();
        int[] predicted = new int[polygons.size()];
        double[] norm = new double[polygons.size()];
        for (int i = 0; i < polygons.size(); i++) {
            PlanePolygon p = polygons.get(i);
            us.add(p.us());
            vs.add(p.vs());
            predicted[i] = p.predicted();
            norm[i] = p.mapNorm();
        }
        return new PlaneFigureData(domain, us, vs, predicted, norm, network.classes(), boundary, plane.marked(), partial);
    }

    @Override
    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Plane partition of %s: %d polygons (linear regions), %d decision boundary"
                + " segments, covered area %.6g of %.6g%n", domain, regions(), boundary.size(), coveredArea(),
                domain.area()));
        if (partial) {
            s.append(message()).append('\n');
        }
        for (int i = 0; i < siteNames.size(); i++) {
            s.append("  cells after ").append(siteNames.get(i)).append(": ").append(cellsPerSite[i]).append('\n');
        }
        for (Plane.Marked m : plane.marked()) {
            s.append("  marked ").append(m.label()).append(" at (").append(m.u()).append(", ").append(m.v()).append(")\n");
        }
        return s.toString();
    }

    @Override
    public String toHtml() {
        String more = polygons.size() > 20 ? "<div style=\"font-size:11px;color:#666\">" + (polygons.size() - 20)
                + " more polygons</div>" : "";
        return "<div>" + HtmlTables.paragraph(toText()) + HtmlTables.of(table(20), 20) + more + "</div>";
    }

    @Override
    public String toString() {
        return toText();
    }

    /** The partition drawn with its polygons coloured by predicted class. */
    public dev.re3.plot.Figure plot() {
        return plot(false);
    }

    /**
     * The partition as a figure: its polygons coloured by predicted class, or by the norm of their local map,
     * with the decision boundary and the plane's marked inputs.
     */
    public dev.re3.plot.Figure plot(boolean colourByNorm) {
        PlaneFigureData d = figureData();
        java.util.List<double[][]> polygons = new java.util.ArrayList<>();
        for (int i = 0; i < d.us().size(); i++) {
            double[] u = d.us().get(i);
            double[] v = d.vs().get(i);
            double[][] vertices = new double[u.length][];
            for (int j = 0; j < u.length; j++) {
                vertices[j] = new double[] {u[j], v[j]};
            }
            polygons.add(vertices);
        }
        java.util.List<double[][]> boundary = new java.util.ArrayList<>();
        for (Segment s : d.boundary()) {
            boundary.add(new double[][] {{s.u0(), s.v0()}, {s.u1(), s.v1()}});
        }
        double[][] marked = new double[d.marked().size()][];
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < marked.length; i++) {
            marked[i] = new double[] {d.marked().get(i).u(), d.marked().get(i).v()};
            names.add(d.marked().get(i).label());
        }
        Domain r = d.domain();
        String title = "Linear regions of the plane" + (d.partial() ? " (partial: polygon limit reached)" : "");
        return dev.re3.plot.Figures.partition(title, new double[] {r.u0(), r.u1(), r.v0(), r.v1()}, polygons,
                d.predicted(), d.classes(), d.mapNorm(), colourByNorm, boundary, marked, names);
    }
}
