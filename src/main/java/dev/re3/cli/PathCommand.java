package dev.re3.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.re3.io.AtomicFiles;
import dev.re3.io.IOConsumer;
import dev.re3.net.Network;
import dev.re3.polytope.ClassChange;
import dev.re3.polytope.PathSegment;
import dev.re3.polytope.PathWalk;
import dev.re3.polytope.PathWalker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code re3 path}: the exact walk of a polyline through the model's linear regions
 * ({@link PathWalker}). The rows of the CSV are the path's points, in order.
 *
 * <p>JSON output, one object: {@code regions} (segments), {@code length}, {@code points},
 * {@code segments} ({@code tStart}, {@code tEnd}, {@code pattern} (one string per ReLU layer),
 * {@code regionId}, {@code predicted}, {@code predictedClass}), {@code crossings} (one per unit flipping
 * at a boundary: {@code t}, {@code layer} (the site name), {@code unit}, {@code before}, {@code after}),
 * {@code boundaries} (their {@code t}), {@code predictionChanges} ({@code t}, {@code from}, {@code to}),
 * {@code partial}, {@code classes}.
 */
final class PathCommand implements Command {
    @Override
    public String name() {
        return "path";
    }

    @Override
    public String summary() {
        return "walk a path through the model's linear regions exactly: every region and boundary crossed";
    }

    @Override
    public String synopsis() {
        return "--model M.json --data P.csv [--format json|table] [--raw|--standardized] [--max-segments N] [--out FILE]";
    }

    @Override
    public String details() {
        return """
                The CSV holds the path's points, one per row (at least two), header optional; the path is the polyline
                through them and t runs from 0 to 1 over it in proportion to length. Points are raw values: a model's
                recorded standardizer is applied first (--standardized: the points are standardised already). Not sampled: each region crossed is
                listed with where the path enters and leaves it, and each boundary with the units that flip there.
                json: one object with regions, length, segments [{tStart, tEnd, pattern, regionId, predicted,
                predictedClass}], crossings [{t, layer, unit, before, after}], boundaries, predictionChanges
                [{t, from, to}], partial, classes.
                table: the segments, then the crossings.""";
    }

    @Override
    public List<Option> options() {
        return List.of(
                ModelInputs.MODEL,
                Option.value("data", "P.csv", "the path's points, one per row, at least two; required"),
                Option.value("format", "json|table", "output format (default table)"),
                ModelInputs.RAW,
                ModelInputs.STANDARDIZED,
                Option.value("max-segments", "N", "stop after N intervals on one straight piece (default "
                        + PathWalker.DEFAULT_MAX_SEGMENTS + ")"),
                ModelInputs.OUT);
    }

    @Override
    public void run(Arguments args, PrintStream out, PrintStream err) throws IOException {
        Model model = Model.of(args);
        Network net = model.network();
        String format = args.choice("format", "table", "json", "table");
        int max = args.integer("max-segments", PathWalker.DEFAULT_MAX_SEGMENTS, 1);
        double[][] points = ModelInputs.read(args, model, args.requiredPath("data"), "points", err).network();
        if (points.length < 2) {
            throw new CliException(args.string("data") + ": expected at least two rows (the path's points), got "
                    + points.length);
        }
        PathWalk walk = PathWalker.of(net).optMaxSegments(max).walk(points);
        if (walk.isPartial()) {
            err.println("re3 path: warning: " + walk.message());
        }
        emit(args, out, stream -> {
            if (format.equals("json")) {
                json(net, walk, stream);
            } else {
                String text = walk.toText() + walk.toTable().printAll() + "\n"
                        + (walk.boundaries().isEmpty() ? "" : walk.crossingsTable().printAll() + "\n");
                stream.write(text.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    private static void json(Network net, PathWalk walk, OutputStream stream) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(stream, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("regions", walk.regions());
            g.writeNumberField("length", walk.length());
            g.writeNumberField("points", walk.points().length);
            g.writeBooleanField("partial", walk.isPartial());
            if (walk.isPartial()) {
                g.writeStringField("message", walk.message());
            }
            g.writeArrayFieldStart("segments");
            for (PathSegment s : walk.segments()) {
                g.writeStartObject();
                g.writeNumberField("tStart", s.tStart());
                g.writeNumberField("tEnd", s.tEnd());
                g.writeArrayFieldStart("pattern");
                for (String p : s.patterns()) {
                    g.writeString(p);
                }
                g.writeEndArray();
                g.writeStringField("regionId", s.regionId());
                g.writeNumberField("predicted", s.predicted());
                g.writeStringField("predictedClass", net.classes().get(s.predicted()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("crossings");
            for (PathWalk.Crossing c : walk.crossings()) {
                g.writeStartObject();
                g.writeNumberField("t", c.t());
                g.writeStringField("layer", c.site());
                g.writeNumberField("unit", c.unit());
                g.writeNumberField("before", c.before());
                g.writeNumberField("after", c.after());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("boundaries");
            for (var b : walk.boundaries()) {
                g.writeNumber(b.t());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("predictionChanges");
            for (ClassChange c : walk.predictionChanges()) {
                g.writeStartObject();
                g.writeNumberField("t", c.t());
                g.writeNumberField("from", c.from());
                g.writeNumberField("to", c.to());
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

    /** Writes to {@code --out} (whole or not at all, then a line saying so) or to standard output. */
    static void emit(Arguments args, PrintStream out, IOConsumer<OutputStream> writer) throws IOException {
        if (args.has("out")) {
            Path target = args.requiredPath("out");
            AtomicFiles.write(target, writer);
            out.println(String.format(Locale.ROOT, "wrote %s", target));
        } else {
            PrintStream stdout = out;
            OutputStream guard = new OutputStream() {
                @Override
                public void write(int b) {
                    stdout.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    stdout.write(b, off, len);
                }

                @Override
                public void close() {
                    stdout.flush();
                }
            };
            writer.accept(guard);
            guard.flush();
        }
    }
}
