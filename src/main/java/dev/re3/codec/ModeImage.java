package dev.re3.codec;

import dev.re3.net.Network;
import dev.re3.plot.Figure;
import dev.re3.plot.Figures;
import dev.re3.region.Pullback;
import java.util.Arrays;
import java.util.Locale;

/**
 * The input-space map of one mode for one input (CODEC, {@code figure_7_visualization/visualize_modes.py}):
 * the target's gradient at the site {@code g = dT/da} kept on the mode's top owners (the units, or every
 * position of the channels, carrying most of its atom's weight) and zero elsewhere, pulled back to the input,
 * {@code J = g_mode . da/dx}, times the input: {@code map = J * x} ({@code [inputs]}). Summed, the map is the
 * part {@code sum_u g_u (a_u - b_u)} of the target carried by those units, with {@code b} the units' bias on
 * the region. Immutable.
 */
public final class ModeImage {
    private final Network network;
    private final int mode;
    private final int input;
    private final int[] owners;
    private final double[] image;
    private final double[] map;

    private ModeImage(Network network, int mode, int input, int[] owners, double[] image, double[] map) {
        this.network = network;
        this.mode = mode;
        this.input = input;
        this.owners = owners;
        this.image = image;
        this.map = map;
    }

    static ModeImage of(Modes modes, int mode, int input, int topOwners) {
        ContributionResult src = modes.source();
        if (input < 0 || input >= src.size()) {
            throw new IllegalArgumentException("input: expected an index in 0.." + (src.size() - 1) + ", got " + input);
        }
        double[] w = modes.ownerWeights(mode);
        int[] top = modes.topOwners(mode, Math.min(1.0, topOwners / (double) w.length));
        Network net = src.network();
        String site = src.site().name();
        double[] x = src.inputs()[input];
        double[] row = src.target().row(net.forward(x));
        Pullback pb = Pullback.of(net);
        double[] g = pb.pull(x, new double[][] {row}, Pullback.OUTPUT, site).cotangents()[0];
        double[] kept = new double[g.length];
        int[] shape = src.site().outputShape();
        int plane = modes.ownsChannels() ? shape[1] * shape[2] : 1;
        for (int o : top) {
            for (int u = o * plane; u < (o + 1) * plane; u++) {
                kept[u] = g[u];
            }
        }
        double[] j = pb.pull(x, new double[][] {kept}, site, Pullback.INPUT).cotangents()[0];
        double[] map = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            map[i] = j[i] * x[i];
        }
        return new ModeImage(net, mode, input, top, x.clone(), map);
    }

    public int mode() {
        return mode;
    }

    public int input() {
        return input;
    }

    /** The owners (channels or units) whose gradient the map carries. */
    public int[] owners() {
        return owners.clone();
    }

    /** The input, {@code [inputs]}. */
    public double[] image() {
        return image.clone();
    }

    /** {@code J * x}, {@code [inputs]}. */
    public double[] map() {
        return map.clone();
    }

    /** The map as a heatmap beside the image (image inputs), else as signed bars per feature. */
    public Figure plot() {
        String title = "Mode " + mode + " on input " + input + " (owners " + Arrays.toString(owners) + ")";
        int[] shape = network.inputShape();
        if (shape.length == 3) {
            return Figures.imageHeatmap(title, shape, image, map);
        }
        return Figures.contributions(title, network.features(), map, 0, Arrays.stream(map).sum(), "mode's part",
                Math.min(30, map.length));
    }

    public tech.tablesaw.api.Table toTable() {
        tech.tablesaw.api.StringColumn f = tech.tablesaw.api.StringColumn.create("feature", network.features());
        return tech.tablesaw.api.Table.create("mode " + mode + " map of input " + input).addColumns(f,
                tech.tablesaw.api.DoubleColumn.create("input", image), tech.tablesaw.api.DoubleColumn.create("map", map));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Mode image of mode %d on input %d: owners %s, map sum %.6g, max |map| %.6g", mode,
                input, Arrays.toString(owners), Arrays.stream(map).sum(),
                Arrays.stream(map).map(Math::abs).max().orElse(0));
    }
}
