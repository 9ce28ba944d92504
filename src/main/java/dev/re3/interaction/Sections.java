package dev.re3.interaction;

import dev.re3.net.Dense;
import dev.re3.net.Dropout;
import dev.re3.net.Flatten;
import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import dev.re3.net.Standardize;
import dev.re3.region.Pullback;
import java.util.ArrayList;
import java.util.List;

/**
 * The node layers of a dense network and the sections between them. Node layers are the inputs of the dense
 * layers (the network input and the output of every top-level layer followed by a dense layer) and the logits;
 * section {@code l} is the run of layers from node {@code l} to node {@code l + 1}, held as a network of its own
 * so that the engine's forward pass and {@link Pullback} evaluate it at any activation, including projected
 * ones. An activation with its constant appended, {@code [f, c]}, is evaluated with every bias times {@code c}
 * (the bias folded into the constant input). Immutable.
 */
final class Sections {
    final Network network;
    final List<String> names = new ArrayList<>();
    final int[] units;
    private final List<List<Layer>> layers = new ArrayList<>();
    private final List<Network> plain = new ArrayList<>();

    Sections(Network network) {
        this.network = network;
        if (network.inputShape().length != 1) {
            throw new IllegalArgumentException("interaction basis: the reference method covers dense networks only, got an image input "
                    + java.util.Arrays.toString(network.inputShape()));
        }
        List<Layer> all = network.layers();
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Layer layer = all.get(i);
            if (!(layer instanceof Dense || layer instanceof Relu || layer instanceof LeakyRelu || layer instanceof Dropout
                    || layer instanceof Flatten || layer instanceof Standardize)) {
                throw new IllegalArgumentException("interaction basis: the reference method covers dense networks only (dense,"
                        + " relu, leaky_relu, dropout and standardize layers), got " + layer.type() + " at site " + i + "." + layer.type());
            }
            if (i + 1 < all.size() && all.get(i + 1) instanceof Dense && !(layer instanceof Standardize)) {
                ends.add(i);
            }
        }
        if (!(all.get(0) instanceof Dense) && ends.isEmpty()) {
            throw new IllegalArgumentException("interaction basis: expected a network with dense layers, got " + network);
        }
        names.add(Pullback.INPUT);
        for (int e : ends) {
            names.add(e + "." + all.get(e).type());
        }
        names.add(Pullback.OUTPUT);
        ends.add(all.size() - 1);
        units = new int[names.size()];
        units[0] = network.inputSize();
        int start = 0;
        for (int s = 0; s < ends.size(); s++) {
            List<Layer> section = List.copyOf(all.subList(start, ends.get(s) + 1));
            layers.add(section);
            int in = s == 0 ? network.inputSize() : network.site(names.get(s)).units();
            plain.add(new Network(new int[] {in}, null, null, section, false));
            units[s + 1] = plain.get(s).outputSize();
            start = ends.get(s) + 1;
        }
    }

    int count() {
        return names.size();
    }

    /** Section {@code s} with every bias times {@code c}. */
    Network section(int s, double c) {
        if (c == 1.0) {
            return plain.get(s);
        }
        List<Layer> scaled = new ArrayList<>();
        for (Layer l : layers.get(s)) {
            if (l instanceof Dense d) {
                double[] b = d.bias();
                for (int o = 0; o < b.length; o++) {
                    b[o] *= c;
                }
                scaled.add(new Dense(d.weight(), b));
            } else if (l instanceof Standardize st) {
                double[] m = st.mean();
                for (int i = 0; i < m.length; i++) {
                    m[i] *= c;
                }
                scaled.add(new Standardize(m, st.scale()));
            } else {
                scaled.add(l);
            }
        }
        return new Network(new int[] {units[s]}, null, null, scaled, false);
    }

    /**
     * The affine part of section {@code s}, its layers up to and including its dense layer, with every bias times
     * {@code c}: {@code [f, c] -> W f + b c} (a flatten or dropout before the dense layer is the identity here).
     */
    Network affinePart(int s, double c) {
        List<Layer> all = layers.get(s);
        int dense = firstDense(s);
        List<Layer> part = new ArrayList<>();
        for (Layer l : all.subList(0, dense + 1)) {
            if (l instanceof Dense d) {
                double[] b = d.bias();
                for (int o = 0; o < b.length; o++) {
                    b[o] *= c;
                }
                part.add(new Dense(d.weight(), b));
            } else {
                part.add(l);
            }
        }
        return new Network(new int[] {units[s]}, null, null, part, false);
    }

    /** The elementwise rest of section {@code s} after its dense layer (ReLU, leaky ReLU, dropout), or null if none. */
    Network elementwisePart(int s) {
        List<Layer> all = layers.get(s);
        int dense = firstDense(s);
        if (dense + 1 == all.size()) {
            return null;
        }
        return new Network(new int[] {units[s + 1]}, null, null, all.subList(dense + 1, all.size()), false);
    }

    private int firstDense(int s) {
        List<Layer> all = layers.get(s);
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof Dense) {
                return i;
            }
        }
        throw new IllegalStateException("section " + s + " has no dense layer");
    }

    /** The output of section {@code s} at the activation {@code [f, c]} ({@code f} of node {@code s}). */
    double[] forward(int s, double[] f, double c) {
        return section(s, c).forward(f);
    }

    /**
     * The Jacobian of {@code g . section_s} at {@code [f, c]}: row {@code r} holds {@code d(g_r . y)/d f} and, last,
     * the derivative by the constant {@code beta_r / c + gConst_r} (the next node's constant feeds itself).
     */
    double[][] jacobian(int s, double[] f, double c, double[][] g, double[] gConst) {
        if (!(c > 0)) {
            throw new IllegalArgumentException("interaction basis: expected a positive constant slot, got " + c);
        }
        Pullback.Result r = Pullback.of(section(s, c)).pull(f, g, Pullback.OUTPUT, Pullback.INPUT);
        return withConstant(r, c, gConst);
    }

    static double[][] withConstant(Pullback.Result r, double c, double[] gConst) {
        double[][] G = r.cotangents();
        double[] beta = r.beta();
        double[][] J = new double[G.length][];
        for (int i = 0; i < G.length; i++) {
            J[i] = java.util.Arrays.copyOf(G[i], G[i].length + 1);
            J[i][G[i].length] = beta[i] / c + (gConst == null ? 0 : gConst[i]);
        }
        return J;
    }
}
