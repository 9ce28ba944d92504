package dev.re3.bench;

import dev.re3.attribution.Attribution;
import dev.re3.attribution.AttributionResult;
import dev.re3.attribution.ExcitationPullback;
import dev.re3.attribution.Gradient;
import dev.re3.attribution.IntegratedGradients;
import dev.re3.attribution.SmoothGrad;
import dev.re3.djl.NetworkTrainer;
import dev.re3.djl.TrainedNetwork;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times attributions of MNIST test images through the small MNIST CNN (conv 3x3 x8, ReLU, max pool 2, conv 3x3
 * x16, ReLU, max pool 2, dense 10), each method for each image's predicted class, against the PyTorch peer
 * {@code torch_attr.py} on the same model and images, side by side: gradient, integrated gradients (zero
 * baseline, 50 trapezoid intervals, and exact over the regions), SmoothGrad (50 samples, sigma 0.15) and the
 * excitation pullback (sigmoid, T = 0.3). The check column is the largest completeness gap of integrated
 * gradients; {@code maxdiff} the largest difference from the peer's attributions (written with {@code --out}).
 *
 * <pre>
 * AttributionBenchmark --images t10k-images-idx3-ubyte.gz --model cnn.json [--n 1000] [--peer torch_attr.py]
 *     [--python /usr/bin/python3] [--threads 2] [--epochs 1]
 * </pre>
 * The model is trained (seeded, {@link NetworkTrainer#cnn}) on the MNIST training images next to the test
 * images and written when the file does not exist.
 */
public final class AttributionBenchmark {
    private AttributionBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path images = Path.of(opt.get("images"));
        Path modelFile = Path.of(opt.get("model"));
        int n = Integer.parseInt(opt.getOrDefault("n", "1000"));
        // timed runs per method, the best taken, ours and the peer's alike
        int repeat = Integer.parseInt(opt.getOrDefault("repeat", "3"));
        Network net = loadOrTrain(modelFile, images, Integer.parseInt(opt.getOrDefault("epochs", "1")));
        double[][] xs = ExplainMnistBenchmark.readImages(images, n);
        int[] targets = Attribution.predicted(net, xs);
        Path out = Files.createTempDirectory("re3-attr-bench");
        Map<String, String[]> peer = new LinkedHashMap<>();
        if (opt.containsKey("peer")) {
            peer = runPeer(opt, modelFile, images, n, out);
        }
        List<Object[]> rows = new ArrayList<>();
        rows.add(time(repeat, "gradient", "gradient", Gradient.of(net), xs, targets, peer, out));
        rows.add(time(repeat, "ig 50", "ig", IntegratedGradients.of(net).optRule(IntegratedGradients.Rule.TRAPEZOID).optSteps(50),
                xs, targets, peer, out));
        // the exact rule walks every region of the path: timed on the first --exact-n images (default 20)
        int exactN = Math.min(xs.length, Integer.parseInt(opt.getOrDefault("exact-n", "20")));
        rows.add(time(repeat, "ig exact/" + exactN, null, IntegratedGradients.of(net), Arrays.copyOf(xs, exactN),
                Arrays.copyOf(targets, exactN), peer, out));
        rows.add(time(repeat, "smoothgrad 50", "smoothgrad", SmoothGrad.of(net), xs, targets, peer, out));
        rows.add(time(repeat, "pullback", "pullback", ExcitationPullback.of(net), xs, targets, peer, out));
        System.out.printf(Locale.ROOT, "%d MNIST test images, CNN %s, float64, predicted classes%n", xs.length, net);
        System.out.printf(Locale.ROOT, "%-14s %10s %10s %8s %12s %12s %12s%n", "method", "ours s", "torch s", "speedup",
                "our check", "torch check", "maxdiff");
        for (Object[] r : rows) {
            System.out.printf(Locale.ROOT, "%-14s %10.3f %10s %8s %12.3e %12s %12s%n", r);
        }
    }

    static Object[] time(int repeat, String label, String peerName, Attribution m, double[][] xs, int[] targets,
            Map<String, String[]> peer, Path out) throws IOException {
        // untimed runs for two seconds (at least one), so that the JIT has compiled the code each input goes
        // through and not only its loops, then the best of REPEAT timed runs, as the peer takes its best of as many
        List<AttributionResult> rs;
        long warm = System.nanoTime() + 2_000_000_000L;
        do {
            rs = m.attribute(xs, targets);
        } while (System.nanoTime() < warm);
        double seconds = Double.POSITIVE_INFINITY;
        for (int r = 0; r < repeat; r++) {
            long t0 = System.nanoTime();
            rs = m.attribute(xs, targets);
            seconds = Math.min(seconds, (System.nanoTime() - t0) / 1e9);
        }
        double check = 0;
        for (AttributionResult r : rs) {
            check = Math.max(check, r.hasCompletenessDelta() ? r.completenessDelta() : 0);
        }
        String[] p = peerName == null ? null : peer.get(peerName);
        String torch = p == null ? "-" : p[0];
        String speedup = p == null ? "-" : String.format(Locale.ROOT, "%.1fx", Double.parseDouble(p[0]) / seconds);
        String maxdiff = "-";
        Path npy = out.resolve(peerName + ".npy");
        if (p != null && peerName != null && !peerName.equals("smoothgrad") && Files.exists(npy)) {
            double[][] theirs = readNpy(npy);
            double d = 0;
            for (int k = 0; k < rs.size(); k++) {
                double[] a = rs.get(k).attribution();
                for (int i = 0; i < a.length; i++) {
                    d = Math.max(d, Math.abs(a[i] - theirs[k][i]));
                }
            }
            maxdiff = String.format(Locale.ROOT, "%.2e", d);
        }
        return new Object[] {label, seconds, torch, speedup, check, p == null ? "-" : p[1], maxdiff};
    }

    /** Runs the peer once for all its methods; {@code method -> [seconds, check]}. */
    static Map<String, String[]> runPeer(Map<String, String> opt, Path model, Path images, int n, Path out)
            throws IOException, InterruptedException {
        List<String> cmd = List.of(opt.getOrDefault("python", "/usr/bin/python3"), opt.get("peer"), model.toString(),
                images.toString(), "--n", Integer.toString(n), "--methods", "gradient,ig,smoothgrad,pullback",
                "--threads", opt.getOrDefault("threads", "2"), "--steps", "50", "--samples", "50", "--sigma", "0.15",
                "--temperature", "0.3", "--repeat", opt.getOrDefault("repeat", "3"), "--out", out.toString());
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, String[]> times = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t");
                if (f.length >= 3 && !f[0].equals("method")) {
                    times.put(f[0], new String[] {f[1], f[2]});
                } else if (f.length < 3) {
                    System.err.println("peer: " + line);
                }
            }
        }
        if (proc.waitFor() != 0) {
            System.err.println("peer exited with " + proc.exitValue());
        }
        return times;
    }

    /** A float64 C-order 2-D .npy file. */
    static double[][] readNpy(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        String header = new String(b, 10, headerLen, StandardCharsets.ISO_8859_1);
        String shape = header.replaceAll(".*'shape': \\((\\d+), (\\d+)\\).*", "$1 $2").trim();
        String[] dims = shape.split(" ");
        int rows = Integer.parseInt(dims[0]);
        int cols = Integer.parseInt(dims[1]);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, 10 + headerLen, rows * cols * 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        double[][] out = new double[rows][cols];
        for (double[] row : out) {
            for (int j = 0; j < cols; j++) {
                row[j] = buf.getDouble();
            }
        }
        return out;
    }

    static Network loadOrTrain(Path file, Path testImages, int epochs) throws IOException {
        if (Files.exists(file)) {
            return ModelJson.read(file);
        }
        Path dir = testImages.toAbsolutePath().getParent();
        double[][] x = ExplainMnistBenchmark.readImages(dir.resolve("train-images-idx3-ubyte.gz"), Integer.MAX_VALUE);
        int[] labels = ExplainMnistBenchmark.readLabels(dir.resolve("train-labels-idx1-ubyte.gz"), x.length);
        System.out.println("training the MNIST CNN (seed 7, " + epochs + " epochs) ...");
        TrainedNetwork t = NetworkTrainer.cnn(new int[] {1, 28, 28}, 10).optSeed(7).optEpochs(epochs).optBatchSize(64)
                .fit(x, labels);
        System.out.printf(Locale.ROOT, "trained: train accuracy %.4f%n", t.trainAccuracy());
        Map<String, Object> provenance = new LinkedHashMap<>(t.provenance());
        provenance.put("dataset", "mnist train (" + x.length + " images / 255)");
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        ModelJson.write(t.network(), file, provenance);
        return t.network();
    }
}
