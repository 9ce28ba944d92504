package dev.re3.bench;

import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import dev.re3.region.Linearizer;
import dev.re3.region.LocalMaps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Full local maps (every class, every input: {@code W} of shape {@code [10][784]} and {@code b}) of MNIST test
 * images through a convolutional network, ours against the PyTorch peer ({@code torch_attr.py --methods map}:
 * one autograd backward pass per class over batches) on the same model and images, in one run.
 *
 * <p>Ours: {@link Linearizer}, which takes the engine's plain-Java pullback for conv and pool networks. Warm-up,
 * then the best of {@code --repeat} runs; the check column is the largest {@code |W x + b - f(x)|}.
 *
 * <pre>
 * usage: CnnMapsBenchmark --model M.json --images IDX.gz [--n 1000] [--repeat 3] [--peer torch_attr.py]
 *     [--python /usr/bin/python3] [--threads 2]
 * </pre>
 */
public final class CnnMapsBenchmark {
    private CnnMapsBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = ExplainMnistBenchmark.options(args);
        Path modelFile = Path.of(ExplainMnistBenchmark.require(opt, "model"));
        Path images = Path.of(ExplainMnistBenchmark.require(opt, "images"));
        int n = Integer.parseInt(opt.getOrDefault("n", "1000"));
        int repeat = Integer.parseInt(opt.getOrDefault("repeat", "3"));
        Network net = ModelJson.read(modelFile);
        double[][] xs = ExplainMnistBenchmark.readImages(images, n);
        System.out.println("model  " + modelFile + "  " + net.layers().size() + " layers, input "
                + java.util.Arrays.toString(net.inputShape()));
        System.out.println("images " + images + "  n=" + xs.length + "  cores="
                + Runtime.getRuntime().availableProcessors());
        System.out.println("method\tseconds\tcheck\tnotes");

        Linearizer lin = Linearizer.of(net);
        double best = Double.POSITIVE_INFINITY;
        double check = 0;
        StringBuilder runs = new StringBuilder();
        for (int r = 0; r <= repeat; r++) {
            long t0 = System.nanoTime();
            LocalMaps maps = lin.linearize(xs);
            double s = (System.nanoTime() - t0) / 1e9;
            runs.append(String.format(java.util.Locale.ROOT, r == 0 ? "%.3f" : " %.3f", s));
            if (r > 0) {
                best = Math.min(best, s);
            }
            check = 0;
            for (int i = 0; i < maps.size(); i++) {
                check = Math.max(check, maps.reconstructionError(i));
            }
        }
        double ours = best;
        System.out.printf("ours-map\t%.3f\t%.3e\tbest of %d after a warm-up run, plain Java pullback (runs %s)%n", ours,
                check, repeat, runs);

        String peer = opt.get("peer");
        String python = opt.getOrDefault("python", "/usr/bin/python3");
        List<String> lines = new ArrayList<>();
        if (peer == null || !Files.exists(Path.of(peer))) {
            System.out.println("peer skipped: no script at " + peer);
        } else if (ExplainMnistBenchmark.run(List.of(python, "-c", "import torch, numpy"), true) == null) {
            System.out.println("peer skipped: python3-torch is missing (apt-get install -y python3-torch python3-numpy)");
        } else {
            lines = ExplainMnistBenchmark.run(List.of(python, peer, modelFile.toString(), images.toString(), "--n",
                    String.valueOf(xs.length), "--methods", "map", "--threads", opt.getOrDefault("threads", "2"),
                    "--repeat", String.valueOf(repeat)), false);
        }
        for (String line : lines) {
            if (line.startsWith("map\t")) {
                String[] f = line.split("\t");
                double torch = Double.parseDouble(f[1]);
                System.out.println("torch-" + line);
                System.out.printf("summary: ours %.3f s, torch %.3f s: ours is %.1fx %s%n", ours, torch,
                        ours < torch ? torch / ours : ours / torch, ours < torch ? "faster" : "slower");
            }
        }
    }
}
