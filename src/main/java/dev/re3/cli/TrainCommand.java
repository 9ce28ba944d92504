package dev.re3.cli;

import dev.re3.data.Datasets;
import dev.re3.io.ModelJson;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code re3 train}: trains a seeded network on a shipped dataset and writes it as {@code re3-model/1}
 * JSON. Tabular data is standardised with means and stds fitted on the training part, kept in the model as
 * its first layer ({@code standardize}), so that the model takes raw values.
 */
final class TrainCommand implements Command {
    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a seeded network on a shipped dataset and save it as JSON";
    }

    @Override
    public String synopsis() {
        return "--data NAME --out M.json [--hidden 8,4] [--epochs N] [--seed N] [--test-fraction 0.3] [--cnn] [...]";
    }

    @Override
    public String details() {
        return """
                Datasets: %s. The data is split (stratified, seeded) into training and test parts.
                Tabular data is standardised with the training part's means and stds, which the model keeps as its
                first layer (standardize): the model takes raw values, and 're3 explain', 'path' and 'plane' read raw
                rows.
                Image data is scaled to [0, 1]; --cnn trains the small convolutional network instead of an MLP."""
                .formatted(String.join(", ", Datasets.names()));
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.value("data", "NAME", "a shipped dataset, required"),
                Option.value("out", "M.json", "the model file to write, required"),
                Option.value("hidden", "8,4", "hidden layer widths of the MLP (default 16)"),
                Option.value("epochs", "N", "passes over the training part (default 100, 5 for images)"),
                Option.value("seed", "N", "seed of the split, the initial weights and the shuffling (default 7)"),
                Option.value("test-fraction", "F", "share of each class held out for testing (default 0.3)"),
                Option.value("learning-rate", "R", "Adam's learning rate (default 0.01, 0.003 for images)"),
                Option.value("limit", "N", "use only the first N rows of the dataset (default all; mnist has 60000)"),
                Option.flag("cnn", "train the small CNN (image datasets: digits, mnist, mnist-test, fashion-mnist)"));
    }

    @Override
    public void run(Arguments args, PrintStream out, PrintStream err) {
        String data = args.required("data");
        Path target = args.requiredPath("out");
        boolean cnn = args.flag("cnn");
        if (cnn && args.has("hidden")) {
            throw new UsageException("option --hidden applies to the MLP only, not with --cnn");
        }
        Training.Settings settings = new Training.Settings(data, args.integer("limit", Integer.MAX_VALUE, 2),
                args.sizes("hidden", new int[] {16}), cnn, args.integer("epochs", 0, 1),
                args.seed("seed", 7), args.fraction("test-fraction", 0.3, 0, 1),
                args.fraction("learning-rate", 0, 0, 10), "re3 train");
        Training t = Training.run(settings);
        ModelJson.write(t.model(), target, t.provenance());
        out.printf(Locale.ROOT, "trained %s on %s: train accuracy %.4f (%d inputs), test accuracy %.4f (%d inputs)%n",
                t.architecture(), t.provenance().get("dataset"), t.trainAccuracy(), t.train().size(), t.testAccuracy(),
                t.test().size());
        out.println("wrote " + target + (t.standardizer() != null
                ? " (its first layer standardises raw inputs with the training means and stds)" : ""));
    }
}
