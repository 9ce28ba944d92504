package dev.re3.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.net.Layer;
import dev.re3.net.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkTrainerTest {
    static final List<String> FEATURES = List.of("sepal length", "sepal width", "petal length", "petal width");
    static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");

    /** Iris from the project's datasets: a header line, then four measurements and a class index per line. */
    record Iris(double[][] x, int[] y) {
        static Iris load() throws IOException {
            List<String> lines = Files.readAllLines(Path.of("datasets/iris/iris.csv"));
            int n = lines.size() - 1;
            double[][] x = new double[n][4];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                String[] f = lines.get(i + 1).split(",");
                for (int j = 0; j < 4; j++) {
                    x[i][j] = Double.parseDouble(f[j]);
                }
                y[i] = Integer.parseInt(f[4].trim());
            }
            return new Iris(x, y);
        }
    }

    static NetworkTrainer iris(long seed) {
        return NetworkTrainer.mlp(4, new int[] {8}, 3).optSeed(seed).optEpochs(40).optBatchSize(32)
                .optLearningRate(0.05).optFeatures(FEATURES).optClasses(SPECIES);
    }

    @Test
    void irisMlpFitsAndIsDeterministicForASeed() throws IOException {
        Iris iris = Iris.load();
        TrainedNetwork first = iris(7).fit(iris.x(), iris.y());
        assertTrue(first.trainAccuracy() > 0.9, "train accuracy " + first.trainAccuracy());
        assertEquals(first.trainAccuracy(), NetworkTrainer.evaluate(first.network(), iris.x(), iris.y()), 0.02);
        assertTrue(first.trainLoss() < first.epochLosses().get(0), first.epochLosses().toString());
        Network net = first.network();
        assertTrue(net.softmax());
        assertEquals(FEATURES, net.features());
        assertEquals(SPECIES, net.classes());
        assertEquals(List.of("dense", "relu", "dense"), net.layers().stream().map(Layer::type).toList());
        assertEquals(7L, first.provenance().get("seed"));
        assertEquals(150, first.provenance().get("datasetSize"));
        assertEquals("0.35.1", first.provenance().get("djlVersion"));
        assertEquals("mlp 4-8-3", first.settings().get("architecture"));

        TrainedNetwork again = iris(7).fit(iris.x(), iris.y());
        assertEquals(first.network(), again.network(), "same seed, same network, bit for bit");
        assertEquals(first, again);
        TrainedNetwork other = iris(8).optEpochs(1).fit(iris.x(), iris.y());
        assertNotEquals(first.network(), other.network());
    }

    @Test
    void smallCnnTrainsAndImportsWithItsPools() {
        Random r = new Random(3);
        double[][] x = new double[64][64];
        int[] y = new int[64];
        for (int i = 0; i < x.length; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 64; j++) {
                x[i][j] = (j % 8 < 4) == (y[i] == 0) ? 1 + 0.1 * r.nextGaussian() : 0.1 * r.nextGaussian();
            }
        }
        TrainedNetwork t = NetworkTrainer.cnn(new int[] {1, 8, 8}, 2).optEpochs(3).optBatchSize(16).optLearningRate(0.01)
                .fit(x, y);
        assertEquals(List.of("conv2d", "relu", "maxpool2d", "conv2d", "relu", "maxpool2d", "flatten", "dense"),
                t.network().layers().stream().map(Layer::type).toList());
        assertEquals(2, t.network().outputSize());
        assertEquals(t.trainAccuracy(), NetworkTrainer.evaluate(t.network(), x, y), 0.05);
    }

    @Test
    void paperMlpArchitecturesBuild() throws IOException {
        Iris iris = Iris.load();
        for (int[] hidden : new int[][] {{8, 4}, {16, 8, 4}}) {
            Network net = NetworkTrainer.mlp(4, hidden, 3).optEpochs(1).optOptimizer(NetworkTrainer.OptimizerType.SGD)
                    .fit(iris.x(), iris.y()).network();
            assertEquals(2 * hidden.length + 1, net.layers().size());
            assertEquals(hidden.length, net.reluSites().size());
        }
    }

    @Test
    void settingsAndDataAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> NetworkTrainer.mlp(4, new int[] {0}, 3));
        assertThrows(IllegalArgumentException.class, () -> NetworkTrainer.cnn(new int[] {28, 28}, 10));
        assertThrows(IllegalArgumentException.class, () -> NetworkTrainer.mlp(4, new int[] {8}, 1));
        assertThrows(IllegalArgumentException.class, () -> NetworkTrainer.mlp(4, new int[] {8}, 3).optEpochs(0));
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> NetworkTrainer.mlp(2, new int[] {2}, 2).fit(new double[][] {{1, 2}}, new int[] {2}));
        assertTrue(label.getMessage().contains("[0, 2)"), label.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> NetworkTrainer.mlp(2, new int[] {2}, 2).fit(new double[][] {{1, 2, 3}}, new int[] {0}));
        assertTrue(width.getMessage().contains("expected 2 values, got 3"), width.getMessage());
    }
}
