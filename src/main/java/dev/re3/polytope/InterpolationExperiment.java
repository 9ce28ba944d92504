package dev.re3.polytope;

import dev.re3.data.Dataset;
import dev.re3.net.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The interpolation experiment of the polytope lens (Black, Sharkey et al., 2022, section 5), made
 * exact: the density of region boundaries along straight interpolations between pairs of inputs of the
 * same class and of different classes, and whether it peaks where the predicted class changes.
 *
 * <p>Pairs are drawn with a seed: a same-class pair is an input and another input of its label, a
 * different-class pair two inputs with different labels. Each interpolation is walked exactly
 * ({@link PathWalker}); its boundary density ({@link DensityProfile}) is evaluated on a grid of {@code t}
 * with a moving window, and compared within {@code +-near} of each predicted-class change against
 * elsewhere. The paper measured boundaries by sampling; here every crossing is found.
 *
 * <pre>{@code
 * InterpolationResult r = InterpolationExperiment.of(net, Datasets.digits()).optPairs(50).optSeed(7).run();
 * r.summary();   // per kind: boundaries per unit length, class changes, density near changes vs elsewhere
 * }</pre>
 */
public final class InterpolationExperiment {
    private final Network network;
    private final Dataset data;
    private final int pairs;
    private final long seed;
    private final int grid;
    private final double window;
    private final double near;

    private InterpolationExperiment(Network network, Dataset data, int pairs, long seed, int grid, double window,
                                    double near) {
        this.network = network;
        this.data = data;
        this.pairs = pairs;
        this.seed = seed;
        this.grid = grid;
        this.window = window;
        this.near = near;
    }

    public static InterpolationExperiment of(Network network, Dataset data) {
        if (network == null || data == null) {
            throw new IllegalArgumentException("interpolation: expected a network and a dataset, got "
                    + (network == null ? "no network" : "no dataset"));
        }
        if (data.numFeatures() != network.inputSize()) {
            throw new IllegalArgumentException("dataset " + data.name() + ": expected inputs of " + network.inputSize()
                    + " numbers (the network's input size), got " + data.numFeatures());
        }
        return new InterpolationExperiment(network, data, 20, 42, 101, 0.05, 0.05);
    }

    /** Pairs of each kind (same class, different classes); default 20. */
    public InterpolationExperiment optPairs(int pairs) {
        return new InterpolationExperiment(network, data, Inputs.positive("pairs", pairs), seed, grid, window, near);
    }

    /** The seed of the pairs; default 42. */
    public InterpolationExperiment optSeed(long seed) {
        return new InterpolationExperiment(network, data, pairs, seed, grid, window, near);
    }

    /** Grid points of each density profile over {@code [0, 1]}; default 101. */
    public InterpolationExperiment optGrid(int grid) {
        if (grid < 2) {
            throw new IllegalArgumentException("grid: expected at least 2 points, got " + grid);
        }
        return new InterpolationExperiment(network, data, pairs, seed, grid, window, near);
    }

    /** The width in {@code t} of the density's moving window; default 0.05. */
    public InterpolationExperiment optWindow(double window) {
        if (!(window > 0 && window <= 1)) {
            throw new IllegalArgumentException("window: expected a width in (0, 1], got " + window);
        }
        return new InterpolationExperiment(network, data, pairs, seed, grid, window, near);
    }

    /** How close in {@code t} to a class change counts as near it; default 0.05. */
    public InterpolationExperiment optNear(double near) {
        if (!(near > 0 && near < 1)) {
            throw new IllegalArgumentException("near: expected a distance in (0, 1), got " + near);
        }
        return new InterpolationExperiment(network, data, pairs, seed, grid, window, near);
    }

    public InterpolationResult run() {
        int[] labels = data.labels();
        int n = labels.length;
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < data.numClasses(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            byClass.get(labels[i]).add(i);
        }
        boolean anySame = byClass.stream().anyMatch(l -> l.size() >= 2);
        boolean anyDifferent = byClass.stream().filter(l -> !l.isEmpty()).count() >= 2;
        if (!anySame || !anyDifferent) {
            throw new IllegalArgumentException("dataset " + data.name() + ": expected two inputs of one class and inputs"
                    + " of two classes, got " + n + " inputs in " + byClass.stream().filter(l -> !l.isEmpty()).count()
                    + " classes");
        }
        SplittableRandom r = new SplittableRandom(seed);
        PathWalker walker = PathWalker.of(network);
        List<InterpolationResult.Pair> out = new ArrayList<>();
        for (String kind : List.of(InterpolationResult.SAME, InterpolationResult.DIFFERENT)) {
            for (int p = 0; p < pairs; p++) {
                int i;
                int j;
                do {
                    i = r.nextInt(n);
                    if (kind.equals(InterpolationResult.SAME)) {
                        List<Integer> mates = byClass.get(labels[i]);
                        j = mates.get(r.nextInt(mates.size()));
                    } else {
                        j = r.nextInt(n);
                    }
                } while (i == j || (kind.equals(InterpolationResult.SAME) != (labels[i] == labels[j]))
                        || java.util.Arrays.equals(data.x(i), data.x(j)));
                out.add(pair(walker, kind, i, j, labels));
            }
        }
        return new InterpolationResult(network, data.name(), data.classes(), seed, window, near, out);
    }

    private InterpolationResult.Pair pair(PathWalker walker, String kind, int i, int j, int[] labels) {
        PathWalk walk = walker.segment(data.x(i), data.x(j));
        DensityProfile profile = walk.density(grid, window);
        List<ClassChange> changes = walk.predictionChanges();
        double[] t = profile.t();
        double[] d = profile.density();
        double sumNear = 0;
        double sumElse = 0;
        int nNear = 0;
        int nElse = 0;
        int peak = 0;
        for (int g = 0; g < t.length; g++) {
            if (d[g] > d[peak]) {
                peak = g;
            }
            if (nearChange(t[g], changes)) {
                sumNear += d[g];
                nNear++;
            } else {
                sumElse += d[g];
                nElse++;
            }
        }
        return new InterpolationResult.Pair(kind, i, j, labels[i], labels[j], walk.length(), walk.regions(),
                walk.boundariesPerUnitLength(), changes, nNear == 0 ? Double.NaN : sumNear / nNear,
                nElse == 0 ? Double.NaN : sumElse / nElse, !changes.isEmpty() && nearChange(t[peak], changes), profile);
    }

    private boolean nearChange(double t, List<ClassChange> changes) {
        for (ClassChange c : changes) {
            if (Math.abs(c.t() - t) <= near) {
                return true;
            }
        }
        return false;
    }
}
