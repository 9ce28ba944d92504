package dev.re3.bench;

import dev.re3.djl.NetworkTrainer;
import dev.re3.djl.TrainedNetwork;
import dev.re3.io.ModelJson;
import dev.re3.net.Dense;
import dev.re3.net.Layer;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import dev.re3.region.Linearizer;
import dev.re3.region.LocalMaps;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * Times the exact explanation of MNIST test images through a 784-256-256-10 ReLU network: per image
 * the full local map {@code W} ({@code [10, 784]}), bias, logits, activation patterns, region id, the
 * reconstruction check {@code max_c |W x + b - f(x)|} and the contributions {@code W[c][i] x[i]}
 * ({@code [10, 784]}, materialised). Prints one line per method, best of {@code --repeat} runs after a
 * warm-up, then the same for the PyTorch peer on the same model and images, and a summary.
 *
 * <p>Methods: {@code ours-fast} is {@link Linearizer} in this JVM, which takes the dense fast path when
 * {@code jdk.incubator.vector} is present; {@code ours-djl} is the same call in a child JVM started
 * without that module, so it takes the DJL reverse mode. The fast path stores the contributions with the
 * maps ({@link LocalMaps#contribution}); for the DJL path they are computed after the maps, in parallel
 * over inputs, and timed with them.
 *
 * <pre>
 * ExplainMnistBenchmark --images t10k-images-idx3-ubyte.gz --model mlp.json [--n 10000] [--repeat 3]
 *     [--seed 7] [--epochs 2] [--init train|he] [--peer torch_re3.py] [--python /usr/bin/python3]
 *     [--threads 2] [--skip-djl]
 * ExplainMnistBenchmark --only --images ... --model ... [--n ...] [--repeat ...]   (one line, this JVM)
 * ExplainMnistBenchmark --prepare --images ... --model ... [--seed 7] [--epochs 2] [--init train|he]
 * </pre>
 *
 * <p>{@code --prepare} only creates the model file when it is missing; creating it in its own JVM keeps
 * the training engine's threads out of the timed runs.
 *
 * <p>A missing model file is created and written in the {@code re3-model/1} format: with
 * {@code --init train} (the default) trained by {@link NetworkTrainer} on the MNIST training images next
 * to the test images ({@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz}) with
 * {@code --seed} and {@code --epochs}; with {@code --init he} (or when the training files are missing)
 * He-initialised, {@code W ~ N(0, 2 / in)} and zero biases, from {@code --seed}.
 */
public final class ExplainMnistBenchmark {
    private static final String BLAS = "libblas.so.3-x86_64-linux-gnu";

    private ExplainMnistBenchmark() {}

    /** One timed method: name, best seconds, largest reconstruction error, remarks. */
    record Timing(String method, double seconds, double error, String note) {
        String line() {
            return String.format(Locale.ROOT, "%s\t%.3f\t%.3e\t%s", method, seconds, error, note);
        }

        static Timing parse(String line) {
            String[] f = line.split("\t");
            return new Timing(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), f.length > 3 ? f[3] : "");
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        Path images = Path.of(require(opt, "images"));
        Path modelFile = Path.of(require(opt, "model"));
        int n = Integer.parseInt(opt.getOrDefault("n", "10000"));
        int repeat = Integer.parseInt(opt.getOrDefault("repeat", "3"));
        if (opt.containsKey("prepare")) {
            Network net = loadOrCreate(modelFile, images, opt);
            System.out.println("model  " + modelFile + "  " + describe(net));
            return;
        }
        if (opt.containsKey("only")) {
            Network net = ModelJson.read(modelFile);
            System.out.println(timeOurs(net, readImages(images, n), repeat).timing().line());
            return;
        }
        Network net = loadOrCreate(modelFile, images, opt);
        double[][] xs = readImages(images, n);
        System.out.println("model  " + modelFile + "  " + describe(net));
        System.out.println("images " + images + "  n=" + xs.length);
        System.out.println("method\tseconds\tmax|Wx+b-f(x)|\tnotes");

        List<Timing> timings = new ArrayList<>();
        Ours fast = timeOurs(net, xs, repeat);
        timings.add(fast.timing());
        System.out.println(fast.timing().line());
        if (!opt.containsKey("skip-djl")) {
            List<String> cmd = new ArrayList<>(List.of(javaBinary()));
            cmd.addAll(heapOptions());
            cmd.addAll(List.of("-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                    ExplainMnistBenchmark.class.getName(), "--only", "--images", images.toString(), "--model",
                    modelFile.toString(), "--n", String.valueOf(n), "--repeat", String.valueOf(repeat)));
            for (String line : runOrReport(cmd, "ours-djl")) {
                if (line.startsWith("ours-")) {
                    timings.add(Timing.parse(line));
                    System.out.println(line);
                }
            }
        }

        String blas = blasInUse();
        String python = opt.getOrDefault("python", "/usr/bin/python3");
        String peer = opt.get("peer");
        if (peer != null) {
            if (run(List.of(python, "-c", "import torch, numpy"), true) == null) {
                System.out.println("peer skipped: python3-torch is missing; install it with"
                        + " apt-get install -y python3-torch python3-numpy");
            } else if (!Files.exists(Path.of(peer))) {
                System.out.println("peer skipped: no script at " + peer);
            } else {
                List<String> cmd = List.of(python, peer, modelFile.toString(), images.toString(), "--n",
                        String.valueOf(xs.length), "--threads", opt.getOrDefault("threads", "2"), "--repeat",
                        String.valueOf(repeat));
                for (String line : runOrReport(cmd, "peer")) {
                    if (line.contains("\t")) {
                        Timing t = Timing.parse(line);
                        Timing named = new Timing("torch-" + t.method(), t.seconds(), t.error(), t.note() + " blas=" + blas);
                        timings.add(named);
                        System.out.println(named.line());
                    }
                }
            }
        }
        summary(timings, fast, net, blas);
    }

    /** Our result: the timing, and the patterns of the last run for the sparsity figures. */
    record Ours(Timing timing, double[] activeShare) {}

    /**
     * Warm-up, then best of {@code repeat}: maps, contributions and the reconstruction check (the maps'
     * contributions when stored, else {@link #contributions} in parallel).
     */
    static Ours timeOurs(Network net, double[][] xs, int repeat) {
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String method = vector ? "ours-fast" : "ours-djl";
        Linearizer lin = Linearizer.of(net);
        double best = Double.POSITIVE_INFINITY;
        double bestMaps = 0;
        double error = 0;
        double[] active = null;
        int regions = 0;
        for (int r = 0; r <= repeat; r++) {
            System.gc();
            long t0 = System.nanoTime();
            LocalMaps maps = lin.linearize(xs);
            long t1 = System.nanoTime();
            double[] contributions = vector ? null : contributions(maps);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (r > 0 && seconds < best) {
                best = seconds;
                bestMaps = (t1 - t0) / 1e9;
            }
            error = maps.maxReconstructionError();
            active = activeShare(maps);
            regions = regions(maps);
            checkCompleteness(maps, contributions);
        }
        String note = String.format(Locale.ROOT, "n=%d dtype=float64 threads=%d regions=%d maps=%.3fs contributions=%s",
                xs.length, Runtime.getRuntime().availableProcessors(), regions, bestMaps,
                vector ? "with the maps" : String.format(Locale.ROOT, "%.3fs", best - bestMaps));
        return new Ours(new Timing(method, best, error, note), active);
    }

    /**
     * Contributions {@code W[n][c][i] x[n][i]}, {@code [n][classes][inputs]} flat like {@link LocalMaps#weightFlat()},
     * computed in parallel over inputs.
     */
    static double[] contributions(LocalMaps maps) {
        double[] w = maps.weightFlat();
        double[] x = maps.inputsFlat();
        int c = maps.classes();
        int d = maps.inputs();
        double[] out = new double[w.length];
        IntStream.range(0, maps.size()).parallel().forEach(n -> {
            for (int k = 0; k < c; k++) {
                int off = (n * c + k) * d;
                for (int i = 0; i < d; i++) {
                    out[off + i] = w[off + i] * x[n * d + i];
                }
            }
        });
        return out;
    }

    /** Contributions plus bias give the logits: from {@code contributions} when not null, else from the maps. */
    static void checkCompleteness(LocalMaps maps, double[] contributions) {
        int c = maps.classes();
        int d = maps.inputs();
        for (int n = 0; n < maps.size(); n += 97) {
            double[] logits = maps.logits(n);
            double[] bias = maps.bias(n);
            for (int k = 0; k < c; k++) {
                double sum = bias[k];
                for (int i = 0; i < d; i++) {
                    sum += contributions != null ? contributions[(n * c + k) * d + i] : maps.contribution(n, k, i);
                }
                if (Math.abs(sum - logits[k]) > 1e-9 * Math.max(1, Math.abs(logits[k]))) {
                    throw new IllegalStateException("contributions + bias != logits at input " + n + " class " + k);
                }
            }
        }
    }

    /** Number of distinct region ids. */
    static int regions(LocalMaps maps) {
        HashSet<String> ids = new HashSet<>();
        for (int i = 0; i < maps.size(); i++) {
            ids.add(maps.regionId(i));
        }
        return ids.size();
    }

    /** Share of on units per ReLU site, averaged over the inputs. */
    static double[] activeShare(LocalMaps maps) {
        int sites = maps.patterns(0).size();
        double[] share = new double[sites];
        for (int n = 0; n < maps.size(); n++) {
            List<String> p = maps.patterns(n);
            for (int s = 0; s < sites; s++) {
                String bits = p.get(s);
                share[s] += bits.chars().filter(ch -> ch == '1').count() / (double) bits.length();
            }
        }
        for (int s = 0; s < sites; s++) {
            share[s] /= maps.size();
        }
        return share;
    }

    static void summary(List<Timing> timings, Ours fast, Network net, String blas) {
        System.out.println();
        System.out.println("summary (best of runs, seconds; speed-up = their time / ours-fast time)");
        System.out.printf(Locale.ROOT, "  %-16s %9s %10s%n", "method", "seconds", "speed-up");
        for (Timing t : timings) {
            System.out.printf(Locale.ROOT, "  %-16s %9.3f %9.2fx%n", t.method(), t.seconds(),
                    t.seconds() / fast.timing().seconds());
        }
        List<String> sites = net.reluSites().stream().map(s -> s.name()).toList();
        StringBuilder s = new StringBuilder("  active units:");
        for (int i = 0; i < sites.size(); i++) {
            s.append(String.format(Locale.ROOT, " %s %.1f%%", sites.get(i), 100 * fast.activeShare()[i]));
        }
        System.out.println(s);
        System.out.println("  peer BLAS: " + blas);
        System.out.println("  cores: " + Runtime.getRuntime().availableProcessors() + ", java " + Runtime.version());
    }

    /** The {@code Value:} of the libblas alternative, or a note why it is unknown. */
    static String blasInUse() {
        List<String> lines = run(List.of("update-alternatives", "--query", BLAS), true);
        for (String line : lines == null ? List.<String>of() : lines) {
            if (line.startsWith("Value:")) {
                return line.substring("Value:".length()).trim();
            }
        }
        return "unknown (update-alternatives --query " + BLAS + " gave no Value)";
    }

    /**
     * Runs a command; returns its standard output lines. With {@code quiet} its standard error is dropped
     * and a failure gives null; otherwise standard error is echoed and a failure throws.
     */
    static List<String> run(List<String> cmd, boolean quiet) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectError(quiet ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.INHERIT);
            Process p = pb.start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            }
            int code = p.waitFor();
            if (code != 0) {
                if (quiet) {
                    return null;
                }
                throw new IllegalStateException("exit code " + code + " from " + String.join(" ", cmd));
            }
            return lines;
        } catch (IOException e) {
            if (quiet) {
                return null;
            }
            throw new IllegalStateException("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@link #run} that reports a failure on one line and gives no output lines. */
    private static List<String> runOrReport(List<String> cmd, String what) {
        try {
            return run(cmd, false);
        } catch (IllegalStateException e) {
            System.out.println(what + " failed: " + e.getMessage());
            return List.of();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** This JVM's heap options ({@code -Xms}, {@code -Xmx}), for the child JVM. */
    private static List<String> heapOptions() {
        List<String> heap = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xms") || a.startsWith("-Xmx")).toList();
        return heap.isEmpty() ? List.of("-Xmx8g") : heap;
    }

    /** Reads the model, or trains (or initialises) a seeded 784-256-256-10 ReLU network and writes it. */
    static Network loadOrCreate(Path file, Path testImages, Map<String, String> opt) throws IOException {
        if (Files.exists(file)) {
            return ModelJson.read(file);
        }
        long seed = Long.parseLong(opt.getOrDefault("seed", "7"));
        Path dir = testImages.toAbsolutePath().getParent();
        Path trainImages = dir.resolve("train-images-idx3-ubyte.gz");
        Path trainLabels = dir.resolve("train-labels-idx1-ubyte.gz");
        boolean train = opt.getOrDefault("init", "train").equals("train") && Files.exists(trainImages)
                && Files.exists(trainLabels);
        Network net;
        Map<String, Object> provenance = new LinkedHashMap<>();
        if (train) {
            int epochs = Integer.parseInt(opt.getOrDefault("epochs", "2"));
            System.out.println("training 784-256-256-10 on " + trainImages + " (seed " + seed + ", " + epochs
                    + " epochs) ...");
            double[][] x = readImages(trainImages, Integer.MAX_VALUE);
            int[] labels = readLabels(trainLabels, x.length);
            TrainedNetwork t = NetworkTrainer.mlp(784, new int[] {256, 256}, 10).optSeed(seed).optEpochs(epochs)
                    .optBatchSize(64).fit(x, labels);
            System.out.printf(Locale.ROOT, "trained: train accuracy %.4f, loss %.4f%n", t.trainAccuracy(), t.trainLoss());
            net = t.network();
            provenance.putAll(t.provenance());
            provenance.put("dataset", "mnist train (" + x.length + " images / 255)");
            provenance.put("trainAccuracy", t.trainAccuracy());
        } else {
            net = heInitialised(seed);
            provenance.put("init", "He: W ~ N(0, 2/in), b = 0");
            provenance.put("seed", seed);
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        ModelJson.write(net, file, provenance);
        return net;
    }

    /** A 784-256-256-10 ReLU network with {@code W ~ N(0, 2 / in)} and zero biases. */
    static Network heInitialised(long seed) {
        Random r = new Random(seed);
        int[] dims = {784, 256, 256, 10};
        List<Layer> layers = new ArrayList<>();
        for (int l = 1; l < dims.length; l++) {
            double[][] w = new double[dims[l]][dims[l - 1]];
            double scale = Math.sqrt(2.0 / dims[l - 1]);
            for (double[] row : w) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = r.nextGaussian() * scale;
                }
            }
            layers.add(new Dense(w, new double[dims[l]]));
            if (l < dims.length - 1) {
                layers.add(new Relu());
            }
        }
        return new Network(new int[] {784}, null, null, layers, true);
    }

    /** The first {@code n} labels of an IDX label file (gzipped or not). */
    static int[] readLabels(Path file, int n) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            if (magic != 2049) {
                throw new IOException(file + ": not an IDX label file (magic " + magic + ")");
            }
            int[] labels = new int[Math.min(n, in.readInt())];
            for (int k = 0; k < labels.length; k++) {
                labels[k] = in.readUnsignedByte();
            }
            return labels;
        }
    }

    private static String describe(Network net) {
        StringBuilder s = new StringBuilder().append(net.inputSize());
        for (Layer layer : net.layers()) {
            if (layer instanceof Dense d) {
                s.append('-').append(d.out());
            }
        }
        return s.toString();
    }

    /** The first {@code n} images of an IDX file (gzipped or not), scaled to {@code [0, 1]} by {@code / 255}. */
    static double[][] readImages(Path file, int n) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            if (magic != 2051) {
                throw new IOException(file + ": not an IDX image file (magic " + magic + ")");
            }
            int count = Math.min(n, in.readInt());
            int size = in.readInt() * in.readInt();
            byte[] pixels = new byte[size];
            double[][] xs = new double[count][size];
            for (int k = 0; k < count; k++) {
                in.readFully(pixels);
                for (int i = 0; i < size; i++) {
                    xs[k][i] = (pixels[i] & 0xff) / 255.0;
                }
            }
            return xs;
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            boolean flag = key.equals("only") || key.equals("skip-djl") || key.equals("prepare");
            opt.put(key, flag ? "" : args[++i]);
        }
        return opt;
    }

    static String require(Map<String, String> opt, String key) {
        String v = opt.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return v;
    }
}
