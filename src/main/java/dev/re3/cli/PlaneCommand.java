package dev.re3.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.re3.net.Network;
import dev.re3.polytope.Domain;
import dev.re3.polytope.Plane;
import dev.re3.polytope.PlanePartition;
import dev.re3.polytope.PlanePartitioner;
import dev.re3.polytope.PlanePolygon;
import dev.re3.polytope.Segment;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code re3 plane}: the exact partition of a rectangle of the plane through three inputs into the
 * convex polygons where the model is affine ({@link PlanePartitioner}).
 *
 * <p>The CSV holds three rows: the origin and two points, giving the axes {@code e1 = row2 - row1} and
 * {@code e2 = row3 - row1}, so the rows sit at {@code (0, 0)}, {@code (1, 0)} and {@code (0, 1)}. JSON
 * output, one object: {@code regions}, {@code partial} (and {@code message} when partial),
 * {@code domain} {@code [u0, u1, v0, v1]}, {@code marked}, {@code polygons} ({@code vertices}
 * {@code [[u, v], ...]} counter-clockwise, {@code pattern}, {@code regionId}, {@code predicted},
 * {@code predictedClass}, {@code area}, {@code mapNorm}, {@code mixed}), {@code decisionBoundary}
 * {@code [[[u, v], [u, v]], ...]}, {@code sites} (cells after each site), {@code classes}.
 */
final class PlaneCommand implements Command {
    @Override
    public String name() {
        return "plane";
    }

    @Override
    public String summary() {
        return "partition a plane through three inputs exactly into the model's linear regions";
    }

    /** More worker threads than this are refused: each one holds its own buffers. */
    static final int MAX_THREADS = 1024;

    @Override
    public String synopsis() {
        return "--model M.json --data P.csv [--domain u0,u1,v0,v1] [--format json|table] [--max-polygons N] [...]";
    }

    @Override
    public String details() {
        return """
                The CSV holds three rows, header optional: the origin and two points; the plane is
                x(u, v) = row1 + u (row2 - row1) + v (row3 - row1), so the rows sit at (0,0), (1,0) and (0,1). Rows are raw
                values: a model's recorded standardizer is applied first (--standardized: standardised already).
                The rectangle --domain (default -0.25,1.25,-0.25,1.25) is cut exactly into the convex polygons on
                which the network is affine, one per linear region met.
                json: one object with regions, partial, domain, marked, polygons [{vertices [[u,v],...], pattern,
                regionId, predicted, predictedClass, area, mapNorm, mixed}], decisionBoundary [[[u,v],[u,v]],...],
                sites, classes. With more than --max-polygons polygons the result is partial: "partial": true and a
                warning on standard error.
                table: a summary, the cells after each layer, and the polygons.""";
    }

    @Override
    public List<Option> options() {
        return List.of(
                ModelInputs.MODEL,
                Option.value("data", "P.csv", "three rows: the origin and the two points that give the axes; required"),
                Option.value("domain", "u0,u1,v0,v1", "the rectangle of plane coordinates (default -0.25,1.25,-0.25,1.25)"),
                Option.value("format", "json|table", "output format (default table)"),
                ModelInputs.RAW,
                ModelInputs.STANDARDIZED,
                Option.value("max-polygons", "N", "stop after N polygons with a partial result (default "
                        + PlanePartitioner.DEFAULT_MAX_POLYGONS + ")"),
                Option.value("threads", "N", "worker threads (default: the number of processors)"),
                ModelInputs.OUT);
    }

    @Override
    public void run(Arguments args, PrintStream out, PrintStream err) throws IOException {
        Model model = Model.of(args);
        Network net = model.network();
        String format = args.choice("format", "table", "json", "table");
        int max = args.integer("max-polygons", PlanePartitioner.DEFAULT_MAX_POLYGONS, 1);
        int threads = args.integer("threads", Runtime.getRuntime().availableProcessors(), 1);
        if (threads > MAX_THREADS) {
            throw new UsageException("option --threads: expected 1 to " + MAX_THREADS + " worker threads (this machine has "
                    + Runtime.getRuntime().availableProcessors() + " processors), got " + threads);
        }
        Domain domain = args.has("domain") ? domain(args.required("domain")) : null;
        double[][] rows = ModelInputs.read(args, model, args.requiredPath("data"), "points", err).network();
        if (rows.length != 3) {
            throw new CliException(args.string("data") + ": expected 3 rows (the origin and the two points that give"
                    + " the axes), got " + rows.length);
        }
        Plane plane = Plane.through(rows[0], rows[1], rows[2]);
        PlanePartitioner partitioner = PlanePartitioner.of(net).optMaxPolygons(max).optThreads(threads);
        if (domain != null) {
            partitioner = partitioner.optDomain(domain);
        }
        PlanePartition p = partitioner.partition(plane);
        if (p.isPartial()) {
            err.println("re3 plane: warning: " + p.message());
        }
        PathCommand.emit(args, out, stream -> {
            if (format.equals("json")) {
                json(net, p, stream);
            } else {
                String text = p.toText() + p.sites().printAll() + "\n" + p.toTable(40).print(40) + "\n";
                stream.write(text.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    static Domain domain(String text) {
        String[] parts = text.split(",", -1);
        double[] d = new double[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                d[i] = Double.parseDouble(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            d = new double[0];
        }
        if (d.length != 4) {
            throw new UsageException("option --domain: expected four numbers u0,u1,v0,v1 such as -0.25,1.25,-0.25,1.25,"
                    + " got '" + text + "'");
        }
        try {
            return new Domain(d[0], d[1], d[2], d[3]);
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --" + e.getMessage());
        }
    }

    private static void json(Network net, PlanePartition p, OutputStream stream) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(stream, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("regions", p.regions());
            g.writeBooleanField("partial", p.isPartial());
            if (p.isPartial()) {
                g.writeStringField("message", p.message());
            }
            Domain d = p.domain();
            g.writeFieldName("domain");
            g.writeArray(new double[] {d.u0(), d.u1(), d.v0(), d.v1()}, 0, 4);
            g.writeArrayFieldStart("marked");
            for (Plane.Marked m : p.plane().marked()) {
                g.writeStartObject();
                g.writeStringField("label", m.label());
                g.writeNumberField("u", m.u());
                g.writeNumberField("v", m.v());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("polygons");
            for (PlanePolygon poly : p.polygons()) {
                g.writeStartObject();
                g.writeArrayFieldStart("vertices");
                for (double[] v : poly.vertices()) {
                    g.writeArray(v, 0, 2);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("pattern");
                for (String s : poly.patterns()) {
                    g.writeString(s);
                }
                g.writeEndArray();
                g.writeStringField("regionId", poly.regionId());
                g.writeNumberField("predicted", poly.predicted());
                g.writeStringField("predictedClass", net.classes().get(poly.predicted()));
                g.writeNumberField("area", poly.area());
                g.writeNumberField("mapNorm", poly.mapNorm());
                g.writeBooleanField("mixed", poly.mixed());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("decisionBoundary");
            for (Segment s : p.decisionBoundary()) {
                g.writeStartArray();
                g.writeArray(new double[] {s.u0(), s.v0()}, 0, 2);
                g.writeArray(new double[] {s.u1(), s.v1()}, 0, 2);
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("sites");
            var sites = p.sites();
            for (int r = 0; r < sites.rowCount(); r++) {
                g.writeStartObject();
                g.writeStringField("site", sites.stringColumn("site").get(r));
                g.writeNumberField("cells", sites.longColumn("cells").get(r));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("classes");
            for (String c : net.classes()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        stream.write('\n');
    }
}
