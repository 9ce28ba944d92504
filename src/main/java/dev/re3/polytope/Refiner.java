package dev.re3.polytope;

import dev.re3.polytope.Program.Accumulate;
import dev.re3.polytope.Program.Finish;
import dev.re3.polytope.Program.Gate;
import dev.re3.polytope.Program.Linear;
import dev.re3.polytope.Program.Op;
import dev.re3.polytope.Program.Pool;
import dev.re3.polytope.Program.Save;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The exact partition of a low-dimensional slice of input space, refined layer by layer.
 *
 * <p>The slice is {@code x(p) = o + sum_j p_j e_j} with {@code k = 1} (a segment) or {@code k = 2} (a
 * plane) parameters. On a cell where the choices of every earlier gate and pool are fixed, every unit is
 * affine in {@code p}: a form of {@code k + 1} numbers. Affine layers map forms ({@link LinearMap}); at
 * a ReLU site each cell is cut by the zero line {@code z_u(p) = 0} of every unit that changes sign on it
 * ({@link GateCuts}), and each piece gates the forms by its own signs ({@code '1'} iff {@code z > 0}, the
 * convention of {@link dev.re3.region.RegionCode}); at a max pool each cell is cut into the parts where
 * one member of a window is the first maximum ({@link PoolCuts}), and each part copies the selected
 * forms. This is the refinement of SplineCam (Humayun, Balestriero et al., CVPR 2023), extended to max
 * pooling and residual branches.
 *
 * <p>Cells are refined depth first. The pieces of the first site are shared out as tasks over the
 * threads, each task with its own caches (an affine layer is updated only for the input units that
 * changed since the task's previous cell); leaves come back in task order, so the result does not depend
 * on the scheduling. With a leaf limit, a task stops once the tasks before it have found enough leaves
 * that its later ones cannot be among the first {@code maxLeaves}; the kept leaves are the first
 * {@code maxLeaves} in depth-first order whatever the timing.
 *
 * <p>Tolerance: a vertex with {@code |g| <= 1e-12 (|a| P_1 + |b| P_2 + |c|)} lies on the line
 * ({@link Cell}). A unit zero on a whole cell up to that tolerance takes the sign of its value inside the
 * cell (so a unit that is exactly zero is off and cuts nothing); near-ties in a max pool go to the
 * earlier member.
 */
final class Refiner {
    static final double TOL = 1e-12;
    /** Incremental updates of an affine layer before it is recomputed from scratch. */
    static final int REFRESH = 64;
    private static final long STACK = 1L << 28;

    final Program program;
    final List<Op> ops;
    final int k;
    final int cols;
    final int firstSplit;
    final GateCuts gates;
    final PoolCuts pools;

    /** One final cell: its choices and the logits as forms ({@code classes x (k + 1)}, by column). */
    record Leaf(Cell cell, Choices choices, double[] out) {}

    /** The leaves in depth-first order and whether the leaf limit stopped the refinement. */
    record Result(List<Leaf> leaves, boolean partial) {}

    /** A residual layer being summed: its input and the sum of the branches so far. */
    record Frame(double[] input, double[] sum, Frame next) {}

    /**
     * Where a cell is in the program: the op, its input forms, the residual stack and the choices so far;
     * for a max pool right after a ReLU, that ReLU's on/off bits ({@code z} is then its pre-activations),
     * the cell it was cut from, and a memo of pair orders on that cell ({@link PoolCuts}).
     */
    record Context(int pc, double[] z, Frame stack, Choices choices, long[] gate, Cell parent, PoolCuts.Memo memo) {
        Context(int pc, double[] z, Frame stack, Choices choices) {
            this(pc, z, stack, choices, null, null, null);
        }
    }

    interface Task {
        void run(Work w);
    }

    /** What one task owns: its leaves and caches, and its place among the tasks for the leaf limit. */
    final class Work {
        final List<Leaf> leaves = new ArrayList<>();
        final double[][] lastIn = new double[ops.size()][];
        final double[][] lastOut = new double[ops.size()][];
        final int[] uses = new int[ops.size()];
        /** Per op after a pool, the parent memo of the pool's previous cell ({@link PoolCuts}). */
        final PoolCuts.Memo[] lastMemo = new PoolCuts.Memo[ops.size()];
        /** Per op after a pool, the input unit each window's buffered form was taken from ({@link PoolCuts}). */
        final int[][] lastSel = new int[ops.size()][];
        /** Per op after a pool, scratch for the windows that changed and their change ({@link PoolCuts}). */
        final int[][] changed = new int[ops.size()][];
        final double[][] delta = new double[ops.size()][];
        private int[] units = new int[0];
        /**
         * Per affine layer after a pool that updates its output in place: that output, and per output unit
         * the {@code clock} of the last update that wrote it; per pool into an affine layer, the forms it
         * read last and the clock then ({@link PoolCuts}).
         */
        final double[][] stamped = new double[ops.size()][];
        final long[][] stamps = new long[ops.size()][];
        final double[][] lastZ = new double[ops.size()][];
        final long[] visited = new long[ops.size()];
        long clock;

        /** Scratch of at least {@code n} ints, overwritten by the next call. */
        int[] units(int n) {
            if (units.length < n) {
                units = new int[n];
            }
            return units;
        }
        final List<Task> tasks;
        private final int index;
        private final AtomicIntegerArray counts;
        private final int maxLeaves;
        boolean stopped;

        Work(int index, AtomicIntegerArray counts, int maxLeaves, boolean collect) {
            this.index = index;
            this.counts = counts;
            this.maxLeaves = maxLeaves;
            this.tasks = collect ? new ArrayList<>() : null;
        }

        void emit(Leaf leaf) {
            leaves.add(leaf);
            int n = leaves.size();
            if ((n & 63) == 0 || n > maxLeaves) {
                if (counts == null) {
                    stopped = n > maxLeaves;
                } else {
                    counts.set(index, n);
                    stopped = n > maxLeaves - before();
                }
            }
        }

        /** Leaves found so far by the tasks before this one: a lower bound of what they will find. */
        long before() {
            long s = 0;
            for (int i = 0; i < index; i++) {
                s += counts.get(i);
            }
            return s;
        }
    }

    Refiner(Program program, int k) {
        this.program = program;
        this.ops = program.ops();
        this.k = k;
        this.cols = k + 1;
        this.firstSplit = program.firstSplit();
        this.gates = new GateCuts(this);
        this.pools = new PoolCuts(this);
    }

    /**
     * Refines {@code root} through the whole network.
     *
     * @param input the input units as forms, {@code [(k + 1) * inputSize]} by column
     * @param maxLeaves keep at most this many final cells (the result is then partial)
     * @param threads worker threads, at least 1
     */
    Result refine(Cell root, double[] input, int maxLeaves, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(null, r, "re3-polytope", STACK);
            t.setDaemon(true);
            return t;
        });
        try {
            Work first = pool.submit(() -> {
                Work w = new Work(0, null, maxLeaves, true);
                run(root, 0, input, null, null, w);
                return w;
            }).get();
            List<Leaf> leaves = new ArrayList<>(first.leaves);
            boolean partial = first.stopped;
            AtomicIntegerArray counts = new AtomicIntegerArray(first.tasks.size());
            List<Future<Work>> futures = new ArrayList<>();
            for (int i = 0; i < first.tasks.size(); i++) {
                Task task = first.tasks.get(i);
                int index = i;
                futures.add(pool.submit(() -> {
                    Work w = new Work(index, counts, maxLeaves, false);
                    if (w.before() > maxLeaves) {
                        w.stopped = true;
                    } else {
                        task.run(w);
                        counts.set(index, w.leaves.size());
                    }
                    return w;
                }));
            }
            for (Future<Work> f : futures) {
                Work w = f.get();
                leaves.addAll(w.leaves);
                partial |= w.stopped;
            }
            if (leaves.size() > maxLeaves) {
                leaves = new ArrayList<>(leaves.subList(0, maxLeaves));
                partial = true;
            }
            return new Result(leaves, partial);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("partition interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Per gate or pool site, the cells after it: the leaves in depth-first order share their link for a
     * site while they descend from one cell of that site, so the cells are the runs of equal links.
     */
    static long[] cellsPerSite(List<Leaf> leaves, int sites) {
        long[] out = new long[sites];
        for (int s = 0; s < sites; s++) {
            Choices last = null;
            for (Leaf leaf : leaves) {
                Choices c = Choices.at(leaf.choices(), s);
                if (c != last || out[s] == 0) {
                    out[s]++;
                }
                last = c;
            }
        }
        return out;
    }

    /** Runs the program on a cell from op {@code pc} with input forms {@code f}. */
    void run(Cell cell, int pc, double[] f, Frame stack, Choices ch, Work w) {
        for (; pc < ops.size(); pc++) {
            if (w.stopped) {
                return;
            }
            Op op = ops.get(pc);
            if (op instanceof Linear l) {
                f = linear(pc, l.map(), f, w);
            } else if (op instanceof Save) {
                stack = new Frame(f, null, stack);
            } else if (op instanceof Accumulate) {
                Frame top = stack;
                stack = new Frame(top.input, top.sum == null ? f : add(top.sum, f), top.next);
                f = top.input;
            } else if (op instanceof Finish) {
                f = add(stack.sum, f);
                stack = stack.next;
            } else if (op instanceof Gate g) {
                gates.gate(cell, g, new Context(pc, f, stack, ch), w);
                return;
            } else if (op instanceof Pool p) {
                pools.pool(cell, p, new Context(pc, f, stack, ch), w);
                return;
            }
        }
        w.emit(new Leaf(cell, ch, f));
    }

    /** {@code A f + t}, updated from the task's previous result for the input units that changed. */
    private double[] linear(int pc, LinearMap m, double[] f, Work w) {
        double[] f0 = w.lastIn[pc];
        if (f0 == f) {
            return w.lastOut[pc];
        }
        double[] y = null;
        if (f0 != null && w.uses[pc] < REFRESH) {
            y = m.update(f0, w.lastOut[pc], f, cols, m.in / 4);
        }
        if (y == null) {
            y = m.apply(f, cols);
            w.uses[pc] = 0;
        } else {
            w.uses[pc]++;
        }
        w.lastIn[pc] = f;
        w.lastOut[pc] = y;
        return y;
    }

    private static double[] add(double[] a, double[] b) {
        double[] s = a.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += b[i];
        }
        return s;
    }
}
