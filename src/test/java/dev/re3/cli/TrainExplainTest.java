package dev.re3.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.data.Datasets;
import dev.re3.data.Standardizer;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train}, {@code export} and {@code explain} on Iris: the JSON lines hold exact explanations. */
class TrainExplainTest {
    static final double REL = 1e-9;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path model;
    static Path inputs;

    @BeforeAll
    static void trainAndExport() {
        model = dir.resolve("iris.json");
        inputs = dir.resolve("iris.csv");
        Cli.Result train = Cli.run("train", "--data", "iris", "--hidden", "8,4", "--epochs", "30", "--seed", "3",
                "--out", model.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("test accuracy"), train.out());
        Cli.Result export = Cli.run("export", "--data", "iris", "--limit", "25", "--out", inputs.toString());
        assertEquals(0, export.code(), export.err());
    }

    @Test
    void modelRecordsItsStandardizerAndNames() {
        Network net = ModelJson.read(model);
        assertEquals(Datasets.iris().features(), net.features());
        assertEquals(List.of(8, 4), net.reluSites().stream().map(s -> s.units()).toList());
        var provenance = ModelJson.readProvenance(model);
        assertEquals("iris", provenance.get("dataset"));
        assertEquals(3, ((Number) provenance.get("seed")).intValue());
        assertTrue(new Model(model, net, provenance).standardizer().isPresent());
    }

    @Test
    void jsonLinesAreExactExplanations() throws IOException {
        Path out = dir.resolve("explained.jsonl");
        Cli.Result r = Cli.run("explain", "--model", model.toString(), "--data", inputs.toString(), "--raw",
                "--format", "json", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("explained 25 inputs"), r.out());
        Network full = ModelJson.read(model);
        Network net = full.withoutStandardize();
        Standardizer st = new Model(model, full, ModelJson.readProvenance(model)).standardizer().orElseThrow();
        double[][] raw = Datasets.iris().head(25).x();
        List<String> lines = Files.readAllLines(out);
        assertEquals(25, lines.size());
        for (int n = 0; n < lines.size(); n++) {
            JsonNode o = JSON.readTree(lines.get(n));
            assertEquals(n, o.get("index").asInt());
            double[] x = doubles(o.get("input"));
            assertArrayEquals(raw[n], doubles(o.get("rawInput")), 0);
            assertArrayEquals(st.apply(raw[n]), x, 1e-15);
            double[] z = doubles(o.get("logits"));
            assertArrayEquals(net.forward(x), z, 1e-9);
            double[] bias = doubles(o.get("bias"));
            JsonNode c = o.get("contributions");
            JsonNode w = o.get("affine").get("weight");
            assertArrayEquals(bias, doubles(o.get("affine").get("bias")), 0);
            assertEquals(3, c.size());
            for (int k = 0; k < 3; k++) {
                double sum = bias[k];
                double affine = bias[k];
                for (int i = 0; i < 4; i++) {
                    sum += c.get(k).get(i).asDouble();
                    affine += w.get(k).get(i).asDouble() * x[i];
                }
                double tol = REL * Math.max(1, Math.abs(z[k]));
                assertEquals(z[k], sum, tol, "line " + n + ", class " + k + ": contributions + bias = logit");
                assertEquals(z[k], affine, tol, "line " + n + ", class " + k + ": W x + b = logit");
            }
            double[] p = doubles(o.get("probabilities"));
            assertArrayEquals(Network.softmax(z), p, 1e-12);
            int predicted = o.get("predicted").asInt();
            assertEquals(argmax(z), predicted);
            assertEquals(net.classes().get(predicted), o.get("predictedClass").asText());
            JsonNode pattern = o.get("pattern");
            assertEquals(2, pattern.size());
            assertTrue(pattern.get(0).asText().matches("[01]{8}"), pattern.toString());
            assertTrue(pattern.get(1).asText().matches("[01]{4}"), pattern.toString());
            assertTrue(o.get("regionId").asText().matches("[0-9a-f]{16}"));
            assertTrue(o.get("reconstructionError").asDouble() < 1e-9);
            assertNotNull(o.get("distanceToBoundary"));
            assertEquals(net.features(), strings(o.get("features")));
            assertEquals(net.classes(), strings(o.get("classes")));
        }
    }

    @Test
    void jsonToStandardOutputHasOneLinePerInput() throws IOException {
        Cli.Result r = Cli.run("explain", "--model", model.toString(), "--data", inputs.toString(), "--raw",
                "--format", "json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(25, lines.size());
        assertEquals(24, JSON.readTree(lines.get(24)).get("index").asInt());
    }

    @Test
    void standardisedInputsWithStandardizedGiveTheSameExplanations() throws IOException {
        Network full = ModelJson.read(model);
        Network net = full.withoutStandardize();
        Standardizer st = new Model(model, full, ModelJson.readProvenance(model)).standardizer().orElseThrow();
        double[][] raw = Datasets.iris().head(3).x();
        StringBuilder csv = new StringBuilder();
        for (double[] row : st.apply(raw)) {
            csv.append(row[0]).append(',').append(row[1]).append(',').append(row[2]).append(',').append(row[3]).append('\n');
        }
        Path standardised = dir.resolve("standardised.csv");
        Files.writeString(standardised, csv);
        Cli.Result a = Cli.run("explain", "--model", model.toString(), "--data", standardised.toString(),
                "--standardized", "--format", "json");
        Cli.Result b = Cli.run("explain", "--model", model.toString(), "--data", inputs.toString(), "--raw", "--format",
                "json");
        assertEquals(0, a.code(), a.err());
        for (int n = 0; n < 3; n++) {
            JsonNode x = JSON.readTree(a.out().lines().toList().get(n));
            JsonNode y = JSON.readTree(b.out().lines().toList().get(n));
            assertEquals(y.get("regionId"), x.get("regionId"));
            assertArrayEquals(doubles(y.get("logits")), doubles(x.get("logits")), 1e-12);
        }
    }

    @Test
    void rawInputsAreStandardisedWithoutRawToo() throws IOException {
        // The first 25 Iris flowers are all setosa; a model that records its standardizer must see them so
        // whether or not --raw is given.
        Cli.Result plain = Cli.run("explain", "--model", model.toString(), "--data", inputs.toString(), "--format",
                "json");
        Cli.Result raw = Cli.run("explain", "--model", model.toString(), "--data", inputs.toString(), "--raw",
                "--format", "json");
        assertEquals(0, plain.code(), plain.err());
        assertEquals("", plain.err());
        assertEquals(raw.out(), plain.out());
        for (String line : plain.out().lines().toList()) {
            JsonNode o = JSON.readTree(line);
            assertEquals("setosa", o.get("predictedClass").asText(), line);
            assertNotNull(o.get("rawInput"));
        }
    }

    @Test
    void inputsFarOutsideTheTrainingRangeAreWarnedAbout() throws IOException {
        Path mm = dir.resolve("millimetres.csv");
        Files.writeString(mm, "51,35,14,2\n");
        Cli.Result r = Cli.run("explain", "--model", model.toString(), "--data", mm.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: row 1, sepal_length_cm = 51 is ") && r.err().contains("--standardized"),
                r.err());
        Cli.Result both = Cli.run("explain", "--model", model.toString(), "--data", mm.toString(), "--raw",
                "--standardized");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("expected at most one of them"), both.err());
    }

    @Test
    void tableFormatShowsContributionsAndASummary() {
        Cli.Result r = Cli.run("explain", "--model", model.toString(), "--data", inputs.toString(), "--raw",
                "--target", "virginica");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("input 1 of 25: predicted "), out);
        assertTrue(out.contains("contributions to class virginica"), out);
        assertTrue(out.contains("raw value") && out.contains("standardised") && out.contains("probability"), out);
        assertTrue(out.contains("petal_width_cm"), out);
        assertTrue(out.contains("(bias)"), out);
        assertTrue(out.contains("sum + bias = "), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("explained 25 inputs in ")), out);
        assertEquals("", r.err());
    }

    @Test
    void exportWritesAHeaderAndTheRawValues() throws IOException {
        List<String> lines = Files.readAllLines(inputs);
        assertEquals(26, lines.size());
        assertEquals(String.join(",", Datasets.iris().features()), lines.get(0));
        assertEquals("5.1,3.5,1.4,0.2", lines.get(1));
    }

    @Test
    void exportNormalisesAModelAndKeepsItsProvenance() {
        Path copy = dir.resolve("copy.json");
        Cli.Result r = Cli.run("export", "--model", model.toString(), "--out", copy.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(ModelJson.read(model), ModelJson.read(copy));
        assertEquals(ModelJson.readProvenance(model), ModelJson.readProvenance(copy));
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
