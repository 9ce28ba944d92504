package dev.re3.cli;

import dev.re3.DatasetExplanation;
import dev.re3.Re3;
import dev.re3.data.Dataset;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import dev.re3.region.LocalMaps;
import dev.re3.report.HtmlReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code re3 demo}: trains the Iris network (4-8-3, standardised features, seeded stratified 70/30 split),
 * explains every test input, prints a table and the dataset summary, and writes the model and an HTML
 * report.
 */
final class DemoCommand implements Command {
    static final int[] HIDDEN = {8};
    static final int EPOCHS = 100;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "train an Iris network, explain its test set, write the model and an HTML report";
    }

    @Override
    public String synopsis() {
        return "[--out DIR] [--seed N]";
    }

    @Override
    public String details() {
        return "Writes DIR/iris-model.json and DIR/report.html (DIR is re3-demo by default).";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.value("out", "DIR", "folder for the model and the report (default re3-demo)"),
                Option.value("seed", "N", "seed of the split, the initial weights and the shuffling (default 7)"));
    }

    @Override
    public void run(Arguments args, PrintStream out, PrintStream err) throws IOException {
        Path dir = Path.of(args.string("out", "re3-demo"));
        long seed = args.seed("seed", 7);
        Training t = Training.run(new Training.Settings("iris", Integer.MAX_VALUE, HIDDEN, false, EPOCHS, seed, 0.3,
                0.01, "re3 demo"));
        Network net = t.network();
        Dataset test = t.test();
        out.printf(Locale.ROOT, "Re3 demo: Iris, MLP 4-8-3, seed %d, %d training and %d test inputs, standardised"
                + " features%n", seed, t.train().size(), test.size());
        out.printf(Locale.ROOT, "trained %d epochs: train accuracy %.4f, test accuracy %.4f%n%n", EPOCHS,
                t.trainAccuracy(), t.testAccuracy());

        Re3 re3 = Re3.of(net);
        LocalMaps maps = re3.regions(test.x());
        out.print(DemoTable.render(net, test, maps));
        DatasetExplanation all = re3.explainAll(t.train(), test);
        out.println();
        out.print(DemoTable.summary(net, all, t.testAccuracy()));

        Path model = dir.resolve("iris-model.json");
        Path report = dir.resolve("report.html");
        ModelJson.write(t.model(), model, t.provenance());
        HtmlReport.Builder html = HtmlReport.builder(net)
                .title("Re3 report: Iris, MLP 4-8-3")
                .description("A 4-8-3 ReLU network trained on " + t.train().size() + " standardised Iris flowers (seed "
                        + seed + ") and explained exactly on its " + t.train().size() + " training and " + test.size()
                        + " test inputs.")
                .data(all)
                .provenance(t.provenance());
        for (int n : examples(test, maps)) {
            html.example("test input " + (n + 1) + ": true " + test.className(n) + ", predicted "
                    + net.classes().get(maps.predicted(n)), re3.explain(test.x(n)));
        }
        html.build().write(report);
        out.println();
        out.println("wrote " + model);
        out.println("wrote " + report);
    }

    /** The first test input of each true class, then the first misclassified one if any. */
    static List<Integer> examples(Dataset test, LocalMaps maps) {
        List<Integer> picks = new ArrayList<>();
        for (int c = 0; c < test.numClasses(); c++) {
            for (int n = 0; n < test.size(); n++) {
                if (test.label(n) == c) {
                    picks.add(n);
                    break;
                }
            }
        }
        for (int n = 0; n < test.size(); n++) {
            if (maps.predicted(n) != test.label(n)) {
                if (!picks.contains(n)) {
                    picks.add(n);
                }
                break;
            }
        }
        return picks;
    }
}
