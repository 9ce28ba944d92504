package dev.re3.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.Re3;
import dev.re3.data.Datasets;
import dev.re3.sae.SaeFile;
import dev.re3.sae.SaeMetrics;
import dev.re3.sae.SparseAutoencoder;
import dev.re3.sae.SpliceResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code re3 sae train|eval|encode}: the printed values are the library's on the same file and rows. */
class SaeCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private double[][] rows() {
        Random r = new Random(3);
        double[][] x = new double[300][6];
        for (double[] row : x) {
            row[r.nextInt(6)] = 1 + r.nextDouble();
            row[r.nextInt(6)] += 0.5;
        }
        return x;
    }

    private Path csv(double[][] x, boolean header) throws Exception {
        StringBuilder s = new StringBuilder(header ? "a,b,c,d,e,f\n" : "");
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                s.append(j == 0 ? "" : ",").append(row[j]);
            }
            s.append('\n');
        }
        Path p = dir.resolve(header ? "with-header.csv" : "x.csv");
        Files.writeString(p, s);
        return p;
    }

    private Cli.Result train(Path data, Path out, String... more) {
        String[] base = {"sae", "train", "--data", data.toString(), "--kind", "topk", "--latents", "12", "--k", "2",
            "--seed", "11", "--epochs", "3", "--batch-size", "64", "--out", out.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return Cli.run(all);
    }

    @Test
    void trainEvalAndEncodeGiveTheLibraryValues() throws Exception {
        double[][] x = rows();
        Path data = csv(x, false);
        Path file = dir.resolve("sae.json");
        Cli.Result t = train(data, file);
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("topk SAE, 12 latents") && t.out().contains("wrote " + file), t.out());
        SparseAutoencoder sae = SaeFile.read(file);
        assertEquals(11, SaeFile.readProvenance(file).get("seed").intValue());

        Cli.Result e = Cli.run("sae", "eval", "--sae", file.toString(), "--data", data.toString(), "--format", "json");
        assertEquals(0, e.code(), e.err());
        JsonNode m = MAPPER.readTree(e.out());
        SaeMetrics expected = SaeMetrics.of(sae, x);
        assertEquals(expected.mse(), m.get("mse").doubleValue(), 0);
        assertEquals(expected.fvu(), m.get("fvu").doubleValue(), 0);
        assertEquals(expected.l0(), m.get("l0").doubleValue(), 0);
        assertEquals(expected.deadFraction(), m.get("deadFraction").doubleValue(), 0);
        Cli.Result table = Cli.run("sae", "eval", "--sae", file.toString(), "--data", data.toString());
        assertTrue(table.out().contains("fvu") && table.out().contains("deadFraction"), table.out());

        Cli.Result c = Cli.run("sae", "encode", "--sae", file.toString(), "--data", csv(x, true).toString(), "--format", "json");
        assertEquals(0, c.code(), c.err());
        String[] lines = c.out().split("\n");
        assertEquals(x.length, lines.length);
        for (int i = 0; i < x.length; i += 37) {
            JsonNode o = MAPPER.readTree(lines[i]);
            assertEquals(i, o.get("index").intValue());
            double[] codes = MAPPER.treeToValue(o.get("codes"), double[].class);
            assertArrayEquals(sae.encode(x[i]), codes, 0);
        }

        Cli.Result table2 = Cli.run("sae", "encode", "--sae", file.toString(), "--data", data.toString(), "--format", "csv");
        assertEquals(0, table2.code(), table2.err());
        String[] csvLines = table2.out().split("\n");
        assertEquals(x.length + 1, csvLines.length);
        assertEquals("index,f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,f11", csvLines[0]);
        for (int i = 0; i < x.length; i += 29) {
            String[] f = csvLines[i + 1].split(",");
            assertEquals(String.valueOf(i), f[0]);
            double[] codes = java.util.Arrays.stream(f, 1, f.length).mapToDouble(Double::parseDouble).toArray();
            assertArrayEquals(sae.encode(x[i]), codes, 0);
        }
    }

    @Test
    void theSameSeedWritesTheSameFile() throws Exception {
        Path data = csv(rows(), false);
        assertEquals(0, train(data, dir.resolve("a.json")).code());
        assertEquals(0, train(data, dir.resolve("b.json")).code());
        assertEquals(Files.readString(dir.resolve("a.json")), Files.readString(dir.resolve("b.json")));
    }

    @Test
    void activationsAtASiteAndSpliceMetrics() throws Exception {
        Path model = Cli.smallModel(dir);
        Path file = dir.resolve("site.json");
        Cli.Result t = Cli.run("sae", "train", "--model", model.toString(), "--site", "1.relu", "--dataset", "iris",
                "--kind", "relu", "--latents", "6", "--coefficient", "0.01", "--seed", "2", "--epochs", "20",
                "--batch-size", "32", "--out", file.toString());
        assertEquals(0, t.code(), t.err());
        Cli.Result e = Cli.run("sae", "eval", "--sae", file.toString(), "--model", model.toString(), "--site", "1.relu",
                "--dataset", "iris", "--format", "json");
        assertEquals(0, e.code(), e.err());
        JsonNode m = MAPPER.readTree(e.out());
        // the library on raw rows: the model's standardize layer comes first, so its site is 2.relu there
        SpliceResult r = Re3.load(model).activations(Datasets.iris()).splice("2.relu", SaeFile.read(file));
        assertEquals(r.fractionRecovered(), m.get("fractionRecovered").doubleValue(), 1e-9);
        assertEquals(r.kl(), m.get("kl").doubleValue(), 1e-9);
        assertEquals(r.reconstruction().fvu(), m.get("fvu").doubleValue(), 1e-9);
        assertEquals(r.accuracySpliced(), m.get("accuracySpliced").doubleValue(), 0);
    }

    @Test
    void anSaeWithNoLiveLatentIsReported() throws Exception {
        Path model = Cli.smallModel(dir);
        Cli.Result t = Cli.run("sae", "train", "--model", model.toString(), "--site", "1.relu", "--dataset", "iris",
                "--kind", "codec", "--latents", "4", "--seed", "1", "--epochs", "2", "--batch-size", "16",
                "--out", dir.resolve("codec.json").toString());
        assertEquals(0, t.code(), t.err());
        // 4 latents on 3 ReLU units, two epochs: no code reaches CODEC's threshold of 0.8
        assertTrue(t.out().contains("dead 1.000"), t.out());
        assertTrue(t.err().contains("warning: no latent fires") && t.err().contains("code threshold"), t.err());
    }

    @Test
    void auxKKeepsCodecLatentsAlive() throws Exception {
        Path model = Cli.smallModel(dir);
        Path with = dir.resolve("auxk.json");
        String[] common = {"sae", "train", "--model", model.toString(), "--site", "1.relu", "--dataset", "iris",
                "--kind", "codec", "--latents", "4", "--seed", "1", "--epochs", "30", "--batch-size", "16",
                "--dead-steps", "5"};
        Cli.Result off = Cli.run(concat(common, "--out", dir.resolve("published.json").toString()));
        Cli.Result on = Cli.run(concat(common, "--aux-k", "--out", with.toString()));
        assertEquals(0, off.code(), off.err());
        assertEquals(0, on.code(), on.err());
        // measured: every latent dead and FVU 2.04 without; one of 4 alive and FVU 0.86 with
        assertTrue(off.out().contains("dead 1.000") && off.err().contains("--aux-k"), off.out() + off.err());
        assertTrue(!on.out().contains("dead 1.000") && !on.err().contains("warning"), on.out() + on.err());
        assertTrue(fvu(on.out()) < fvu(off.out()) - 0.5, on.out() + off.out());
        JsonNode p = SaeFile.readProvenance(with);
        assertTrue(p.get("auxK").booleanValue() && p.get("deadSteps").intValue() == 5, p.toString());
        assertTrue(fails(2, "sae", "train", "--data", model.toString(), "--kind", "topk", "--latents", "4", "--k", "1",
                "--aux-k", "--out", with.toString()).err().contains("option --aux-k: only for --kind codec"));
    }

    private static double fvu(String out) {
        int at = out.indexOf("FVU ") + 4;
        return Double.parseDouble(out.substring(at, out.indexOf(',', at)));
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private Cli.Result fails(int code, String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(code, r.code(), r.out() + r.err());
        return r;
    }

    @Test
    void badInputSaysWhatWasExpected() throws Exception {
        Path out = dir.resolve("never.json");
        Path nan = dir.resolve("nan.csv");
        Files.writeString(nan, "1,2\n3,NaN\n");
        assertTrue(train(nan, out).err().contains("row 2 (line 2), column 2 (x1): expected a finite number, got 'NaN'"),
                train(nan, out).err());
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        assertTrue(fails(1, "sae", "train", "--data", empty.toString(), "--kind", "topk", "--latents", "4", "--k", "1",
                "--out", out.toString()).err().contains(empty + ": expected at least one row of numbers, got an empty file"));
        Path headerOnly = dir.resolve("header.csv");
        Files.writeString(headerOnly, "a,b\n");
        assertTrue(fails(1, "sae", "train", "--data", headerOnly.toString(), "--kind", "topk", "--latents", "4", "--k", "1",
                "--out", out.toString()).err().contains("expected at least one row of numbers, got a header and no rows"));
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "1,2,3\n4,5\n");
        assertTrue(train(ragged, out).err().contains("row 2 (line 2): expected 3 values"), train(ragged, out).err());
        Path data = csv(rows(), false);
        assertTrue(fails(1, "sae", "train", "--data", data.toString(), "--kind", "topk", "--latents", "12", "--k", "13",
                "--out", out.toString()).err().contains("1 <= k <= latents (12), given 13"));
        assertTrue(train(data, out, "--learning-rate", "0").err().contains("learning rate: expected a finite positive number"));
        assertTrue(fails(2, "sae", "train", "--data", data.toString(), "--kind", "topk", "--latents", "12",
                "--out", out.toString()).err().contains("--k: required for --kind topk"));
        assertTrue(fails(2, "sae", "train", "--data", data.toString(), "--kind", "gated", "--latents", "12",
                "--out", out.toString()).err().contains("unknown SAE kind"));
        Path model = Cli.smallModel(dir);
        assertTrue(fails(1, "sae", "train", "--model", model.toString(), "--site", "5.relu", "--dataset", "iris",
                "--kind", "topk", "--latents", "4", "--k", "1", "--out", out.toString()).err().contains("no site named '5.relu'"));
        assertTrue(!Files.exists(out), "nothing written after an error");
        assertEquals(0, train(data, dir.resolve("ok.json")).code());
        Path narrow = dir.resolve("narrow.csv");
        Files.writeString(narrow, "1,2,3\n");
        assertTrue(fails(1, "sae", "eval", "--sae", dir.resolve("ok.json").toString(), "--data", narrow.toString())
                .err().contains("expected 6 values (the SAE's input size), got 3"));
        Path cut = dir.resolve("cut.json");
        Files.writeString(cut, Files.readString(dir.resolve("ok.json")).substring(0, 200));
        assertTrue(fails(1, "sae", "encode", "--sae", cut.toString(), "--data", data.toString()).err().contains("cut short"));
        assertTrue(fails(2, "sae").err().contains("expected an action after 'sae', one of train, eval, encode"));
        assertTrue(fails(2, "sae", "fit").err().contains("got 'fit'"));
    }
}
