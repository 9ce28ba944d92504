package dev.re3.cli;

import dev.re3.data.Dataset;
import dev.re3.interaction.InteractionBasis;
import dev.re3.interaction.InteractionGraph;
import dev.re3.interaction.LibResult;
import dev.re3.interaction.Modularity;
import dev.re3.net.Network;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code re3 interaction}: the local interaction basis of a dense model against its PCA basis on the first rows of a
 * shipped dataset ({@link InteractionBasis}): per section the edges needed within a tolerance of the accuracy and the
 * Leiden modularity of the section's graph, and the modularity of the whole graph.
 */
final class InteractionCommand implements Command {
    @Override
    public String name() {
        return "interaction";
    }

    @Override
    public String summary() {
        return "local interaction basis against PCA: edges needed and modularity per section";
    }

    @Override
    public String synopsis() {
        return "--model M.json --data NAME [--limit N] [--tolerance T] [--seed N]";
    }

    @Override
    public String details() {
        return """
                The bases (LIB: jacobian, threshold 1e-15, raw logits; PCA: C = Y U) are fitted on the first --limit rows
                (default 500) of the shipped dataset, standardised with the model's recorded standardizer when it has
                one, and every figure is measured on the same rows. For each section (adjacent node layers): its
                edges, the fewest strongest edges that keep the accuracy within --tolerance (default 0.001) for LIB and
                PCA, and the Leiden modularity Q of the section's graph (sqrt edges, resolution 1, --seed, default 0);
                then Q of the whole graph. Dense networks only; the input section of a large input layer is slow.""";
    }

    @Override
    public List<Option> options() {
        return List.of(
                ModelInputs.MODEL,
                Option.value("data", "NAME", "a shipped dataset with the model's inputs, required"),
                Option.value("limit", "N", "rows used (default 500)"),
                Option.value("tolerance", "T", "accuracy that may be lost in the edge ablation (default 0.001)"),
                Option.value("seed", "N", "seed of the Leiden clustering (default 0)"));
    }

    @Override
    public void run(Arguments args, PrintStream out, PrintStream err) {
        Model model = Model.of(args);
        Network net = model.network();
        int limit = args.integer("limit", 500, 1);
        double tolerance = args.fraction("tolerance", 0.001, 0, 1);
        long seed = args.seed("seed", 0);
        Dataset data = model.dataset(args, "data", limit);
        double[][] xs = data.x();
        int[] labels = data.labels();
        LibResult lib;
        LibResult pca;
        try {
            lib = InteractionBasis.of(net).fit(xs);
            pca = InteractionBasis.of(net).optPca(true).fit(xs);
        } catch (IllegalArgumentException e) {
            throw new CliException("interaction basis: " + e.getMessage());
        }
        InteractionGraph libGraph = lib.graph(xs);
        InteractionGraph pcaGraph = pca.graph(xs);
        for (String line : lines(lib, pca, libGraph, pcaGraph, xs, labels, tolerance, seed, data.name() + ", " + xs.length
                + " rows")) {
            out.println(line);
        }
    }

    /** The printed lines, for the library's own results (the test compares them with the library). */
    static List<String> lines(LibResult lib, LibResult pca, InteractionGraph libGraph, InteractionGraph pcaGraph,
            double[][] xs, int[] labels, double tolerance, long seed, String what) {
        List<String> out = new java.util.ArrayList<>();
        out.add("LIB and PCA bases on " + what + ", edges needed within " + tolerance + " accuracy, Leiden seed " + seed);
        out.add(String.format(Locale.ROOT, "%-24s %8s %8s %8s %8s %8s %8s", "section", "LIB", "needed", "Q", "PCA", "needed",
                "Q"));
        List<String> layers = libGraph.layers();
        for (int l = 0; l + 1 < layers.size(); l++) {
            double[][] le = libGraph.edges(l);
            double[][] pe = pcaGraph.edges(l);
            out.add(String.format(Locale.ROOT, "%-24s %8d %8d %8.4f %8d %8d %8.4f", layers.get(l) + " -> " + layers.get(l + 1),
                    le.length * le[0].length, lib.edgesNeeded(libGraph, l, xs, labels, tolerance),
                    libGraph.section(l).modularity(seed).q(), pe.length * pe[0].length,
                    pca.edgesNeeded(pcaGraph, l, xs, labels, tolerance), pcaGraph.section(l).modularity(seed).q()));
        }
        Modularity ml = libGraph.modularity(seed);
        Modularity mp = pcaGraph.modularity(seed);
        out.add(String.format(Locale.ROOT, "whole graph: LIB Q %.4f (%d clusters), PCA Q %.4f (%d clusters)", ml.q(), ml.count(),
                mp.q(), mp.count()));
        return out;
    }
}
