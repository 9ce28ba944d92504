package dev.re3.cli;

import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs {@link Main} in-process with captured output, and a small hand-made model for the error cases. */
final class Cli {
    /** The exit code and what went to standard output and standard error. */
    record Result(int code, String out, String err) {}

    private Cli() {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A 4-3-3 network with Iris names, written to {@code dir/small.json} with a standardizer in its provenance. */
    static Path smallModel(Path dir) {
        Network net = Network.builder(4)
                .dense(new double[][] {{1, -1, 0.5, 0}, {0, 1, 1, -1}, {-0.5, 0, 1, 1}}, new double[] {0.1, -0.2, 0})
                .relu()
                .dense(new double[][] {{1, 0, -1}, {0, 1, 0.5}, {-1, 0.5, 1}}, new double[] {0, 0.3, -0.1})
                .softmax()
                .features("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm")
                .classes("setosa", "versicolor", "virginica")
                .build();
        Path file = dir.resolve("small.json");
        ModelJson.write(net, file, Map.of(Model.STANDARDIZER,
                Map.of("means", new double[] {5.8, 3.0, 3.8, 1.2}, "stds", new double[] {0.8, 0.4, 1.8, 0.8})));
        return file;
    }
}
