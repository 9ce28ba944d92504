package dev.re3.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.net.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-written model files parse to networks whose outputs match values worked out by hand. */
class ModelJsonHandWrittenTest {

    private static final String TWO_TWO_TWO = """
            {
              "format": "re3-model/1",
              "inputShape": [2],
              "features": ["a", "b"],
              "classes": ["no", "yes"],
              "layers": [
                {"type": "dense", "weight": [[1, -1], [2, 0.5]], "bias": [0.5, -1]},
                {"type": "relu"},
                {"type": "dense", "weight": [[1, 1], [-1, 2]], "bias": [0, 1]},
                {"type": "softmax"}
              ]
            }
            """;

    @Test
    void twoTwoTwoNetworkComputesTheHandValues() {
        Network net = ModelJson.parse(TWO_TWO_TWO);
        assertEquals(List.of("a", "b"), net.features());
        assertEquals(List.of("no", "yes"), net.classes());
        assertTrue(net.softmax());
        assertEquals(3, net.layers().size());

        // x = [3, 1]: hidden = relu([3 - 1 + 0.5, 6 + 0.5 - 1]) = [2.5, 5.5]
        // logits = [2.5 + 5.5 + 0, -2.5 + 11 + 1] = [8, 9.5]
        assertArrayEquals(new double[] {8, 9.5}, net.forward(new double[] {3, 1}), 0);
        // probabilities = [1, e^1.5] / (1 + e^1.5)
        double e = Math.exp(1.5);
        assertArrayEquals(new double[] {1 / (1 + e), e / (1 + e)}, net.probabilities(new double[] {3, 1}), 1e-15);

        // x = [-1, 2]: hidden = relu([-1 - 2 + 0.5, -2 + 1 - 1]) = relu([-2.5, -2]) = [0, 0]
        // logits = the output bias [0, 1]
        assertArrayEquals(new double[] {0, 1}, net.forward(new double[] {-1, 2}), 0);
    }

    @Test
    void smallConvolutionNetworkComputesTheHandValues() {
        Network net = ModelJson.parse("""
                {"format": "re3-model/1", "inputShape": [1, 3, 3], "layers": [
                  {"type": "conv2d", "weight": [[[[1, 0], [0, -1]]]], "bias": [0], "stride": [1, 1], "padding": [0, 0]},
                  {"type": "relu"},
                  {"type": "maxpool2d", "kernel": [2, 2]},
                  {"type": "flatten"},
                  {"type": "dense", "weight": [[3], [-1]], "bias": [0.5, 0]}
                ]}
                """);
        // x = [[1, 2, 0], [4, -1, 3], [0, 5, 2]]; the filter computes y[r][c] = x[r][c] - x[r+1][c+1]:
        // y = [[1 - (-1), 2 - 3], [4 - 5, -1 - 2]] = [[2, -1], [-1, -3]]; relu gives [[2, 0], [0, 0]];
        // the 2x2 max pool gives [2]; the dense layer gives [3 * 2 + 0.5, -1 * 2] = [6.5, -2].
        double[] x = {1, 2, 0, 4, -1, 3, 0, 5, 2};
        assertArrayEquals(new double[] {6.5, -2}, net.forward(x), 0);
    }

    @Test
    void paddedAveragesWithAndWithoutThePaddingInTheDivisor() {
        String layers = "{\"format\": \"re3-model/1\", \"inputShape\": [1, 3, 3], \"layers\": ["
                + "{\"type\": \"avgpool2d\", \"kernel\": [3, 3], \"stride\": [1, 1], \"padding\": [1, 1]%s},"
                + "{\"type\": \"flatten\"}]}";
        // x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]; each 3x3 window around a position, padding as zeros
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[] sums = {1 + 2 + 4 + 5, 1 + 2 + 3 + 4 + 5 + 6, 2 + 3 + 5 + 6, 1 + 2 + 4 + 5 + 7 + 8, 45,
            2 + 3 + 5 + 6 + 8 + 9, 4 + 5 + 7 + 8, 4 + 5 + 6 + 7 + 8 + 9, 5 + 6 + 8 + 9};
        // counted padding: every window divides by 9; left out: corners by 4, edges by 6, the centre by 9
        double[] counted = new double[9];
        double[] real = new double[9];
        double[] inside = {4, 6, 4, 6, 9, 6, 4, 6, 4};
        for (int i = 0; i < 9; i++) {
            counted[i] = sums[i] / 9;
            real[i] = sums[i] / inside[i];
        }
        assertArrayEquals(counted, ModelJson.parse(String.format(layers, "")).forward(x), 1e-15);
        assertArrayEquals(counted, ModelJson.parse(String.format(layers, ", \"countPadding\": true")).forward(x), 1e-15);
        assertArrayEquals(new double[] {3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7},
                ModelJson.parse(String.format(layers, ", \"countPadding\": false")).forward(x), 1e-15);
        assertArrayEquals(real, ModelJson.parse(String.format(layers, ", \"countPadding\": false")).forward(x), 1e-15);
    }

    @Test
    void residualBranchesAreAdded() {
        Network net = ModelJson.parse("""
                {"format": "re3-model/1", "inputShape": [2], "layers": [
                  {"type": "residual", "branches": [
                    [],
                    [{"type": "dense", "weight": [[2, 0], [0, -1]], "bias": [1, 0]}, {"type": "relu"}]
                  ]},
                  {"type": "batchnorm", "gamma": [2, 1], "beta": [0, 1], "mean": [1, 0], "var": [3.99999, 0.99999],
                   "eps": 1e-5},
                  {"type": "leaky_relu", "alpha": 0.5},
                  {"type": "dense", "weight": [[1, 1]], "bias": [0]}
                ]}
                """);
        // x = [1, 3]: branch = relu([2 + 1, -3]) = [3, 0]; sum with the identity = [4, 3]
        // batchnorm: sqrt(var + eps) = [2, 1] so [2 (4 - 1) / 2 + 0, 1 (3 - 0) / 1 + 1] = [3, 4]
        // leaky relu keeps positives; dense sums: 7
        assertArrayEquals(new double[] {7}, net.forward(new double[] {1, 3}), 1e-12);
        // x = [-3, 1]: branch = relu([-5, -1]) = [0, 0]; sum = [-3, 1]; batchnorm = [-4, 2];
        // leaky relu = [-2, 2]; dense: 0
        assertArrayEquals(new double[] {0}, net.forward(new double[] {-3, 1}), 1e-12);
    }

    /** The example in the README's model format section parses and gives the logits stated there. */
    @Test
    void documentedExampleParses() throws Exception {
        String doc = Files.readString(Path.of("README.md"));
        int start = doc.indexOf("```json\n", doc.indexOf("## The JSON model format")) + "```json\n".length();
        String json = doc.substring(start, doc.indexOf("```", start));
        Network net = ModelJson.parse(json);
        assertEquals(List.of("setosa", "versicolor", "virginica"), net.classes());
        assertTrue(net.softmax());
        assertArrayEquals(new double[] {4.2, 1.5, -2.0}, net.forward(new double[] {5.1, 3.5, 1.4, 0.2}), 1e-12);
        assertEquals(Map.of("dataset", "iris", "seed", 7, "epochs", 200), ModelJson.parseProvenance(json));
        assertEquals(net, ModelJson.parse(ModelJson.toJson(net)));
    }
}
