package dev.re3.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code re3 demo} trains, explains, prints the tables and writes the model and the report. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoWritesTheReportAndTheModel() throws Exception {
        Cli.Result r = Cli.run("demo", "--out", dir.toString(), "--seed", "7");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("105 training and 45 test inputs"), r.out());
        assertTrue(r.out().contains("top feature (contribution)"), r.out());
        assertTrue(r.out().contains("dataset summary"), r.out());
        assertTrue(r.out().contains("mean region purity"), r.out());
        assertTrue(r.out().contains("dead units"), r.out());
        assertEquals(45, r.out().lines().filter(l -> l.matches("\\s+\\d+\\s+(setosa|versicolor|virginica)\\s.*")).count(),
                r.out());

        Path model = dir.resolve("iris-model.json");
        Path report = dir.resolve("report.html");
        assertTrue(r.out().contains("wrote " + model), r.out());
        assertTrue(r.out().contains("wrote " + report), r.out());
        Network net = ModelJson.read(model);
        assertEquals(List.of("setosa", "versicolor", "virginica"), net.classes());
        assertEquals(8, net.reluSites().get(0).units());
        assertTrue(net.standardize().isPresent(), "the model starts with its standardize layer");
        assertFalse(ModelJson.readProvenance(model).containsKey(Model.STANDARDIZER), "recorded once, as a layer");

        String html = Files.readString(report);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        for (String part : List.of("<svg", "Dataset summary", "Hidden layers", "Global feature importance", "Regions",
                "Example explanations", "The equation for every class", "Provenance", "petal_length_cm")) {
            assertTrue(html.contains(part), "report lacks " + part);
        }
        assertTrue(html.split("<table>", -1).length > 6, "report has too few tables");
        assertTrue(!html.contains("<script") && !html.contains("src=") && !html.contains("href="),
                "report must be self-contained");
    }
}
