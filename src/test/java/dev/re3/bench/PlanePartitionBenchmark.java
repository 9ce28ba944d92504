package dev.re3.bench;

import dev.re3.data.Dataset;
import dev.re3.data.Datasets;
import dev.re3.djl.NetworkTrainer;
import dev.re3.djl.TrainedNetwork;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import dev.re3.polytope.Domain;
import dev.re3.polytope.Plane;
import dev.re3.polytope.PlanePartition;
import dev.re3.polytope.PlanePartitioner;
import dev.re3.polytope.PlanePolygon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times the exact partition of a plane through three MNIST test images into linear regions, for the
 * 784-256-256-10 ReLU MLP and for the MNIST CNN ({@code conv3x3x8-relu-maxpool2-conv3x3x16-relu-maxpool2-dense10}).
 * Prints one line per model: polygons, best seconds of {@code --repeat} runs after a warm-up, polygons per
 * second, the process's CPU seconds in the best run (all threads; a check on a busy machine), decision-boundary
 * segments, the relative gap of the polygons' areas to the rectangle's, and the
 * cells after each layer; then the time to hash every polygon's region id, which the partition defers.
 *
 * <pre>
 * PlanePartitionBenchmark [--mlp target/bench/mnist-784-256-256-10.json] [--cnn target/bench/mnist-cnn.json]
 *     [--images 0,1,2] [--domain u0,u1,v0,v1] [--cnn-domain u0,u1,v0,v1] [--repeat 3] [--threads 2] [--seed 7]
 *     [--max-polygons N] [--only mlp|cnn] [--mlp-epochs 2] [--cnn-epochs 1] [--train-limit 60000]
 * </pre>
 *
 * <p>The plane puts the three images at {@code (0,0)}, {@code (1,0)} and {@code (0,1)}. The MLP is partitioned
 * on {@code --domain} (default {@code [-0.25, 1.25]^2}, the plane's default rectangle). The CNN cuts the plane
 * far more finely (its first layer alone has 6272 ReLUs, each a line), about five million polygons on that
 * rectangle, so it is timed on {@code --cnn-domain} (default {@code [0.25, 0.45]^2}, a square inside the
 * triangle of the three images).
 *
 * <p>A missing model file is trained with {@link NetworkTrainer} on the MNIST training images (the first
 * {@code --train-limit}, seeded) and written in the {@code re3-model/1} format; the MLP recipe is that of
 * {@code ExplainMnistBenchmark} (2 epochs, batches of 64), so the two benchmarks share the file.
 */
public final class PlanePartitionBenchmark {
    private PlanePartitionBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            opt.put(key, i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true");
        }
        int repeat = Integer.parseInt(opt.getOrDefault("repeat", "3"));
        int threads = Integer.parseInt(opt.getOrDefault("threads", "2"));
        int max = Integer.parseInt(opt.getOrDefault("max-polygons", String.valueOf(PlanePartitioner.DEFAULT_MAX_POLYGONS)));
        long seed = Long.parseLong(opt.getOrDefault("seed", "7"));
        String only = opt.getOrDefault("only", "");
        String[] idx = opt.getOrDefault("images", "0,1,2").split(",");
        Dataset test = Datasets.mnistTest();
        double[][] x = new double[3][];
        StringBuilder labels = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            int i = Integer.parseInt(idx[k].trim());
            x[k] = test.x(i);
            labels.append(k == 0 ? "" : ",").append(test.className(i));
        }
        Plane plane = Plane.through(x[0], x[1], x[2]);
        Domain domain = opt.containsKey("domain") ? domain(opt.get("domain")) : plane.defaultDomain();
        Domain cnnDomain = domain(opt.getOrDefault("cnn-domain", "0.25,0.45,0.25,0.45"));
        System.out.println("plane through MNIST test images " + String.join(",", idx) + " (labels " + labels
                + "), threads " + threads + ", processors " + Runtime.getRuntime().availableProcessors());
        System.out.println("model\tpolygons\tseconds\tpolygons/s\tcpu s\tboundary\tarea gap\tcells per site\tids s");
        if (!only.equals("cnn")) {
            Network mlp = loadOrTrain(Path.of(opt.getOrDefault("mlp", "target/bench/mnist-784-256-256-10.json")), false,
                    seed, Integer.parseInt(opt.getOrDefault("mlp-epochs", "2")), opt);
            time("mlp-784-256-256-10 " + domain, mlp, plane, domain, threads, max, repeat);
        }
        if (!only.equals("mlp")) {
            Network cnn = loadOrTrain(Path.of(opt.getOrDefault("cnn", "target/bench/mnist-cnn.json")), true, seed,
                    Integer.parseInt(opt.getOrDefault("cnn-epochs", "1")), opt);
            time("cnn-mnist " + cnnDomain, cnn, plane, cnnDomain, threads, max, repeat);
        }
    }

    static void time(String name, Network net, Plane plane, Domain domain, int threads, int max, int repeat) {
        PlanePartitioner partitioner = PlanePartitioner.of(net).optDomain(domain).optThreads(threads).optMaxPolygons(max);
        double best = Double.POSITIVE_INFINITY;
        double bestCpu = Double.POSITIVE_INFINITY;
        PlanePartition p = null;
        for (int r = 0; r <= repeat; r++) {
            p = null;
            System.gc();
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            p = partitioner.partition(plane);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - c0) / 1e9;
            if (r > 0 || repeat == 0) {
                best = Math.min(best, s);
                bestCpu = Math.min(bestCpu, cpu);
            }
        }
        long t0 = System.nanoTime();
        for (PlanePolygon poly : p.polygons()) {
            poly.regionId();
        }
        double ids = (System.nanoTime() - t0) / 1e9;
        List<String> cells = new ArrayList<>();
        var sites = p.sites();
        for (int i = 0; i < sites.rowCount(); i++) {
            cells.add(sites.stringColumn("site").get(i) + "=" + sites.longColumn("cells").get(i));
        }
        double gap = Math.abs(p.coveredArea() - domain.area()) / domain.area();
        System.out.println(String.format(Locale.ROOT, "%s\t%d\t%.3f\t%.0f\t%.3f\t%d\t%.1e\t%s\t%.3f%s", name,
                p.regions(), best, p.regions() / best, bestCpu, p.decisionBoundary().size(), gap, String.join(" ", cells),
                ids, p.isPartial() ? "\tPARTIAL: " + p.message() : ""));
    }

    /** CPU time of the whole process (all threads), in nanoseconds. */
    static long cpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    static Network loadOrTrain(Path file, boolean cnn, long seed, int epochs, Map<String, String> opt) throws Exception {
        if (Files.exists(file)) {
            return ModelJson.read(file);
        }
        int limit = Integer.parseInt(opt.getOrDefault("train-limit", "60000"));
        Dataset train = Datasets.mnistTrain(limit);
        System.out.println("training " + (cnn ? "the MNIST CNN" : "784-256-256-10") + " on " + train.size()
                + " MNIST training images (seed " + seed + ", " + epochs + " epochs) ...");
        NetworkTrainer trainer = cnn ? NetworkTrainer.cnn(new int[] {1, 28, 28}, 10)
                : NetworkTrainer.mlp(784, new int[] {256, 256}, 10);
        TrainedNetwork t = trainer.optSeed(seed).optEpochs(epochs).optBatchSize(64).fit(train.x(), train.labels());
        Dataset test = Datasets.mnistTest();
        double accuracy = NetworkTrainer.evaluate(t.network(), test.x(), test.labels());
        System.out.printf(Locale.ROOT, "trained: train accuracy %.4f, test accuracy %.4f%n", t.trainAccuracy(), accuracy);
        Map<String, Object> provenance = new LinkedHashMap<>(t.provenance());
        provenance.put("dataset", "mnist train (first " + train.size() + " images / 255)");
        provenance.put("trainAccuracy", t.trainAccuracy());
        provenance.put("testAccuracy", accuracy);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        ModelJson.write(t.network(), file, provenance);
        return t.network();
    }

    static Domain domain(String text) {
        String[] p = text.split(",");
        return new Domain(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]),
                Double.parseDouble(p[3]));
    }
}
