package dev.re3.polytope;

import dev.re3.net.AvgPool2d;
import dev.re3.net.BatchNorm;
import dev.re3.net.Conv2d;
import dev.re3.net.Dense;
import dev.re3.net.Dropout;
import dev.re3.net.Flatten;
import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import dev.re3.net.Residual;
import dev.re3.net.Site;
import dev.re3.net.Standardize;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A network compiled into a flat list of operations on affine forms, in forward order.
 *
 * <p>Affine layers become {@link Linear} operations; flatten and dropout disappear; every ReLU or leaky
 * ReLU becomes a {@link Gate}, every max pool a {@link Pool}; a residual layer with branches
 * {@code B_0 .. B_m} becomes {@code Save, B_0, Accumulate, B_1, ..., Accumulate, B_m, Finish}: the state
 * keeps a stack of (branch input, running sum) frames. Gates and pools are numbered in forward order,
 * the order of {@link Network#sites()}, which is the order of pattern strings and pool choices in
 * {@link dev.re3.region.RegionCode}.
 *
 * <p>{@link #op} is the one place where the polytope lens reads a layer's type; the refiner, the cuts and
 * the results work on the operations only. Site names and shapes come from {@link Network#sites()}.
 */
final class Program {
    /** One operation. */
    sealed interface Op permits Linear, Split, Save, Accumulate, Finish {}

    /** A site that cuts cells: a gate or a pool, numbered in forward order. */
    sealed interface Split extends Op permits Gate, Pool {
        /** The site name, e.g. {@code "1.relu"}. */
        String site();

        /** Position among the gate and pool sites together, in forward order. */
        int index();
    }

    /** An affine layer {@code y = A x + t}. */
    record Linear(LinearMap map) implements Op {}

    /**
     * A ReLU ({@code alpha = 0}) or leaky ReLU site.
     *
     * @param site the site name, e.g. {@code "1.relu"}
     * @param index position among the gate and pool sites together, in forward order
     * @param units number of units
     * @param alpha the slope for {@code z <= 0}
     */
    record Gate(String site, int index, int units, double alpha) implements Split {}

    /**
     * A max-pool site.
     *
     * @param site the site name
     * @param index position among the gate and pool sites together
     * @param windows per output unit, the flat input indices of its window in row-major window order,
     *     padding left out
     * @param inputs number of input units
     * @param flat the windows one after the other
     * @param offset where window {@code u} starts in {@code flat}, {@code [windows + 1]}
     * @param pairOffset where window {@code u}'s member pairs {@code (i < j)} start in a list of all pairs
     * @param bitsPerPick bits that hold a member's position in the largest window: 1, 2, 4, 8 or 16
     */
    record Pool(String site, int index, int[][] windows, int inputs, int[] flat, int[] offset, int[] pairOffset,
                int bitsPerPick) implements Split {
        Pool(String site, int index, int[][] windows, int inputs) {
            this(site, index, windows, inputs, java.util.Arrays.stream(windows).flatMapToInt(java.util.Arrays::stream)
                    .toArray(), offsets(windows, false), offsets(windows, true), bits(windows));
        }

        /** Window starts in {@code flat}, or in a list of the unordered pairs of each window's members. */
        private static int[] offsets(int[][] windows, boolean pairs) {
            int[] o = new int[windows.length + 1];
            for (int u = 0; u < windows.length; u++) {
                int k = windows[u].length;
                o[u + 1] = o[u] + (pairs ? k * (k - 1) / 2 : k);
            }
            return o;
        }

        /** Number of unordered pairs of members over all windows. */
        int pairs() {
            return pairOffset[windows.length];
        }

        /** Bits that hold a member's position in the largest window: 1, 2, 4, 8 or 16. */
        private static int bits(int[][] windows) {
            int max = 1;
            for (int[] w : windows) {
                max = Math.max(max, w.length);
            }
            int bits = 1;
            while ((1 << bits) < max) {
                bits *= 2;
            }
            return bits;
        }
    }

    /** Start of a residual layer: push the current form as the branches' input. */
    record Save() implements Op {}

    /** End of a branch that is not the last: add the form to the running sum, restart from the input. */
    record Accumulate() implements Op {}

    /** End of the last branch: the form plus the running sum; pop the frame. */
    record Finish() implements Op {}

    private final Network network;
    private final List<Op> ops = new ArrayList<>();
    private final List<Split> sites = new ArrayList<>();

    private Program(Network network) {
        this.network = network;
        compile(network.layers(), network.sites().iterator());
    }

    static Program of(Network network) {
        return new Program(network);
    }

    Network network() {
        return network;
    }

    List<Op> ops() {
        return ops;
    }

    /** The gate and pool sites in forward order. */
    List<Split> sites() {
        return sites;
    }

    /** The site name of gate or pool {@code index}. */
    String siteName(int index) {
        return sites.get(index).site();
    }

    /** Position in {@link #ops()} of the first gate or pool, or -1 if the network is affine. */
    int firstSplit() {
        for (int pc = 0; pc < ops.size(); pc++) {
            if (ops.get(pc) instanceof Split) {
                return pc;
            }
        }
        return -1;
    }

    /**
     * Compiles {@code layers} in forward order, taking each layer's site (name and shapes) from
     * {@link Network#sites()}, which lists the layers in this order with a residual layer's branches right
     * after it.
     */
    private void compile(List<Layer> layers, Iterator<Site> sites) {
        for (Layer layer : layers) {
            Site site = sites.next();
            if (layer instanceof Residual r) {
                ops.add(new Save());
                for (int b = 0; b < r.branches().size(); b++) {
                    compile(r.branches().get(b), sites);
                    ops.add(b < r.branches().size() - 1 ? new Accumulate() : new Finish());
                }
                continue;
            }
            Op op = op(site);
            if (op != null) {
                ops.add(op);
                if (op instanceof Split split) {
                    this.sites.add(split);
                }
            }
        }
    }

    /**
     * What one layer does to affine forms, or null for a layer that leaves them as they are (flatten,
     * dropout): the one place where the polytope lens reads a layer's type. Affine layers give their map,
     * rectifiers their slope for {@code z <= 0}, max pools their windows.
     */
    private Op op(Site site) {
        Layer layer = site.layer();
        int[] in = site.inputShape();
        int[] out = site.outputShape();
        if (layer instanceof Dense d) {
            return new Linear(LinearMap.dense(d));
        } else if (layer instanceof Conv2d c) {
            return new Linear(LinearMap.conv(c, in, out));
        } else if (layer instanceof BatchNorm b) {
            return new Linear(LinearMap.batchNorm(b, size(in)));
        } else if (layer instanceof Standardize st) {
            return new Linear(LinearMap.standardize(st));
        } else if (layer instanceof AvgPool2d p) {
            return new Linear(LinearMap.avgPool(p, in, out));
        } else if (layer instanceof Relu) {
            return new Gate(site.name(), sites.size(), site.units(), 0.0);
        } else if (layer instanceof LeakyRelu l) {
            return new Gate(site.name(), sites.size(), site.units(), l.alpha());
        } else if (layer instanceof MaxPool2d p) {
            int[][] windows = new int[site.units()][];
            int[] inside = new int[p.kernel()[0] * p.kernel()[1]];
            for (int u = 0; u < windows.length; u++) {
                windows[u] = java.util.Arrays.copyOf(inside, p.window(in, u, inside, 0));
            }
            return new Pool(site.name(), sites.size(), windows, size(in));
        } else if (layer instanceof Flatten || layer instanceof Dropout) {
            return null;
        }
        throw new IllegalArgumentException("layer " + site.name() + ": cannot partition a layer of type " + layer.type());
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
