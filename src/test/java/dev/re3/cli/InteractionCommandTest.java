package dev.re3.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.data.Dataset;
import dev.re3.data.Datasets;
import dev.re3.interaction.InteractionBasis;
import dev.re3.interaction.LibResult;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code re3 interaction} prints what the library gives on the same standardised rows. */
class InteractionCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheLibraryEdgesNeededAndModularity() {
        Path model = Cli.smallModel(dir);
        Network net = ModelJson.read(model).withoutStandardize();   // the command works on standardised rows
        Dataset iris = Datasets.byName("iris", 120);
        double[] mean = {5.8, 3.0, 3.8, 1.2};
        double[] std = {0.8, 0.4, 1.8, 0.8};
        double[][] xs = new double[iris.size()][4];
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < 4; j++) {
                xs[i][j] = (iris.x(i)[j] - mean[j]) / std[j];
            }
        }
        LibResult lib = InteractionBasis.of(net).fit(xs);
        LibResult pca = InteractionBasis.of(net).optPca(true).fit(xs);
        List<String> want = InteractionCommand.lines(lib, pca, lib.graph(xs), pca.graph(xs), xs, iris.labels(), 0.01, 3,
                iris.name() + ", 120 rows");
        Cli.Result r = Cli.run("interaction", "--model", model.toString(), "--data", "iris", "--limit", "120", "--tolerance",
                "0.01", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        assertEquals(String.join("\n", want), r.out().strip());
        // two sections and the whole graph
        assertEquals(5, want.size());
        assertTrue(want.get(2).startsWith("input -> 1.relu"), want.get(2));
        int needed = lib.edgesNeeded(lib.graph(xs), 1, xs, iris.labels(), 0.01);
        assertTrue(want.get(3).matches("1\\.relu -> output\\s+12\\s+" + needed + "\\s.*"), want.get(3));
    }

    @Test
    void aDatasetOfTheWrongWidthIsNamed() {
        Path model = Cli.smallModel(dir);
        Cli.Result r = Cli.run("interaction", "--model", model.toString(), "--data", "wine", "--limit", "20");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("expected rows of 4 inputs for this model, got 13"), r.err());
    }
}
