package dev.re3.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import dev.re3.region.AffineTracer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code re3 path} and {@code re3 plane}: JSON parsed back and checked against the forward pass. */
class PathPlaneCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path model;
    static Network net;

    @BeforeAll
    static void writeModel() {
        net = RandomNetworks.mlp(21, 0, 2, 12, 8, 3);
        model = dir.resolve("mlp.json");
        ModelJson.write(net, model, Map.of("seed", 21));
    }

    static Path csv(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void pathJsonListsTheRegionsInOrder() throws IOException {
        Path data = csv("path.csv", "x0,x1\n-2,-1.5\n2,1.7\n1,-2\n");
        Cli.Result r = Cli.run("path", "--model", model.toString(), "--data", data.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = JSON.readTree(r.out());
        JsonNode segs = o.get("segments");
        assertEquals(o.get("regions").asInt(), segs.size());
        assertTrue(segs.size() > 3, r.out());
        assertFalse(o.get("partial").asBoolean());
        double previous = 0;
        double[][] pts = {{-2, -1.5}, {2, 1.7}, {1, -2}};
        double l0 = Math.hypot(4, 3.2);
        double total = l0 + Math.hypot(1, 3.7);
        for (JsonNode s : segs) {
            double t0 = s.get("tStart").asDouble();
            double t1 = s.get("tEnd").asDouble();
            assertEquals(previous, t0, 0);
            assertTrue(t1 > t0);
            previous = t1;
            double mid = 0.5 * (t0 + t1) * total;
            double[] x = mid <= l0 ? lerp(pts[0], pts[1], mid / l0) : lerp(pts[1], pts[2], (mid - l0) / (total - l0));
            AffineTracer.Trace t = AffineTracer.trace(net, x);
            assertEquals(t.regionId(), s.get("regionId").asText());
            assertEquals(t.patterns().get(0), s.get("pattern").get(0).asText());
            assertEquals(argmax(net.forward(x)), s.get("predicted").asInt());
        }
        assertEquals(1.0, previous, 0);
        JsonNode crossings = o.get("crossings");
        assertTrue(crossings.size() >= segs.size() - 1);
        for (JsonNode c : crossings) {
            assertTrue(c.get("t").asDouble() > 0 && c.get("t").asDouble() < 1);
            assertTrue(List.of("1.relu", "3.relu").contains(c.get("layer").asText()), c.toString());
            assertTrue(c.get("unit").asInt() >= 0);
        }
    }

    @Test
    void planeJsonTilesTheDomainWithExactPolygons() throws IOException {
        Path data = csv("plane.csv", "0.1,0.2\n1.5,-0.3\n-0.4,1.2\n");
        Cli.Result r = Cli.run("plane", "--model", model.toString(), "--data", data.toString(), "--domain",
                "-0.5,1.5,-0.5,1.5", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = JSON.readTree(r.out());
        JsonNode polygons = o.get("polygons");
        assertEquals(o.get("regions").asInt(), polygons.size());
        assertFalse(o.get("partial").asBoolean());
        double area = 0;
        for (JsonNode p : polygons) {
            JsonNode v = p.get("vertices");
            double a = 0;
            double cu = 0;
            double cv = 0;
            for (int i = 0; i < v.size(); i++) {
                JsonNode q = v.get(i);
                JsonNode w = v.get((i + 1) % v.size());
                a += q.get(0).asDouble() * w.get(1).asDouble() - w.get(0).asDouble() * q.get(1).asDouble();
                cu += q.get(0).asDouble() / v.size();
                cv += q.get(1).asDouble() / v.size();
            }
            assertTrue(a > 0, "counter-clockwise");
            area += a / 2;
            double[] x = {0.1 + cu * 1.4 + cv * -0.5, 0.2 + cu * -0.5 + cv * 1.0};
            AffineTracer.Trace t = AffineTracer.trace(net, x);
            assertEquals(t.regionId(), p.get("regionId").asText());
        }
        assertEquals(4.0, area, 4e-9);
        for (JsonNode seg : o.get("decisionBoundary")) {
            assertEquals(2, seg.size());
            assertEquals(2, seg.get(0).size());
        }
        assertEquals(3, o.get("marked").size());
    }

    @Test
    void aPolygonLimitGivesAPartialResultAndAWarning() throws IOException {
        Path data = csv("plane-partial.csv", "0.1,0.2\n1.5,-0.3\n-0.4,1.2\n");
        Cli.Result r = Cli.run("plane", "--model", model.toString(), "--data", data.toString(), "--format", "json",
                "--max-polygons", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: partial result"), r.err());
        JsonNode o = JSON.readTree(r.out());
        assertTrue(o.get("partial").asBoolean());
        assertEquals(3, o.get("polygons").size());
        assertTrue(o.get("message").asText().contains("limit of 3 polygons"));
    }

    @Test
    void tablesAndRawInputs() throws IOException {
        Path iris = Cli.smallModel(dir);
        Path data = csv("iris-path.csv", "5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n");
        Cli.Result r = Cli.run("path", "--model", iris.toString(), "--data", data.toString(), "--raw");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("regions"), r.out());
        Path three = csv("iris-plane.csv", "5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n5.9,3.0,4.2,1.5\n");
        Path out = dir.resolve("plane.json");
        Cli.Result p = Cli.run("plane", "--model", iris.toString(), "--data", three.toString(), "--raw", "--format",
                "json", "--out", out.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("wrote"), p.out());
        assertTrue(JSON.readTree(out.toFile()).get("regions").asInt() > 0);
        Cli.Result t = Cli.run("plane", "--model", iris.toString(), "--data", three.toString(), "--raw");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("polygons"), t.out());
    }

    @Test
    void badInputsSayWhatWasExpected() throws IOException {
        Path one = csv("one.csv", "0,0\n");
        Cli.Result r = Cli.run("path", "--model", model.toString(), "--data", one.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("expected at least two rows"), r.err());

        Path two = csv("two.csv", "0,0\n1,1\n");
        r = Cli.run("plane", "--model", model.toString(), "--data", two.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("expected 3 rows") && r.err().contains("got 2"), r.err());

        Path collinear = csv("collinear.csv", "0,0\n1,1\n2,2\n");
        r = Cli.run("plane", "--model", model.toString(), "--data", collinear.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("collinear"), r.err());

        Path good = csv("good.csv", "0,0\n1,0\n0,1\n");
        r = Cli.run("plane", "--model", model.toString(), "--data", good.toString(), "--domain", "0,0,0,1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("rectangle with area"), r.err());
        r = Cli.run("plane", "--model", model.toString(), "--data", good.toString(), "--domain", "0,1,0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("expected four numbers"), r.err());

        Path wide = csv("wide.csv", "0,0,0\n1,1,1\n");
        r = Cli.run("path", "--model", model.toString(), "--data", wide.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("expected 2 values"), r.err());

        Cli.Result help = Cli.run("help");
        assertTrue(help.out().contains("path") && help.out().contains("plane"), help.out());
    }

    static double[] lerp(double[] a, double[] b, double s) {
        List<Double> x = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            x.add(a[i] + s * (b[i] - a[i]));
        }
        return x.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static int argmax(double[] f) {
        int best = 0;
        for (int c = 1; c < f.length; c++) {
            if (f[c] > f[best]) {
                best = c;
            }
        }
        return best;
    }
}
