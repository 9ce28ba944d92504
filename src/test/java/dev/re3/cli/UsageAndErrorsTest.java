package dev.re3.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages: 2 with the usage for bad usage, 1 with one clear line for errors. */
class UsageAndErrorsTest {
    @TempDir
    Path dir;

    @Test
    void noArgumentsPrintsTheUsageAndExitsWith2() {
        Cli.Result r = Cli.run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("usage: re3 <command>"), r.err());
        for (String command : new String[] {"demo", "train", "explain", "export"}) {
            assertTrue(r.err().contains("  " + command + " "), r.err());
        }
        assertEquals("", r.out());
    }

    @Test
    void helpGoesToStandardOutput() {
        Cli.Result r = Cli.run("help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("usage: re3 <command>"), r.out());
        Cli.Result explain = Cli.run("explain", "--help");
        assertEquals(0, explain.code());
        assertTrue(explain.out().contains("--model M.json"), explain.out());
        assertEquals(explain.out(), Cli.run("help", "explain").out());
    }

    @Test
    void unknownCommand() {
        Cli.Result r = Cli.run("explian", "--model", "m.json");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("re3: unknown command 'explian'; expected one of demo, train, explain, export"),
                r.err());
    }

    @Test
    void missingRequiredOption() {
        Cli.Result r = Cli.run("explain", "--data", "x.csv");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("re3 explain: missing required option --model\n"), r.err());
        assertTrue(r.err().contains("usage: re3 explain --model M.json"), r.err());
    }

    @Test
    void unknownOptionAndMissingValue() {
        Cli.Result unknown = Cli.run("explain", "--model", "m.json", "--data", "x.csv", "--fromat", "json");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("re3 explain: unknown option --fromat for explain; expected one of"),
                unknown.err());
        Cli.Result noValue = Cli.run("train", "--data");
        assertEquals(2, noValue.code());
        assertTrue(noValue.err().startsWith("re3 train: option --data needs a value (NAME)"), noValue.err());
        Cli.Result badNumber = Cli.run("train", "--data", "iris", "--out", "m.json", "--epochs", "many");
        assertEquals(2, badNumber.code());
        assertTrue(badNumber.err().startsWith("re3 train: option --epochs: expected an integer, got 'many'"),
                badNumber.err());
        Cli.Result badHidden = Cli.run("train", "--data", "iris", "--out", "m.json", "--hidden", "8,,4");
        assertEquals(2, badHidden.code());
        assertTrue(badHidden.err().contains("expected positive integers separated by commas"), badHidden.err());
    }

    @Test
    void badFormatAndTarget() throws IOException {
        Path model = Cli.smallModel(dir);
        Path csv = Files.writeString(dir.resolve("x.csv"), "1,2,3,4\n");
        Cli.Result format = Cli.run("explain", "--model", model.toString(), "--data", csv.toString(), "--format", "xml");
        assertEquals(2, format.code());
        assertTrue(format.err().startsWith("re3 explain: option --format: expected one of json, table, got 'xml'"),
                format.err());
        Cli.Result target = Cli.run("explain", "--model", model.toString(), "--data", csv.toString(), "--target", "rose");
        assertEquals(2, target.code());
        assertTrue(target.err().startsWith("re3 explain: option --target: expected a class name (setosa, versicolor,"
                + " virginica) or an index 0..2, got 'rose'"), target.err());
    }

    @Test
    void wrongCsvWidthNamesTheRow() throws IOException {
        Path model = Cli.smallModel(dir);
        Path csv = Files.writeString(dir.resolve("x.csv"), "a,b,c,d\n1,2,3,4\n\n5,6,7,8\n1,2,3\n");
        Cli.Result r = Cli.run("explain", "--model", model.toString(), "--data", csv.toString());
        assertEquals(1, r.code());
        assertEquals("re3 explain: error: " + csv + ", row 3 (line 5): expected 4 values (one per model input:"
                + " sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm), got 3\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void notANumberNamesRowAndColumn() throws IOException {
        Path model = Cli.smallModel(dir);
        Path csv = Files.writeString(dir.resolve("x.csv"), "1,2,3,4\n1,2,x,4\n");
        Cli.Result r = Cli.run("explain", "--model", model.toString(), "--data", csv.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("row 2 (line 2), column 3 (petal_length_cm): expected a finite number, got 'x'"),
                r.err());
    }

    @Test
    void missingFiles() throws IOException {
        Path model = Cli.smallModel(dir);
        Path csv = Files.writeString(dir.resolve("x.csv"), "1,2,3,4\n");
        Path nowhere = dir.resolve("nowhere.json");
        Cli.Result noModel = Cli.run("explain", "--model", nowhere.toString(), "--data", csv.toString());
        assertEquals(1, noModel.code());
        assertEquals("re3 explain: error: model file not found: " + nowhere + "\n", noModel.err());
        Path noCsv = dir.resolve("nowhere.csv");
        Cli.Result noData = Cli.run("explain", "--model", model.toString(), "--data", noCsv.toString());
        assertEquals(1, noData.code());
        assertEquals("re3 explain: error: input file not found: " + noCsv + "\n", noData.err());
        Cli.Result folder = Cli.run("explain", "--model", model.toString(), "--data", dir.toString());
        assertEquals("re3 explain: error: input file " + dir + " is a directory; expected a CSV file of inputs\n",
                folder.err());
        Cli.Result folderModel = Cli.run("explain", "--model", dir.toString(), "--data", csv.toString());
        assertTrue(folderModel.err().contains("is a directory; expected a model file"), folderModel.err());
    }

    @Test
    void aHeaderIsMatchedByNameAndNaNIsNoHeader() throws IOException {
        Path model = Cli.smallModel(dir);
        // The same input, once by position and once with the columns shuffled and a label column added.
        Path plain = Files.writeString(dir.resolve("plain.csv"), "1,0,0.5,0\n");
        Path shuffled = Files.writeString(dir.resolve("shuffled.csv"),
                "petal_width_cm,species,petal_length_cm,sepal_length_cm,sepal_width_cm\n0,setosa,0.5,1,0\n");
        Cli.Result a = Cli.run("explain", "--model", model.toString(), "--data", plain.toString(), "--standardized",
                "--format", "json");
        Cli.Result b = Cli.run("explain", "--model", model.toString(), "--data", shuffled.toString(), "--standardized",
                "--format", "json");
        assertEquals(0, b.code(), b.err());
        assertEquals(a.out(), b.out());
        assertTrue(b.out().contains("\"input\":[1.0,0.0,0.5,0.0]"), b.out());
        Path partial = Files.writeString(dir.resolve("partial.csv"), "sepal_length_cm,sepal_width_cm,a,b\n1,2,3,4\n");
        Cli.Result p = Cli.run("explain", "--model", model.toString(), "--data", partial.toString());
        assertEquals(1, p.code());
        assertTrue(p.err().contains("but not petal_length_cm, petal_width_cm"), p.err());
        Path nan = Files.writeString(dir.resolve("nan.csv"), "NaN,NaN,NaN,NaN\n1,2,3,4\n");
        Cli.Result n = Cli.run("explain", "--model", model.toString(), "--data", nan.toString());
        assertEquals(1, n.code());
        assertTrue(n.err().contains("row 1 (line 1), column 1 (sepal_length_cm): expected a finite number, got 'NaN'"),
                n.err());
    }

    @Test
    void corruptModelGivesOneLineAndAStackTraceOnlyWhenVerbose() throws IOException {
        Path model = Files.writeString(dir.resolve("corrupt.json"),
                "{\"format\":\"re3-model/1\",\"inputShape\":[4],\"layers\":[{\"type\":\"dense\",\"wieght\":[[1]]}]}");
        Path csv = Files.writeString(dir.resolve("x.csv"), "1,2,3,4\n");
        Cli.Result r = Cli.run("explain", "--model", model.toString(), "--data", csv.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("re3 explain: error: " + model + ": layers[0] (dense): unknown key \"wieght\""),
                r.err());
        Cli.Result verbose = Cli.run("explain", "--model", model.toString(), "--data", csv.toString(), "--verbose");
        assertEquals(1, verbose.code());
        assertTrue(verbose.err().contains("\tat dev.re3."), verbose.err());

        Path truncated = Files.writeString(dir.resolve("truncated.json"), "{\"format\": ");
        Cli.Result t = Cli.run("explain", "--model", truncated.toString(), "--data", csv.toString());
        assertEquals(1, t.code());
        assertEquals(1, t.err().lines().count(), t.err());
        assertTrue(t.err().contains("not valid JSON"), t.err());
    }

    @Test
    void aValueFarOutsideTheTrainingDataIsWarnedAboutButExplained() throws IOException {
        // sepal length 58 (millimetres for centimetres) is (58 - 5.8) / 0.8 = 65.25 standard deviations out, printed 65.3
        Path csv = Files.writeString(dir.resolve("far.csv"), "5.1,3.5,1.4,0.2\n58,3.0,3.8,1.2\n");
        Cli.Result r = Cli.run("explain", "--model", Cli.smallModel(dir).toString(), "--data", csv.toString(),
                "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().strip().split("\n").length, r.out());
        assertTrue(r.err().contains("row 2, sepal_length_cm = 58 is 65.3 standard deviations from the training mean"),
                r.err());
        Cli.Result near = Cli.run("explain", "--model", Cli.smallModel(dir).toString(), "--data",
                Files.writeString(dir.resolve("near.csv"), "5.1,3.5,1.4,0.2\n").toString());
        assertFalse(near.err().contains("warning"), near.err());
    }

    @Test
    void rawNeedsARecordedStandardizer() throws IOException {
        Path model = dir.resolve("plain.json");
        dev.re3.io.ModelJson.write(dev.re3.io.ModelJson.read(Cli.smallModel(dir)).withoutStandardize(), model);
        Path csv = Files.writeString(dir.resolve("x.csv"), "1,2,3,4\n");
        Cli.Result r = Cli.run("explain", "--model", model.toString(), "--data", csv.toString(), "--raw");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("has no recorded standardizer"), r.err());
    }

    @Test
    void unknownDatasetAndCnnOnTabularData() {
        Cli.Result unknown = Cli.run("train", "--data", "tulips", "--out", dir.resolve("m.json").toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().startsWith("re3 train: error: unknown dataset \"tulips\": expected one of"),
                unknown.err());
        Cli.Result cnn = Cli.run("train", "--data", "iris", "--cnn", "--out", dir.resolve("m.json").toString());
        assertEquals(2, cnn.code());
        assertTrue(cnn.err().startsWith("re3 train: option --cnn: expected an image dataset"), cnn.err());
        assertFalse(Files.exists(dir.resolve("m.json")));
    }

    @Test
    void exportNeedsExactlyOneSource() {
        Cli.Result neither = Cli.run("export", "--out", dir.resolve("x.csv").toString());
        assertEquals(2, neither.code());
        assertTrue(neither.err().startsWith("re3 export: expected exactly one of --model and --data, got neither"),
                neither.err());
    }

    @Test
    void explainTheSmallModelByHand() throws IOException {
        Path model = Cli.smallModel(dir);
        Path csv = Files.writeString(dir.resolve("x.csv"), "1,0,0,0\n");
        Cli.Result r = Cli.run("explain", "--model", model.toString(), "--data", csv.toString(), "--standardized",
                "--target", "0");
        assertEquals(0, r.code(), r.err());
        // h = relu([1.1, -0.2, -0.5]) = [1.1, 0, 0]; z = [1.1, 0.3, -1.2]; W[0] = [1, -1, 0.5, 0] so C[0][0] = 1.
        assertTrue(r.out().contains("contributions to class setosa (logit 1.1000"), r.out());
        assertTrue(r.out().contains("sum + bias = 1.1000 = logit 1.1000"), r.out());
    }

    @Test
    void workThatCannotFitIsRefusedWithAnEstimate() {
        Cli.Result r = Cli.run("train", "--data", "iris", "--hidden", "100000000", "--out", dir.resolve("big.json").toString());
        assertEquals(1, r.code());
        // 4 * 1e8 + 1e8 + 1e8 * 3 + 3 parameters
        assertTrue(r.err().contains("an MLP 4-100000000-3 has 800,000,003 parameters and needs about"), r.err());
        assertTrue(r.err().contains("ask for smaller --hidden layers"), r.err());
        assertFalse(Files.exists(dir.resolve("big.json")));
    }

    @Test
    void tooManyThreadsAndFileErrorsAreSaidInWords() throws IOException {
        Path model = Cli.smallModel(dir);
        Path three = Files.writeString(dir.resolve("three.csv"), "0,0,0,0\n1,0,0,0\n0,1,0,0\n");
        Cli.Result r = Cli.run("plane", "--model", model.toString(), "--data", three.toString(), "--threads", "40000");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("option --threads: expected 1 to 1024 worker threads"), r.err());
        assertEquals(dir + "/one.csv: already exists",
                Main.message(new java.nio.file.FileAlreadyExistsException(dir + "/one.csv")));
        assertEquals("x.csv: permission denied", Main.message(new java.nio.file.AccessDeniedException("x.csv")));
        assertEquals("x.csv: no such file or directory", Main.message(new java.nio.file.NoSuchFileException("x.csv")));
        assertTrue(Main.message(new NullPointerException()).startsWith("unexpected NullPointerException"));
    }

    @Test
    void aFullDiskOrAClosedPipeOnStandardOutputIsAnError() throws IOException {
        Path model = Cli.smallModel(dir);
        Path csv = Files.writeString(dir.resolve("one.csv"), "1,0,0,0\n");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.OutputStream full = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        int code = Main.run(new String[] {"explain", "--model", model.toString(), "--data", csv.toString()},
                new java.io.PrintStream(full, false, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertTrue(err.toString(java.nio.charset.StandardCharsets.UTF_8).contains("could not write to standard output"),
                err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
