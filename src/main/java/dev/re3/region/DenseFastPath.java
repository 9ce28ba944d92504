package dev.re3.region;

import dev.re3.net.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exact local maps of dense ReLU stacks in Java, exploiting that a ReLU's off units drop out of the
 * backward pass: for {@code W1, b1 -> relu -> ... -> WL, bL}, with {@code D_l = diag(gate_l)},
 *
 * <pre>{@code
 * W = WL D_{L-1} W_{L-1} ... D_1 W1                          [classes, inputs]
 * b = bL + sum_{l < L} WL D_{L-1} W_{L-1} ... W_{l+1} D_l b_l   [classes]
 * }</pre>
 *
 * <p>computed per input from the top with only the on units' rows of each {@code W_l}
 * ({@link DensePass}, {@link SimdKernel}). The meaning of the result is that of {@link Linearizer}'s
 * reverse mode: same patterns and region ids, logits from a float64 forward pass, reconstruction error
 * {@code max_c |W x + b - logits|}, and one {@link HiddenLayer} per ReLU when asked.
 *
 * <p>Inputs are split into blocks handed to a fixed number of threads (the available processors);
 * each input is computed sequentially and independently, so results do not depend on the thread count.
 */
final class DenseFastPath {
    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static volatile ExecutorService pool;

    private DenseFastPath() {}

    /**
     * Whether the network is a plain sequence of dense, ReLU, leaky ReLU, batch norm, flatten and dropout
     * layers and the Vector API module is present at run time ({@code --add-modules jdk.incubator.vector}).
     */
    static boolean supports(Network network) {
        return VECTOR_API && DensePlan.fits(network);
    }

    /** The arrays one batch's maps are written into, one slot per input. */
    static final class Batch {
        final double[] inputs;
        final double[] weight;
        final double[] bias;
        final double[] logits;
        final double[] errors;
        final List<String>[] patterns;
        final String[] ids;
        final List<HiddenLayer>[] hidden;

        @SuppressWarnings("unchecked")
        Batch(int n, int classes, int inputs, boolean keepHidden) {
            long entries = (long) n * classes * inputs;
            if (entries > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("inputs: " + n + " maps of " + classes + " x " + inputs
                        + " weights do not fit one array; pass fewer inputs at a time (Linearizer.forEachChunk)");
            }
            this.inputs = new double[n * inputs];
            weight = new double[(int) entries];
            bias = new double[n * classes];
            logits = new double[n * classes];
            errors = new double[n];
            patterns = (List<String>[]) new List<?>[n];
            ids = new String[n];
            hidden = keepHidden ? (List<HiddenLayer>[]) new List<?>[n] : null;
        }
    }

    /**
     * The local maps of every input; the network must be {@link #supports supported} and the inputs
     * checked ({@link Network#checkInput}).
     *
     * @param xs {@code [n][inputSize]}
     * @param keepHidden whether to keep one {@link HiddenLayer} per ReLU and input
     */
    static LocalMaps linearize(Network network, double[][] xs, boolean keepHidden) {
        DensePlan plan = DensePlan.of(network);
        int n = xs.length;
        int d = plan.inputs;
        Batch batch = new Batch(n, plan.classes, d, keepHidden);
        run(plan, xs, batch);
        return new LocalMaps(n, plan.classes, d, batch.inputs, batch.weight, batch.bias, batch.logits, batch.errors,
                List.of(batch.patterns), List.of(batch.ids), keepHidden ? List.of(batch.hidden) : List.of());
    }

    /** Explains every input into {@code batch}: the calling thread and up to {@code THREADS - 1} pool threads. */
    private static void run(DensePlan plan, double[][] xs, Batch batch) {
        int block = DensePass.BLOCK;
        int blocks = (xs.length + block - 1) / block;
        int workers = Math.min(THREADS, blocks);
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            DensePass pass = new DensePass(plan);
            for (int b; (b = next.getAndIncrement()) < blocks; ) {
                pass.explain(xs, b * block, Math.min(xs.length, (b + 1) * block), batch);
            }
        };
        List<Future<?>> helpers = new ArrayList<>();
        for (int t = 1; t < workers; t++) {
            helpers.add(pool().submit(worker));
        }
        worker.run();
        for (Future<?> f : helpers) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while linearising", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("linearising failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (DenseFastPath.class) {
                if (pool == null) {
                    pool = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), r -> {
                        Thread t = new Thread(r, "re3-dense");
                        t.setDaemon(true);
                        return t;
                    });
                }
                p = pool;
            }
        }
        return p;
    }
}
