package dev.re3.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.attribution.Attribution;
import dev.re3.attribution.ExcitationPullback;
import dev.re3.attribution.Gate;
import dev.re3.attribution.Gradient;
import dev.re3.attribution.IntegratedGradients;
import dev.re3.attribution.PullbackAscent;
import dev.re3.attribution.SmoothGrad;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code re3 attribute}: output parsed back and compared with the library's methods on the same inputs. */
class AttributeCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path model;
    static Path data;
    static Network net;
    static double[][] xs;

    @BeforeAll
    static void write() throws IOException {
        net = RandomNetworks.stridedCnn(7);
        model = dir.resolve("cnn.json");
        ModelJson.write(net, model, Map.of("seed", 7));
        Random r = new Random(3);
        xs = new double[3][];
        StringBuilder csv = new StringBuilder();
        for (int n = 0; n < xs.length; n++) {
            xs[n] = RandomNetworks.input(r, net.inputSize());
            for (int i = 0; i < xs[n].length; i++) {
                csv.append(i == 0 ? "" : ",").append(xs[n][i]);
            }
            csv.append('\n');
        }
        data = dir.resolve("x.csv");
        Files.writeString(data, csv.toString());
    }

    static JsonNode[] run(String... extra) throws IOException {
        String[] args = new String[4 + extra.length + 1];
        args[0] = "attribute";
        args[1] = "--model";
        args[2] = model.toString();
        args[3] = "--data";
        System.arraycopy(extra, 0, args, 5, extra.length);
        args[4] = data.toString();
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(xs.length, lines.length, r.out());
        JsonNode[] out = new JsonNode[lines.length];
        for (int n = 0; n < lines.length; n++) {
            out[n] = JSON.readTree(lines[n]);
        }
        return out;
    }

    static void same(Attribution m, JsonNode[] lines, int target) {
        for (int n = 0; n < xs.length; n++) {
            int t = target >= 0 ? target : Attribution.predicted(net, new double[][] {xs[n]})[0];
            assertEquals(t, lines[n].get("target").asInt());
            assertEquals(m.name(), lines[n].get("method").asText());
            assertEquals(n, lines[n].get("index").asInt());
            double[] expected = m.attribute(xs[n], t).attribution();
            JsonNode a = lines[n].get("attribution");
            assertEquals(expected.length, a.size());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], a.get(i).asDouble(), 1e-12 * Math.max(1, Math.abs(expected[i])), m.name() + " " + i);
            }
        }
    }

    @Test
    void everyMethodWritesWhatTheLibraryComputes() throws IOException {
        same(Gradient.of(net), run("--method", "gradient", "--target", "1"), 1);
        JsonNode[] ig = run("--method", "integrated-gradients");
        same(IntegratedGradients.of(net), ig, -1);
        for (JsonNode line : ig) {
            assertTrue(line.get("completenessDelta").asDouble() < 1e-9, line.toString());
        }
        JsonNode[] trap = run("--method", "integrated-gradients", "--steps", "7");
        same(IntegratedGradients.of(net).optRule(IntegratedGradients.Rule.TRAPEZOID).optSteps(7), trap, -1);
        same(IntegratedGradients.of(net).optRule(IntegratedGradients.Rule.GAUSS_LEGENDRE).optSteps(4),
                run("--method", "integrated-gradients", "--steps", "4", "--rule", "gauss-legendre"), -1);
        same(SmoothGrad.of(net).optSamples(5).optSigma(0.2).optSeed(9),
                run("--method", "smoothgrad", "--samples", "5", "--sigma", "0.2", "--seed", "9"), -1);
        same(ExcitationPullback.of(net).optGate(Gate.NORMAL).optTemperature(0.6),
                run("--method", "excitation-pullback", "--gate", "normal", "--temperature", "0.6"), -1);
        same(PullbackAscent.of(net).optAlpha(0.5).optSteps(3),
                run("--method", "pullback-ascent", "--alpha", "0.5", "--ascent-steps", "3", "--format", "json"), -1);
        JsonNode[] detached = run("--method", "excitation-pullback", "--detached-pool");
        same(ExcitationPullback.of(net).optDetachedPool(true), detached, -1);
        JsonNode[] attached = run("--method", "excitation-pullback");
        assertTrue(!detached[0].get("attribution").equals(attached[0].get("attribution")),
                "detaching the pool's softmax changes the backward pass of a network with max pools");
        same(PullbackAscent.of(net).optDetachedPool(true).optSteps(2),
                run("--method", "pullback-ascent", "--detached-pool", "--ascent-steps", "2"), -1);
        JsonNode[] grad = run("--method", "gradient");
        assertTrue(!grad[0].has("completenessDelta"), "the gradient has no completeness check");
    }

    @Test
    void csvHasAHeaderAndOneRowPerInput() {
        Cli.Result r = Cli.run("attribute", "--model", model.toString(), "--data", data.toString(), "--method", "re3",
                "--format", "csv", "--target", "2");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(xs.length + 1, lines.length);
        assertTrue(lines[0].startsWith("index,method,target,completenessDelta,x0,x1,"), lines[0]);
        String[] row = lines[2].split(",");
        assertEquals("1", row[0]);
        assertEquals("re3", row[1]);
        assertEquals("2", row[2]);
        assertTrue(Double.parseDouble(row[3]) < 1e-9);
        double[] expected = dev.re3.attribution.Re3Contributions.of(net).attribute(xs[1], 2).attribution();
        assertEquals(4 + expected.length, row.length);
        assertEquals(expected[5], Double.parseDouble(row[4 + 5]), 1e-15);
    }

    @Test
    void badOptionsGetClearErrors() {
        String[][] cases = {
            {"--method", "saliency"}, {"option --method: expected one of gradient, input-x-gradient"},
            {"--method", "excitation-pullback", "--temperature", "0"}, {"option --temperature: expected a positive finite number, got 0.0"},
            {"--method", "integrated-gradients", "--steps", "0"}, {"option --steps: expected an integer >= 1, got 0"},
            {"--method", "smoothgrad", "--samples", "0"}, {"option --samples: expected an integer >= 1, got 0"},
            {"--method", "smoothgrad", "--sigma", "-1"}, {"option --sigma: expected a finite number >= 0, got -1.0"},
            {"--method", "gradient", "--temperature", "0.3"}, {"option --temperature: does not apply to --method gradient"},
            {"--method", "gradient", "--target", "9"}, {"option --target: expected a class name"},
            {"--method", "pullback-ascent", "--gate", "tanh"}, {"option --gate: expected one of sigmoid, normal, got 'tanh'"},
        };
        for (int k = 0; k < cases.length; k += 2) {
            String[] args = new String[5 + cases[k].length];
            args[0] = "attribute";
            args[1] = "--model";
            args[2] = model.toString();
            args[3] = "--data";
            args[4] = data.toString();
            System.arraycopy(cases[k], 0, args, 5, cases[k].length);
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.code(), String.join(" ", cases[k]) + ": " + r.err());
            assertTrue(r.err().startsWith("re3 attribute: " + cases[k + 1][0]), r.err());
        }
    }
}
