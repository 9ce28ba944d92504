package dev.re3.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.codec.ContributionResult;
import dev.re3.codec.Contributions;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code re3 contributions} and {@code re3 sites} against the library on the same standardised inputs. */
class ContributionsCommandTest {
    @TempDir
    Path dir;

    private static final double[][] RAW = {{5.1, 3.5, 1.4, 0.2}, {6.2, 2.9, 4.3, 1.3}, {7.7, 3.0, 6.1, 2.3}};

    private Path data() throws Exception {
        Path p = dir.resolve("x.csv");
        Files.writeString(p, "5.1,3.5,1.4,0.2\n6.2,2.9,4.3,1.3\n7.7,3.0,6.1,2.3\n");
        return p;
    }

    private static double[][] standardised() {
        double[] mean = {5.8, 3.0, 3.8, 1.2};
        double[] std = {0.8, 0.4, 1.8, 0.8};
        double[][] z = new double[RAW.length][4];
        for (int i = 0; i < RAW.length; i++) {
            for (int j = 0; j < 4; j++) {
                z[i][j] = (RAW[i][j] - mean[j]) / std[j];
            }
        }
        return z;
    }

    @Test
    void jsonLinesEqualTheLibraryForEachMethod() throws Exception {
        Path model = Cli.smallModel(dir);
        Network net = ModelJson.read(model).withoutStandardize();   // the network as trained: the CLI's site names
        String[][] runs = {{"--method", "activation-x-gradient"}, {"--method", "integrated-gradients", "--steps", "7"},
                {"--method", "integrated-gradients", "--steps", "exact"}};
        Contributions lib = Contributions.of(net, standardised()).at("1.relu");
        ContributionResult[] expected = {lib.activationTimesGradient(), lib.integrated(7), lib.exact()};
        ObjectMapper mapper = new ObjectMapper();
        for (int k = 0; k < runs.length; k++) {
            String[] args = new String[6 + runs[k].length];
            System.arraycopy(new String[] {"contributions", "--model", model.toString(), "--data", data().toString(),
                    "--site"}, 0, args, 0, 6);
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args).limit(6),
                    java.util.stream.Stream.concat(java.util.stream.Stream.of("1.relu"), java.util.Arrays.stream(runs[k])))
                    .toArray(String[]::new);
            Cli.Result r = Cli.run(all);
            assertEquals(0, r.code(), r.err());
            String[] lines = r.out().strip().split("\n");
            assertEquals(3, lines.length);
            for (int i = 0; i < 3; i++) {
                JsonNode o = mapper.readTree(lines[i]);
                assertEquals("1.relu", o.get("site").asText());
                assertEquals(expected[k].targetClasses()[i], o.get("target").asInt());
                double sum = o.get("offset").asDouble();
                for (int u = 0; u < 3; u++) {
                    assertEquals(expected[k].values(i)[u], o.get("contributions").get(u).asDouble(), 0);
                    sum += o.get("contributions").get(u).asDouble();
                }
                assertEquals(expected[k].completenessDeltas()[i], o.get("completenessDelta").asDouble(), 0);
                if (k != 1) {
                    assertEquals(o.get("targetValue").asDouble(), sum, 1e-9);
                }
            }
        }
    }

    @Test
    void csvHasAHeaderAndOneRowPerInput() throws Exception {
        Path model = Cli.smallModel(dir);
        Cli.Result r = Cli.run("contributions", "--model", model.toString(), "--data", data().toString(), "--site", "1.relu",
                "--target", "virginica", "--reduce", "sign-split", "--format", "csv");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(4, lines.length);
        assertTrue(lines[0].startsWith("index,target,targetValue,offset,completenessDelta,1.relu/neg 0"), lines[0]);
        assertEquals(5 + 6, lines[1].split(",").length);
        assertEquals("2", lines[1].split(",")[1]);
    }

    @Test
    void sitesAreListedWithShapes() throws Exception {
        Cli.Result r = Cli.run("sites", "--model", Cli.smallModel(dir).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("0.dense") && r.out().contains("[4]") && r.out().contains("1.relu"), r.out());
        assertTrue(r.out().contains("contributions"), r.out());
    }

    /** A site inside a nested residual branch is listed and taken by --site; its contributions are complete. */
    @Test
    void branchSitesAreListedAndTaken() throws Exception {
        Network net = dev.re3.fixtures.RandomNetworks.nestedResidual(5);
        Path model = dir.resolve("nested.json");
        ModelJson.write(net, model);
        Path x = dir.resolve("x5.csv");
        Files.writeString(x, "0.5,-1,0.25,2,-0.75\n-1.5,0.5,1,0,0.3\n");
        String site = "2.residual.1.2.residual.1.1.leaky_relu";
        Cli.Result r = Cli.run("sites", "--model", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(site) && r.out().contains("re3 contributions --site"), r.out());
        r = Cli.run("contributions", "--model", model.toString(), "--data", x.toString(), "--site", site);
        assertEquals(0, r.code(), r.err());
        ContributionResult expected = Contributions.of(net, new double[][] {{0.5, -1, 0.25, 2, -0.75},
            {-1.5, 0.5, 1, 0, 0.3}}).at(site).activationTimesGradient();
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length);
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < 2; i++) {
            JsonNode o = mapper.readTree(lines[i]);
            assertEquals(site, o.get("site").asText());
            assertEquals(expected.offsets()[i], o.get("offset").asDouble(), 0);
            assertTrue(Math.abs(o.get("completenessDelta").asDouble()) < 1e-9, lines[i]);
        }
    }

    @Test
    void badInputGetsClearErrors() throws Exception {
        String model = Cli.smallModel(dir).toString();
        String x = data().toString();
        Cli.Result r = Cli.run("contributions", "--model", model, "--data", x, "--site", "7.relu");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no site named '7.relu'") && r.err().contains("0.dense"), r.err());
        r = Cli.run("contributions", "--model", model, "--data", x, "--site", "1.relu", "--method", "integrated-gradients",
                "--steps", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("expected a number of steps of 1 or more, or exact, got '0'"), r.err());
        r = Cli.run("contributions", "--model", model, "--data", x, "--site", "1.relu", "--reduce", "spatial-sum");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("expected an image site"), r.err());
        r = Cli.run("contributions", "--model", model, "--data", x, "--site", "1.relu", "--target", "7");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("or an index 0..2, got '7'"), r.err());
    }
}
