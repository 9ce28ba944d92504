package dev.re3.bench;

import dev.re3.codec.ContributionResult;
import dev.re3.codec.Contributions;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import dev.re3.net.Site;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times activation-times-gradient contributions (predicted logit) at the output of every ReLU of a network for
 * MNIST test images, then the PyTorch peer ({@code torch_attr.py --methods contributions}: forward hooks, one
 * backward pass) on the same model and images, and prints both side by side.
 *
 * <pre>
 * ContributionsBenchmark --model mnist-cnn.json --images t10k-images-idx3-ubyte.gz [--n 10000] [--repeat 2]
 *     [--peer torch_attr.py] [--python /usr/bin/python3] [--threads 2]
 * </pre>
 */
public final class ContributionsBenchmark {
    private ContributionsBenchmark() {}

    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> opt = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path model = Path.of(opt.get("model"));
        Path images = Path.of(opt.get("images"));
        int n = Integer.parseInt(opt.getOrDefault("n", "10000"));
        int repeat = Integer.parseInt(opt.getOrDefault("repeat", "2"));
        Network net = ModelJson.read(model);
        double[][] xs = ExplainMnistBenchmark.readImages(images, n);
        List<String> sites = net.reluSites().stream().map(Site::name).toList();
        System.out.println("model " + model + " " + net.inputSize() + " -> " + net.outputSize() + ", sites " + sites
                + ", images " + xs.length + ", cores " + Runtime.getRuntime().availableProcessors());
        // warm-up on a few images
        for (String s : sites) {
            Contributions.of(net, java.util.Arrays.copyOf(xs, Math.min(64, xs.length))).at(s).activationTimesGradient();
        }
        Contributions.of(net, java.util.Arrays.copyOf(xs, Math.min(64, xs.length))).activationTimesGradientAt(sites);
        double best = Double.POSITIVE_INFINITY;
        double perSite = Double.POSITIVE_INFINITY;
        double delta = 0;
        long values = 0;
        for (int r = 0; r < repeat; r++) {
            long t0 = System.nanoTime();
            delta = 0;
            values = 0;
            for (ContributionResult c : Contributions.of(net, xs).activationTimesGradientAt(sites)) {
                delta = Math.max(delta, c.completenessDelta());
                values += (long) c.size() * c.width();
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            for (String s : sites) {
                ContributionResult c = Contributions.of(net, xs).at(s).activationTimesGradient();
                delta = Math.max(delta, c.completenessDelta());
            }
            perSite = Math.min(perSite, (System.nanoTime() - t0) / 1e9);
        }
        List<String> rows = new ArrayList<>();
        rows.add(String.format(java.util.Locale.ROOT, "re3 (float64, one Pullback for all sites)\t%.3f s\t%.0f images/s\t"
                + "completeness delta %.2e\t%d values", best, xs.length / best, delta, values));
        rows.add(String.format(java.util.Locale.ROOT, "re3 (float64, one Pullback per site)\t%.3f s\t%.0f images/s",
                perSite, xs.length / perSite));
        String peer = opt.get("peer");
        if (peer != null) {
            List<String> cmd = List.of(opt.getOrDefault("python", "/usr/bin/python3"), peer, model.toString(),
                    images.toString(), "--n", String.valueOf(xs.length), "--methods", "contributions", "--threads",
                    opt.getOrDefault("threads", "2"), "--repeat", String.valueOf(repeat));
            List<String> out = ExplainMnistBenchmark.run(cmd, true);
            if (out == null) {
                rows.add("PyTorch peer: failed or missing (" + String.join(" ", cmd) + ")");
            } else {
                for (String line : out) {
                    if (line.startsWith("contributions")) {
                        String[] f = line.split("\t");
                        double s = Double.parseDouble(f[1]);
                        rows.add(String.format(java.util.Locale.ROOT, "PyTorch peer (hooks, %s)\t%.3f s\t%.0f images/s",
                                f.length > 3 ? f[3] : "", s, xs.length / s));
                        rows.add(String.format(java.util.Locale.ROOT, "ratio PyTorch / re3\t%.2f", s / best));
                    }
                }
            }
        }
        rows.forEach(System.out::println);
    }
}
