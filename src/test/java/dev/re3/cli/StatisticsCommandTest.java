package dev.re3.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.codec.Contributions;
import dev.re3.codec.LayerStatistics;
import dev.re3.codec.Target;
import dev.re3.data.Dataset;
import dev.re3.data.Datasets;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code re3 statistics} prints the library's layer statistics of the same standardised inputs. */
class StatisticsCommandTest {
    @TempDir
    Path dir;

    private static final double[] MEAN = {5.8, 3.0, 3.8, 1.2};
    private static final double[] STD = {0.8, 0.4, 1.8, 0.8};
    private static final double[][] RAW = {{5.1, 3.5, 1.4, 0.2}, {4.9, 3.0, 1.4, 0.2}, {6.2, 2.9, 4.3, 1.3},
        {5.7, 2.8, 4.1, 1.3}, {7.7, 3.0, 6.1, 2.3}, {6.3, 2.5, 5.0, 1.9}};
    private static final String[] SPECIES = {"setosa", "setosa", "versicolor", "1", "virginica", "2"};
    private static final int[] LABELS = {0, 0, 1, 1, 2, 2};

    private static double[][] standardised(double[][] raw) {
        double[][] z = new double[raw.length][4];
        for (int i = 0; i < raw.length; i++) {
            for (int j = 0; j < 4; j++) {
                z[i][j] = (raw[i][j] - MEAN[j]) / STD[j];
            }
        }
        return z;
    }

    /** The six flowers with a header, the label column between the inputs. */
    private Path labelled() throws Exception {
        StringBuilder s = new StringBuilder("sepal_length_cm,sepal_width_cm,species,petal_length_cm,petal_width_cm\n");
        for (int i = 0; i < RAW.length; i++) {
            s.append(RAW[i][0]).append(',').append(RAW[i][1]).append(',').append(SPECIES[i]).append(',').append(RAW[i][2])
                    .append(',').append(RAW[i][3]).append('\n');
        }
        Path p = dir.resolve("flowers.csv");
        Files.writeString(p, s);
        return p;
    }

    private static void assertRowsEqual(LayerStatistics want, String jsonLines, String classesFrom, int inputs)
            throws Exception {
        String[] lines = jsonLines.strip().split("\n");
        assertEquals(want.layers().size(), lines.length, jsonLines);
        for (int k = 0; k < lines.length; k++) {
            LayerStatistics.Layer l = want.layers().get(k);
            JsonNode o = new ObjectMapper().readTree(lines[k]);
            assertEquals(l.site(), o.get("site").asText());
            assertEquals(l.method(), o.get("method").asText());
            assertEquals(inputs, o.get("inputs").asInt());
            assertEquals(classesFrom, o.get("classesFrom").asText());
            assertEquals(l.width(), o.get("values").asInt());
            assertEquals(l.components95(), o.get("components95Contributions").asInt());
            assertEquals(l.components95Activations(), o.get("components95Activations").asInt());
            double[] want8 = {l.meanHoyer(), l.meanHoyerActivations(), l.participationRatio(),
                l.participationRatioActivations(), l.meanDecorrelation()};
            String[] keys = {"hoyerContributions", "hoyerActivations", "participationContributions",
                "participationActivations", "decorrelation"};
            for (int j = 0; j < keys.length; j++) {
                if (Double.isNaN(want8[j])) {
                    assertTrue(o.get(keys[j]).isNull(), keys[j] + " of " + l.site() + ": " + lines[k]);
                } else {
                    assertEquals(want8[j], o.get(keys[j]).asDouble(), 0, keys[j] + " of " + l.site());
                }
            }
        }
    }

    @Test
    void aShippedDatasetGivesTheLibraryStatisticsByLabel() throws Exception {
        Path model = Cli.smallModel(dir);
        Network net = ModelJson.read(model).withoutStandardize();   // the CLI's site names are the network's as trained
        Dataset iris = Datasets.byName("iris", 150);
        Dataset z = Dataset.of("iris", iris.features(), iris.classes(), standardised(iris.x()), iris.labels());
        List<String> sites = Contributions.topLevelSites(net);
        LayerStatistics want = Contributions.of(net, z).statistics(sites, c -> c.integrated(7));
        Cli.Result r = Cli.run("statistics", "--model", model.toString(), "--dataset", "iris", "--method",
                "integrated-gradients", "--steps", "7", "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertRowsEqual(want, r.out(), "labels", 150);
        assertTrue(r.out().contains("\"classes\":3"), r.out());
        // with --target a class, the labels still group the inputs
        LayerStatistics virginica = Contributions.of(net, z).optTarget(Target.logit(2))
                .statistics(List.of("1.relu"), Contributions::activationTimesGradient);
        r = Cli.run("statistics", "--model", model.toString(), "--dataset", "iris", "--sites", "1.relu", "--target",
                "virginica", "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertRowsEqual(virginica, r.out(), "labels", 150);
    }

    @Test
    void aCsvGroupsByItsLabelColumnOrByTheTargetClasses() throws Exception {
        Path model = Cli.smallModel(dir);
        Network net = ModelJson.read(model).withoutStandardize();
        double[][] z = standardised(RAW);
        List<String> sites = List.of("1.relu", "0.dense");
        LayerStatistics byLabel = Contributions.of(net, Dataset.of("flowers", net.features(), net.classes(), z, LABELS))
                .statistics(sites, Contributions::exact);
        Cli.Result r = Cli.run("statistics", "--model", model.toString(), "--data", labelled().toString(), "--labels",
                "species", "--sites", "1.relu,0.dense", "--method", "integrated-gradients", "--steps", "exact",
                "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertRowsEqual(byLabel, r.out(), "labels", 6);
        LayerStatistics byTarget = Contributions.of(net, z).statistics(sites, Contributions::activationTimesGradient);
        r = Cli.run("statistics", "--model", model.toString(), "--data", labelled().toString(), "--sites",
                "1.relu,0.dense", "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertRowsEqual(byTarget, r.out(), "targetClasses", 6);

        // csv and table: the same figures, one row per site
        r = Cli.run("statistics", "--model", model.toString(), "--data", labelled().toString(), "--sites",
                "1.relu,0.dense", "--format", "csv");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length, r.out());
        assertEquals("site,method,inputs,classes,classesFrom,values,hoyerContributions,hoyerActivations,"
                + "components95Contributions,components95Activations,participationContributions,"
                + "participationActivations,decorrelation", lines[0]);
        LayerStatistics.Layer relu = byTarget.layers().get(0);
        String[] f = lines[1].split(",");
        assertEquals("1.relu", f[0]);
        assertEquals(relu.meanHoyer(), Double.parseDouble(f[6]), 0);
        assertEquals(relu.participationRatioActivations(), Double.parseDouble(f[11]), 0);
        r = Cli.run("statistics", "--model", model.toString(), "--data", labelled().toString(), "--sites", "1.relu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(TableText.num(relu.meanHoyer()) + " (" + TableText.num(relu.meanHoyerActivations())
                + ")"), r.out());
        assertTrue(r.out().startsWith("layer statistics of 6 inputs (activation x gradient)"), r.out());
    }

    @Test
    void badInputGetsClearErrors() throws Exception {
        String model = Cli.smallModel(dir).toString();
        String x = labelled().toString();
        Cli.Result r = Cli.run("statistics", "--model", model, "--data", x, "--sites", "1.relu,7.relu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no site named '7.relu'; expected all or sites separated by commas from"
                + " 0.dense, 1.relu, 2.dense"), r.err());
        r = Cli.run("statistics", "--model", model, "--data", x, "--sites", "1.relu,1.relu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("site 1.relu is given twice"), r.err());
        r = Cli.run("statistics", "--model", model, "--data", x, "--method", "integrated-gradients", "--steps", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("expected a number of steps of 1 or more, or exact, got '0'"), r.err());
        r = Cli.run("statistics", "--model", model, "--data", x, "--steps", "5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("only for --method integrated-gradients"), r.err());
        r = Cli.run("statistics", "--model", model, "--data", x, "--format", "xml");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("option --format: expected one of table, json, csv, got 'xml'"), r.err());
        r = Cli.run("statistics", "--model", model, "--data", x, "--target", "virginica");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("the class means need labels: give --labels COLUMN"), r.err());
        r = Cli.run("statistics", "--model", model, "--data", x, "--labels", "kind");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("has no column named 'kind'; its columns are sepal_length_cm, sepal_width_cm,"
                + " species"), r.err());
        Files.writeString(dir.resolve("flowers.csv"), Files.readString(dir.resolve("flowers.csv")).replace("virginica",
                "rose"));
        r = Cli.run("statistics", "--model", model, "--data", x, "--labels", "species");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("row 5 (line 6), column 3 (species): expected a class name (setosa, versicolor,"
                + " virginica) or an index 0..2, got 'rose'"), r.err());
        r = Cli.run("statistics", "--model", model, "--data", x, "--dataset", "iris");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("expected exactly one of --data and --dataset, got both"), r.err());
        r = Cli.run("statistics", "--model", model, "--dataset", "wine");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--dataset wine: expected rows of 4 inputs for this model, got 13"), r.err());
        r = Cli.run("statistics", "--model", model, "--dataset", "iris", "--labels", "species");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("option --labels: applies to --data X.csv, not to --dataset"), r.err());
    }
}
