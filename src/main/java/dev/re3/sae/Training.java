package dev.re3.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.re3.display.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One training run of a {@link SaeTrainer}. All DJL arrays live under one base manager closed at the end;
 * each step's temporaries are freed by an {@link NDScope}. Adam is written out here (rather than DJL's
 * optimiser) so that the decoder gradient can be projected and resampled rows can have their moments reset:
 * <pre>
 *   m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,  p <- p - lr_t (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * </pre>
 * with b1 = 0.9, b2 = 0.999, eps = 1e-8. Unit-norm decoders: {@code g <- g - <g, w> w} per row before the step,
 * rows renormalised after it.
 */
final class Training {
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;

    private final SaeTrainer t;

    Training(SaeTrainer trainer) {
        this.t = trainer;
    }

    FittedSae run(double[][] data) {
        int n = data.length;
        int d = data[0].length;
        int m = t.latents;
        Random random = new Random(t.seed);
        int[] order = permutation(n, random);
        int held = (int) Math.round(t.heldOut * n);
        if (n - held < 1) {
            throw new IllegalArgumentException("data: expected at least one training row after holding out "
                    + held + ", given " + n + " rows");
        }
        double[][] train = new double[n - held][];
        double[][] test = new double[held == 0 ? n - held : held][];
        for (int i = 0; i < n - held; i++) {
            train[i] = data[order[i]];
        }
        for (int i = 0; i < test.length; i++) {
            test[i] = held == 0 ? train[i] : data[order[n - held + i]];
        }
        double scale = t.scaleInput ? inputScale(train) : 1;
        int rows = train.length;
        float[] flat = new float[rows * d];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                flat[i * d + j] = (float) (scale * train[i][j]);
            }
        }
        double[] bDec = biasStart(train, scale, d, random);
        double[][] wDec = new double[m][d];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < d; j++) {
                wDec[i][j] = random.nextGaussian();
            }
            double norm = LinearSae.norm(wDec[i]);
            for (int j = 0; j < d; j++) {
                wDec[i][j] /= norm;
            }
        }
        double totalVariance = totalVariance(flat, rows, d);
        Objective objective = objective();
        Map<String, double[]> init = new LinkedHashMap<>();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        if (t.kind == SaeKind.CODEC) {
            init = CodecSae.initial(d, m, SaeTrainer.CODEC_LAYERS, random, shapes);
        } else {
            init.put("W_dec", flatten(wDec));
            init.put("b_dec", bDec);
        }
        if (t.kind != SaeKind.MP && t.kind != SaeKind.CODEC) {
            init.put("W_enc", flatten(wDec));
            init.put("b_enc", new double[m]);
        }
        if (t.kind == SaeKind.JUMPRELU) {
            double[] theta = new double[m];
            Arrays.fill(theta, t.jumpThreshold);
            init.put("theta", theta);
        }
        int batch = Math.min(t.batchSize, rows);
        int perEpoch = (rows + batch - 1) / batch;
        long total = (long) perEpoch * t.epochs;
        DataType type = t.float64 ? DataType.FLOAT64 : DataType.FLOAT32;
        TrainingHistory.Builder history = new TrainingHistory.Builder();
        Objective.State state = new Objective.State();
        state.dead = new boolean[m];
        state.random = t.kind == SaeKind.CODEC ? random : null;
        long[] sinceFired = new long[m];
        Map<String, double[]> trained = new LinkedHashMap<>();
        try (NDManager root = NDManager.newBaseManager();
                Progress bar = t.progress ? Progress.start("training " + t.kind.key() + " SAE", total)
                        : Progress.silent("training " + t.kind.key() + " SAE", total)) {
            Map<String, NDArray> p = new LinkedHashMap<>();
            Map<String, NDArray> mom1 = new LinkedHashMap<>();
            Map<String, NDArray> mom2 = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : init.entrySet()) {
                Shape shape = shapes.containsKey(e.getKey()) ? shapes.get(e.getKey())
                        : e.getKey().startsWith("W_") ? new Shape(m, d) : new Shape(e.getValue().length);
                // duplicate: into torch's own (64-byte aligned) memory, not the Java buffer DJL wraps, so that
                // float32 matmul results do not depend on where the JVM happened to allocate
                NDArray a = root.create(e.getValue(), shape).toType(type, true).duplicate();
                a.setRequiresGradient(true);
                p.put(e.getKey(), a);
                mom1.put(e.getKey(), root.zeros(shape, type));
                mom2.put(e.getKey(), root.zeros(shape, type));
            }
            // the training rows stay resident as one array; each epoch gathers them once in its shuffled order
            // and the steps take contiguous slices (no per-step copy from the Java heap)
            NDArray resident = root.create(flat, new Shape(rows, d)).toType(type, true).duplicate();
            long step = 0;
            long started = System.nanoTime();
            for (int epoch = 0; epoch < t.epochs; epoch++) {
                int[] shuffle = permutation(rows, random);
                long[] index = new long[rows];
                for (int r = 0; r < rows; r++) {
                    index[r] = shuffle[r];
                }
                NDArray shuffled;
                try (NDArray idx = root.create(index)) {
                    shuffled = resident.get(idx);
                }
                for (int from = 0; from < rows; from += batch) {
                    int to = Math.min(rows, from + batch);
                    step++;
                    try (NDScope scope = new NDScope()) {
                        NDArray x = shuffled.get(from + ":" + to);
                        state.coefficient = t.coefficient * ramp(step, t.sparsityWarmupSteps);
                        int deadCount = 0;
                        for (int i = 0; i < m; i++) {
                            state.dead[i] = sinceFired[i] >= t.deadSteps;
                            deadCount += state.dead[i] ? 1 : 0;
                        }
                        state.deadCount = deadCount;
                        Objective.Pass pass;
                        try (GradientCollector collector = root.getEngine().newGradientCollector()) {
                            pass = objective.forward(p, x, state);
                            collector.backward(pass.loss());
                        }
                        double loss = pass.loss().toType(DataType.FLOAT64, false).getDouble();
                        if (!Double.isFinite(loss)) {
                            throw new IllegalStateException("training diverged: the loss is " + loss + " at step "
                                    + step + " of " + total + " (epoch " + (epoch + 1)
                                    + "); try a smaller learning rate or gradient clipping");
                        }
                        double reconstruction = pass.reconstruction().toType(DataType.FLOAT64, false).getDouble();
                        float[] counts = pass.codes().gt(0).toType(DataType.FLOAT32, false).sum(new int[] {0}).toFloatArray();
                        double active = 0;
                        for (int i = 0; i < m; i++) {
                            active += counts[i];
                            sinceFired[i] = counts[i] > 0 ? 0 : sinceFired[i] + 1;
                        }
                        double lr = t.learningRate * ramp(step, t.warmupSteps) * decay(step, total);
                        update(p, mom1, mom2, objective.unitNormDecoder(), lr, step);
                        if (t.resampleEvery > 0 && t.kind == SaeKind.RELU && step % t.resampleEvery == 0) {
                            Resampling.resample(p, mom1, mom2, sinceFired, t.resampleEvery / 2, flat, rows, d, random);
                        }
                        if (step % t.logEvery == 0 || step == total) {
                            int dead = 0;
                            for (long s : sinceFired) {
                                dead += s >= t.deadSteps ? 1 : 0;
                            }
                            history.add(step, epoch + 1, lr, loss, reconstruction, reconstruction / (totalVariance),
                                    active / (to - from), dead / (double) m);
                        }
                    }
                    bar.step();
                }
                shuffled.close();
            }
            history.seconds((System.nanoTime() - started) / 1e9);
            for (Map.Entry<String, NDArray> e : p.entrySet()) {
                trained.put(e.getKey(), e.getValue().toType(DataType.FLOAT64, false).toDoubleArray());
            }
        }
        SparseAutoencoder sae = build(trained, scale, m, d, state);
        return new FittedSae(sae, SaeMetrics.of(sae, test), history.build(), t.settings(), rows, test.length, held == 0);
    }

    private Objective objective() {
        switch (t.kind) {
            case RELU:
                return ReluSae.objective();
            case TOPK:
                return TopKSae.objective(t.k);
            case BATCHTOPK:
                return BatchTopKSae.objective(t.k);
            case JUMPRELU:
                return JumpReluSae.objective(t.jumpEps);
            case MP:
                return MatchingPursuitSae.objective(t.k);
            case CODEC:
                return CodecSae.objective(SaeTrainer.CODEC_LAYERS, t.codecThreshold, t.codecDropout, t.codecNonNegative,
                        t.codecAuxK);
            default:
                throw new IllegalArgumentException("kind " + t.kind.key() + " is not trained by this trainer");
        }
    }

    private SparseAutoencoder build(Map<String, double[]> w, double scale, int m, int d, Objective.State state) {
        if (t.kind == SaeKind.CODEC) {
            return CodecSae.of(w, scale, d, m, SaeTrainer.CODEC_LAYERS, t.codecThreshold, t.coefficient, t.codecNonNegative);
        }
        double[][] wDec = unflatten(w.get("W_dec"), m, d);
        double[] bDec = w.get("b_dec");
        if (t.kind == SaeKind.MP) {
            return new MatchingPursuitSae(scale, wDec, bDec, t.k);
        }
        double[][] wEnc = unflatten(w.get("W_enc"), m, d);
        double[] bEnc = w.get("b_enc");
        switch (t.kind) {
            case RELU:
                return new ReluSae(scale, wEnc, bEnc, wDec, bDec, t.coefficient);
            case TOPK:
                return new TopKSae(scale, wEnc, bEnc, wDec, bDec, t.k);
            case BATCHTOPK:
                return new BatchTopKSae(scale, wEnc, bEnc, wDec, bDec, t.k,
                        Double.isNaN(state.threshold) ? 0 : state.threshold);
            default:
                double[] theta = w.get("theta");
                for (int i = 0; i < theta.length; i++) {
                    theta[i] = Math.max(0, theta[i]);
                }
                return new JumpReluSae(scale, wEnc, bEnc, wDec, bDec, theta, t.coefficient);
        }
    }

    /** One Adam step on every parameter, gradients projected / clipped first; gradients zeroed after. */
    private void update(Map<String, NDArray> p, Map<String, NDArray> mom1, Map<String, NDArray> mom2,
            boolean unitNorm, double lr, long step) {
        Map<String, NDArray> grads = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : p.entrySet()) {
            grads.put(e.getKey(), e.getValue().getGradient());
        }
        NDArray wDec = p.get("W_dec");
        if (unitNorm) {
            NDArray g = grads.get("W_dec");
            grads.put("W_dec", g.sub(g.mul(wDec).sum(new int[] {1}, true).mul(wDec)));
        }
        if (t.clipNorm > 0) {
            double sq = 0;
            for (NDArray g : grads.values()) {
                sq += g.square().sum().toType(DataType.FLOAT64, false).getDouble();
            }
            double norm = Math.sqrt(sq);
            if (norm > t.clipNorm) {
                for (Map.Entry<String, NDArray> e : grads.entrySet()) {
                    e.setValue(e.getValue().mul(t.clipNorm / norm));
                }
            }
        }
        double c1 = 1 - Math.pow(B1, step);
        double c2 = 1 - Math.pow(B2, step);
        for (Map.Entry<String, NDArray> e : p.entrySet()) {
            String name = e.getKey();
            NDArray g = grads.get(name);
            NDArray a = mom1.get(name).muli(B1).addi(g.mul(1 - B1));
            NDArray b = mom2.get(name).muli(B2).addi(g.square().mul(1 - B2));
            e.getValue().subi(a.div(c1).div(b.div(c2).sqrt().add(EPS)).mul(lr));
            NDArray raw = e.getValue().getGradient();
            raw.subi(raw);
        }
        if (unitNorm) {
            wDec.divi(wDec.square().sum(new int[] {1}, true).sqrt().maximum(1e-12));
        }
        if (p.containsKey("theta")) {
            NDArray theta = p.get("theta");
            theta.subi(theta.minimum(0)); // theta <- max(theta, 0), in place
        }
    }

    static double ramp(long step, int steps) {
        return steps <= 0 ? 1 : Math.min(1, step / (double) steps);
    }

    private double decay(long step, long total) {
        long steps = Math.round(t.decayFraction * total);
        long start = total - steps;
        return steps <= 0 || step <= start ? 1 : Math.max(0, (total - step + 1) / (double) (steps + 1));
    }

    /** s with mean |s x| = sqrt(d); 1 when every row is zero. */
    static double inputScale(double[][] x) {
        double sum = 0;
        for (double[] row : x) {
            sum += LinearSae.norm(row);
        }
        double mean = sum / x.length;
        return mean > 0 ? Math.sqrt(x[0].length) / mean : 1;
    }

    private double[] biasStart(double[][] train, double scale, int d, Random random) {
        double[] b = new double[d];
        if (t.biasInit == SaeTrainer.BiasInit.ZERO) {
            return b;
        }
        for (double[] row : train) {
            for (int j = 0; j < d; j++) {
                b[j] += scale * row[j] / train.length;
            }
        }
        if (t.biasInit == SaeTrainer.BiasInit.GEOMETRIC_MEDIAN) {
            b = GeometricMedian.of(train, scale, b, 4096, random);
        }
        return b;
    }

    private static double totalVariance(float[] flat, int rows, int d) {
        double total = 0;
        for (int j = 0; j < d; j++) {
            double s = 0;
            double sq = 0;
            for (int i = 0; i < rows; i++) {
                double v = flat[i * d + j];
                s += v;
                sq += v * v;
            }
            total += sq / rows - (s / rows) * (s / rows);
        }
        return Math.max(total, 1e-30);
    }

    static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    static double[] flatten(double[][] a) {
        int c = a[0].length;
        double[] f = new double[a.length * c];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, f, i * c, c);
        }
        return f;
    }

    static double[][] unflatten(double[] f, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(f, i * cols, a[i], 0, cols);
        }
        return a;
    }

    static List<Double> list(double... v) {
        List<Double> l = new ArrayList<>();
        for (double a : v) {
            l.add(a);
        }
        return l;
    }
}
