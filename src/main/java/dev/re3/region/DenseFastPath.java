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
 * <p>computed per input from the top with only the on units' rows (or columns) of each {@code W_l}
 * ({@link DensePass}, {@link SimdKernel}, {@link SimdColumns}), together with the contributions
 * {@code W[c][i] x[i]}. The meaning of the result is that of {@link Linearizer}'s
 * reverse mode: same patterns and region ids, logits from a float64 forward pass, reconstruction error
 * {@code max_c |W x + b - logits|}, and one {@link HiddenLayer} per ReLU when asked.
 *
 * <p>Inputs are split into units of work handed to a fixed number of threads (the available processors);
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

    /**
     * The arrays one batch's maps are written into, one slot per input. {@code W} and the contributions are
     * held in blocks of {@code blockInputs} inputs ({@code [blockInputs][classes][inputs]} each, at most
     * {@link #BLOCK_BYTES}, a multiple of {@link DensePass#BLOCK} inputs when that many fit), which the thread
     * that fills a block allocates (and so zeroes) just before writing it: the zeroing runs on every thread,
     * close to the writes, and G1 keeps such large arrays in place (humongous) instead of copying them
     * between young collections.
     */
    static final class Batch {
        final int per;
        final int blockInputs;
        final double[] inputs;
        final double[][] weight;
        final double[][] contributions;
        final double[] bias;
        final double[] logits;
        final double[] errors;
        final List<String>[] patterns;
        final String[] ids;
        final List<HiddenLayer>[] hidden;

        @SuppressWarnings("unchecked")
        Batch(int n, int classes, int inputs, boolean keepHidden) {
            long per = (long) classes * inputs;
            if ((long) n * inputs > Integer.MAX_VALUE - 8 || per > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("inputs: " + n + " inputs of " + inputs + " features and "
                        + classes + " classes do not fit; pass fewer inputs at a time (Linearizer.forEachChunk)");
            }
            this.per = (int) per;
            int fit = (int) Math.max(1, Math.min(Integer.MAX_VALUE, BLOCK_BYTES / (8 * per)));
            fit -= fit >= DensePass.BLOCK ? fit % DensePass.BLOCK : 0;
            blockInputs = Math.min(Math.max(1, n), fit);
            int blocks = (n + blockInputs - 1) / blockInputs;
            this.inputs = new double[n * inputs];
            weight = new double[blocks][];
            contributions = new double[blocks][];
            bias = new double[n * classes];
            logits = new double[n * classes];
            errors = new double[n];
            patterns = (List<String>[]) new List<?>[n];
            ids = new String[n];
            hidden = keepHidden ? (List<HiddenLayer>[]) new List<?>[n] : null;
        }

        /**
         * Allocates the blocks of {@code W} and of the contributions that hold input {@code n}, unless done;
         * the thread that fills a block allocates it, just before writing its first input.
         */
        void allocate(int n) {
            int k = n / blockInputs;
            if (weight[k] == null) {
                int count = Math.min(blockInputs, patterns.length - k * blockInputs);
                weight[k] = new double[count * per];
                contributions[k] = new double[count * per];
            }
        }

        double[] weightBlock(int n) {
            return weight[n / blockInputs];
        }

        double[] contributionBlock(int n) {
            return contributions[n / blockInputs];
        }

        /** Where input {@code n}'s {@code [classes][inputs]} starts in its blocks. */
        int offset(int n) {
            return (n % blockInputs) * per;
        }
    }

    /** Bytes per block of {@code W} (and of the contributions), at most: just under 4 MB, one G1 region of 4 MB. */
    static final long BLOCK_BYTES = (4L << 20) - 64;

    /**
     * The local maps of every input, contributions included; the network must be {@link #supports supported}
     * and the inputs checked ({@link Network#checkInput}).
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
        return new LocalMaps(n, plan.classes, d, batch.inputs, batch.weight, batch.contributions, batch.blockInputs,
                batch.bias, batch.logits, batch.errors, List.of(batch.patterns), List.of(batch.ids),
                keepHidden ? List.of(batch.hidden) : List.of());
    }

    /**
     * Explains every input into {@code batch}: the calling thread and up to {@code THREADS - 1} pool threads
     * take units of whole storage blocks in turn and fill them {@link DensePass#BLOCK} inputs at a time.
     */
    private static void run(DensePlan plan, double[][] xs, Batch batch) {
        int size = unit(batch.blockInputs);
        int units = (xs.length + size - 1) / size;
        int workers = Math.min(THREADS, units);
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            DensePass pass = new DensePass(plan);
            for (int k; (k = next.getAndIncrement()) < units; ) {
                int from = k * size;
                int to = Math.min(xs.length, from + size);
                for (int b = from; b < to; b += DensePass.BLOCK) {
                    pass.explain(xs, b, Math.min(to, b + DensePass.BLOCK), batch);
                }
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

    /**
     * Inputs per unit of work: whole storage blocks, so that one thread allocates and fills each; at least
     * {@link DensePass#BLOCK} inputs.
     */
    static int unit(int blockInputs) {
        return blockInputs >= DensePass.BLOCK ? blockInputs : DensePass.BLOCK - DensePass.BLOCK % blockInputs;
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
