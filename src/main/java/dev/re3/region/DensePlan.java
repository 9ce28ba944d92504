package dev.re3.region;

import dev.re3.net.BatchNorm;
import dev.re3.net.Dense;
import dev.re3.net.Dropout;
import dev.re3.net.Flatten;
import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import dev.re3.net.Site;
import dev.re3.net.Standardize;
import java.util.ArrayList;
import java.util.List;

/**
 * A network without convolutions, pools or residual blocks, as a plain sequence of three kinds of
 * steps on flat vectors: dense {@code y = W x + b}, elementwise affine {@code y = s * x + t} (standardize, batch
 * norm, expanded to one scale and shift per element) and rectifier {@code y = x > 0 ? x : alpha x}.
 * Flatten and dropout are the identity on flat vectors and are dropped.
 */
final class DensePlan {
    /** One step of the sequence. */
    sealed interface Step permits Affine, Scale, Gate {}

    /**
     * {@code y = W x + b} with {@code W} row-major {@code [out, in]} for the row form of the backward pass,
     * and its transpose {@code [in, out]} for the forward pass and the column form of the backward pass.
     * When every weight is a float32 value (as for a network trained in float32), {@code wf} and {@code wtf}
     * hold the same values as floats, which the kernels read in place of {@code w} and {@code wt} (half the
     * bytes, widened exactly to float64); otherwise they are null.
     */
    record Affine(int out, int in, double[] w, double[] wt, float[] wf, float[] wtf, double[] b) implements Step {}

    /** {@code y[i] = s[i] x[i] + t[i]}. */
    record Scale(double[] s, double[] t) implements Step {}

    /** A rectifier with slope {@code alpha} below zero ({@code 0} for ReLU) at a top-level site. */
    record Gate(double alpha, Site site) implements Step {}

    final List<Step> steps;
    final int inputs;
    final int classes;
    /** The widest vector met, input and output included. */
    final int widest;
    /**
     * The widest cotangent {@code G} of the backward pass is {@code [classes, widestG]}: every step's output,
     * and the input when the first step is not dense (a dense first step writes the map directly).
     */
    final int widestG;
    final int gates;

    private DensePlan(List<Step> steps, int inputs, int classes, int widest, int gates) {
        this.steps = steps;
        this.inputs = inputs;
        this.classes = classes;
        this.widest = widest;
        this.gates = gates;
        int g = steps.get(0) instanceof Affine ? classes : Math.max(classes, inputs);
        int width = inputs;
        for (Step step : steps) {
            width = step instanceof Affine a ? a.out() : width;
            g = Math.max(g, width);
        }
        this.widestG = g;
    }

    /**
     * Whether every layer is one of dense, ReLU, leaky ReLU, batch norm, flatten and dropout, and at
     * least one is not flatten or dropout.
     */
    static boolean fits(Network network) {
        boolean steps = false;
        for (Layer layer : network.layers()) {
            if (!(layer instanceof Dense || layer instanceof Relu || layer instanceof LeakyRelu
                    || layer instanceof BatchNorm || layer instanceof Standardize || layer instanceof Flatten
                    || layer instanceof Dropout)) {
                return false;
            }
            steps |= !(layer instanceof Flatten || layer instanceof Dropout);
        }
        return steps;
    }

    /** The plan of a network that {@link #fits}. */
    static DensePlan of(Network network) {
        List<Step> steps = new ArrayList<>();
        int widest = Math.max(network.inputSize(), network.outputSize());
        int gates = 0;
        List<Site> sites = network.sites();
        for (int i = 0; i < sites.size(); i++) {
            Site site = sites.get(i);
            Layer layer = site.layer();
            widest = Math.max(widest, site.units());
            if (layer instanceof Dense d) {
                double[] w = d.weightRowMajor();
                double[] wt = transpose(w, d.out(), d.in());
                steps.add(new Affine(d.out(), d.in(), w, wt, floats(w), floats(wt), d.bias()));
            } else if (layer instanceof BatchNorm bn) {
                steps.add(expand(bn, site.units()));
            } else if (layer instanceof Standardize st) {
                steps.add(new Scale(st.slope(), st.shift()));
            } else if (layer instanceof Relu) {
                steps.add(new Gate(0.0, site));
                gates++;
            } else if (layer instanceof LeakyRelu l) {
                steps.add(new Gate(l.alpha(), site));
                gates++;
            } else if (!(layer instanceof Flatten || layer instanceof Dropout)) {
                throw new IllegalArgumentException("the dense fast path cannot take layer " + site.name());
            }
        }
        return new DensePlan(List.copyOf(steps), network.inputSize(), network.outputSize(), widest, gates);
    }

    /** {@code w} as floats when each of its values is one exactly, else null. */
    private static float[] floats(double[] w) {
        float[] f = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            f[i] = (float) w[i];
            if (f[i] != w[i]) {
                return null;
            }
        }
        return f;
    }

    private static double[] transpose(double[] w, int rows, int cols) {
        double[] t = new double[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return t;
    }

    private static Scale expand(BatchNorm bn, int units) {
        double[] scale = bn.scale();
        double[] shift = bn.shift();
        int per = units / bn.channels();
        double[] s = new double[units];
        double[] t = new double[units];
        for (int i = 0; i < units; i++) {
            s[i] = scale[i / per];
            t[i] = shift[i / per];
        }
        return new Scale(s, t);
    }
}
