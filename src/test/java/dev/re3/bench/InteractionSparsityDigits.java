package dev.re3.bench;

import dev.re3.data.Dataset;
import dev.re3.data.Datasets;
import dev.re3.data.Split;
import dev.re3.djl.NetworkTrainer;
import dev.re3.interaction.AblationCurve;
import dev.re3.interaction.InteractionBasis;
import dev.re3.interaction.InteractionGraph;
import dev.re3.interaction.LibResult;
import dev.re3.net.Network;

/**
 * The paper's interaction sparsity on the digits MLP (64-32-32-10, seed 7): node ablation curves and edges needed
 * within 0.001 accuracy, LIB against PCA, with the seconds each step takes. Prints tab-separated lines.
 * Run: {@code java -cp target/classes:target/test-classes:$(cat target/bench.classpath) dev.re3.bench.InteractionSparsityDigits}
 */
public final class InteractionSparsityDigits {
    private InteractionSparsityDigits() {}

    public static void main(String[] args) {
        Split split = Datasets.digits().split(0.3, 7);
        Dataset train = split.train();
        Dataset test = split.test();
        Network net = NetworkTrainer.mlp(64, new int[] {32, 32}, 10).optSeed(7).optEpochs(30).optLearningRate(0.01)
                .fit(train.x(), train.labels()).network();
        for (boolean pca : new boolean[] {false, true}) {
            long t0 = System.nanoTime();
            LibResult lib = InteractionBasis.of(net).optPca(pca).fit(train.x());
            double fitSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            InteractionGraph graph = lib.graph(train.x());
            double graphSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s\tfit %.2fs\tgraph %.2fs\tmodularity %.4f%n", lib.kind(), fitSeconds, graphSeconds,
                    graph.modularity(0).q());
            System.out.println(lib);
            for (String layer : new String[] {"1.relu", "3.relu"}) {
                AblationCurve c = lib.nodeAblation(layer, test.x(), test.labels());
                System.out.println(c);
            }
            for (int l = 0; l < 3; l++) {
                t0 = System.nanoTime();
                int needed = lib.edgesNeeded(graph, l, test.x(), test.labels(), 0.001);
                System.out.printf("%s\tsection %d (%s)\tedges needed %d of %d\t%.2fs%n", lib.kind(), l, lib.bases().get(l).name(),
                        needed, graph.edges(l).length * graph.edges(l)[0].length, (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
