package dev.re3.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * CODEC's SAE (Baccus lab, "CODEC", arXiv 2603.06557; {@code bscope/sae.py} and
 * {@code preprocessing/3a_train_saes_resnet.py} of baccuslab/CODEC_ICLR_2026): an MLP encoder ending in a
 * sigmoid with a hard threshold, and a bias-free dictionary with an L1 penalty on its entries.
 * <pre>
 *   a_0 = s x - b_dec                                                   (d)
 *   a_l = LayerNorm_l(relu(W_l a_(l-1) + c_l))    l = 1..L              (w)  dropout after W_l in training
 *   h   = W_enc a_L + b_enc,   c = sigmoid(h),   f_i = c_i 1[c_i >= tau]  (m)
 *   x_hat = (f W_dec + b_dec) / s
 *   loss = |s x - (f W_dec + b_dec)|^2 + lambda sum_ij |W_dec,ij| / m
 * </pre>
 * {@code LayerNorm(u) = g (u - mean u) / sqrt(var u + 1e-5) + beta} with the biased variance over the w units,
 * as PyTorch's. The loss is CODEC's {@code MSELoss + lambda mean|D|} times d, so lambda is CODEC's atom L1
 * (5e-5 there). The mask is not differentiated (CODEC detaches it): gradients reach the encoder only through
 * latents that fire, so a latent whose code stays below tau never comes back (on small sites every latent can
 * end dead; {@link SaeMetrics#deadFraction()} says so). Not part of CODEC, and off by default
 * ({@link SaeTrainer#optCodecAuxK(boolean)}), training can add TopK's AuxK term (Gao et al. 2024, see
 * {@link TopKSae}) over the latents counted dead (no code at or above tau for {@link SaeTrainer#optDeadSteps}
 * steps), taken on their codes before the threshold:
 * <pre>
 *   e = s x - (f W_dec + b_dec)  (detached),   z_aux = TopK_{k_aux}(c over dead latents),  k_aux = min(max(1, d/2), dead)
 *   loss += (1/32) |e - z_aux W_dec|^2 / |e - mean(e)|^2      (batch means of row sums; W_dec -> relu(W_dec) if >= 0)
 * </pre>
 * so a dead latent's encoder row and atom are pulled towards the residual it could explain, until its code
 * reaches tau and the published loss takes over. Codes lie in [tau, 1], so amplitudes are only partly
 * reconstructed. With a non-negative dictionary, training uses {@code relu(W_dec)} and this SAE holds it.
 * Trained by {@link Sae#codec(int, double)} with CODEC's layout: two hidden layers of width d, tau = 0.8,
 * dropout 0.05, no b_enc or b_dec (kept here at 0 so that the frame is that of every other variant).
 */
public final class CodecSae implements SparseAutoencoder {
    /** LayerNorm's epsilon, PyTorch's default. */
    public static final double LAYER_NORM_EPS = 1e-5;

    /** One hidden layer: {@code LayerNorm(relu(weight a + bias))} with gain and shift; weight is w x w_in. */
    public record Layer(double[][] weight, double[] bias, double[] gain, double[] shift) {
        public Layer {
            Checks.matrix("hidden weight", weight, -1, -1);
            Checks.vector("hidden bias", bias, weight.length);
            Checks.vector("layer-norm gain", gain, weight.length);
            Checks.vector("layer-norm shift", shift, weight.length);
            weight = Checks.copy(weight);
            bias = bias.clone();
            gain = gain.clone();
            shift = shift.clone();
        }

        @Override
        public double[][] weight() {
            return Checks.copy(weight);
        }

        @Override
        public double[] bias() {
            return bias.clone();
        }

        @Override
        public double[] gain() {
            return gain.clone();
        }

        @Override
        public double[] shift() {
            return shift.clone();
        }

        double[] apply(double[] a) {
            int w = bias.length;
            double[] u = new double[w];
            double mean = 0;
            for (int i = 0; i < w; i++) {
                double s = bias[i];
                for (int j = 0; j < a.length; j++) {
                    s += weight[i][j] * a[j];
                }
                u[i] = Math.max(0, s);
                mean += u[i] / w;
            }
            double var = 0;
            for (double v : u) {
                var += (v - mean) * (v - mean) / w;
            }
            double inv = 1 / Math.sqrt(var + LAYER_NORM_EPS);
            for (int i = 0; i < w; i++) {
                u[i] = gain[i] * (u[i] - mean) * inv + shift[i];
            }
            return u;
        }
    }

    private final int d;
    private final int m;
    private final double scale;
    private final List<Layer> hidden;
    private final double[][] wEnc;
    private final double[] bEnc;
    private final double[][] wDec;
    private final double[] bDec;
    private final double threshold;
    private final double l1;
    private final boolean nonNegative;

    /**
     * @param scale input scale s; @param hidden the hidden layers, first taking d inputs (may be empty)
     * @param wEnc m x w (w the last hidden width, d without hidden layers); @param bEnc m
     * @param wDec m x d; @param bDec d; @param threshold tau in (0, 1)
     * @param l1 the dictionary L1 coefficient lambda (>= 0); @param nonNegative whether W_dec must be >= 0
     */
    public CodecSae(double scale, List<Layer> hidden, double[][] wEnc, double[] bEnc, double[][] wDec, double[] bDec,
            double threshold, double l1, boolean nonNegative) {
        Checks.positive("input scale", scale);
        this.d = Checks.matrix("decoder weight", wDec, -1, -1);
        this.m = wDec.length;
        Checks.vector("decoder bias", bDec, d);
        this.hidden = List.copyOf(hidden);
        int width = d;
        for (int l = 0; l < this.hidden.size(); l++) {
            Layer layer = this.hidden.get(l);
            if (layer.weight[0].length != width) {
                throw new IllegalArgumentException("hidden layer " + l + ": expected a weight of " + width
                        + " columns, given " + layer.weight[0].length);
            }
            width = layer.bias.length;
        }
        Checks.matrix("encoder weight", wEnc, m, width);
        Checks.vector("encoder bias", bEnc, m);
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("code threshold: expected a number in (0, 1), given " + threshold);
        }
        Checks.nonNegative("l1 coefficient", l1);
        if (nonNegative) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < d; j++) {
                    if (wDec[i][j] < 0) {
                        throw new IllegalArgumentException("decoder weight: expected values >= 0 for a non-negative"
                                + " dictionary, given " + wDec[i][j] + " at row " + i + ", column " + j);
                    }
                }
            }
        }
        this.scale = scale;
        this.wEnc = Checks.copy(wEnc);
        this.bEnc = bEnc.clone();
        this.wDec = Checks.copy(wDec);
        this.bDec = bDec.clone();
        this.threshold = threshold;
        this.l1 = l1;
        this.nonNegative = nonNegative;
    }

    @Override
    public SaeKind kind() {
        return SaeKind.CODEC;
    }

    @Override
    public int inputSize() {
        return d;
    }

    @Override
    public int latents() {
        return m;
    }

    public double inputScale() {
        return scale;
    }

    /** The hidden layers (immutable values). */
    public List<Layer> hidden() {
        return hidden;
    }

    /** The code threshold tau. */
    public double threshold() {
        return threshold;
    }

    /** The dictionary L1 coefficient lambda. */
    public double l1() {
        return l1;
    }

    public boolean nonNegative() {
        return nonNegative;
    }

    /** The sigmoid codes {@code c = sigmoid(h)} before the threshold, length m. */
    public double[] codes(double[] x) {
        Checks.vector("input", x, d);
        double[] a = Decoding.centred(x, scale, bDec);
        for (Layer layer : hidden) {
            a = layer.apply(a);
        }
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            double s = bEnc[i];
            for (int j = 0; j < a.length; j++) {
                s += wEnc[i][j] * a[j];
            }
            c[i] = 1 / (1 + Math.exp(-s));
        }
        return c;
    }

    @Override
    public double[] encode(double[] x) {
        double[] c = codes(x);
        for (int i = 0; i < m; i++) {
            c[i] = c[i] >= threshold ? c[i] : 0;
        }
        return c;
    }

    @Override
    public double[] decode(double[] f) {
        return Decoding.decode(f, wDec, bDec, scale);
    }

    @Override
    public double loss(double[][] x) {
        Checks.rows("data", x, d);
        double total = Decoding.squaredError(x, scale, row -> Decoding.scaled(encode(row), wDec, bDec));
        double abs = 0;
        for (double[] row : wDec) {
            for (double v : row) {
                abs += Math.abs(v);
            }
        }
        return total / x.length + l1 * abs / m;
    }

    @Override
    public double[] decoderRow(int i) {
        return wDec[i].clone();
    }

    public double[][] encoderWeight() {
        return Checks.copy(wEnc);
    }

    public double[] encoderBias() {
        return bEnc.clone();
    }

    public double[][] decoderWeight() {
        return Checks.copy(wDec);
    }

    public double[] decoderBias() {
        return bDec.clone();
    }

    /**
     * CODEC's initial parameters, PyTorch's defaults: hidden {@code W_l, c_l ~ U(-1/sqrt(w_in), 1/sqrt(w_in))},
     * gains 1, shifts 0, {@code W_enc ~ U(-1/sqrt(w), 1/sqrt(w))}, {@code W_dec} Xavier-uniform
     * {@code U(-sqrt(6/(m+d)), sqrt(6/(m+d)))}. Names {@code H<l>_W}, {@code H<l>_b}, {@code H<l>_g},
     * {@code H<l>_s}, {@code W_enc}, {@code W_dec}; shapes into {@code shapes}.
     */
    static Map<String, double[]> initial(int d, int m, int layers, Random random, Map<String, Shape> shapes) {
        Map<String, double[]> p = new LinkedHashMap<>();
        double bound = 1 / Math.sqrt(d);
        for (int l = 0; l < layers; l++) {
            put(p, shapes, "H" + l + "_W", uniform(d * d, bound, random), new Shape(d, d));
            put(p, shapes, "H" + l + "_b", uniform(d, bound, random), new Shape(d));
            double[] ones = new double[d];
            java.util.Arrays.fill(ones, 1);
            put(p, shapes, "H" + l + "_g", ones, new Shape(d));
            put(p, shapes, "H" + l + "_s", new double[d], new Shape(d));
        }
        put(p, shapes, "W_enc", uniform(m * d, bound, random), new Shape(m, d));
        put(p, shapes, "W_dec", uniform(m * d, Math.sqrt(6.0 / (m + d)), random), new Shape(m, d));
        return p;
    }

    private static void put(Map<String, double[]> p, Map<String, Shape> shapes, String name, double[] v, Shape s) {
        p.put(name, v);
        shapes.put(name, s);
    }

    private static double[] uniform(int n, double bound, Random random) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (2 * random.nextDouble() - 1) * bound;
        }
        return v;
    }

    /** The trained SAE from the parameters of {@link #initial} (W_dec already non-negative or not). */
    static CodecSae of(Map<String, double[]> w, double scale, int d, int m, int layers, double threshold, double l1,
            boolean nonNegative) {
        List<Layer> hidden = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            hidden.add(new Layer(Training.unflatten(w.get("H" + l + "_W"), d, d), w.get("H" + l + "_b"),
                    w.get("H" + l + "_g"), w.get("H" + l + "_s")));
        }
        double[][] wDec = Training.unflatten(w.get("W_dec"), m, d);
        if (nonNegative) {
            for (double[] row : wDec) {
                for (int j = 0; j < d; j++) {
                    row[j] = Math.max(0, row[j]);
                }
            }
        }
        return new CodecSae(scale, hidden, Training.unflatten(w.get("W_enc"), m, d), new double[m], wDec, new double[d],
                threshold, l1, nonNegative);
    }

    /** The published training graph, without the dead-latent term. */
    static Objective objective(int layers, double threshold, double dropout, boolean nonNegative) {
        return objective(layers, threshold, dropout, nonNegative, false);
    }

    /**
     * The training graph; dropout masks are drawn from {@code state.random} when it is set and dropout > 0.
     * With {@code auxK}, latents counted dead in {@code state.dead} add the AuxK term of the class comment.
     */
    static Objective objective(int layers, double threshold, double dropout, boolean nonNegative, boolean auxK) {
        return new Objective() {
            @Override
            public Pass forward(Map<String, NDArray> p, NDArray x, State state) {
                NDArray a = x;
                for (int l = 0; l < layers; l++) {
                    a = a.matMul(p.get("H" + l + "_W").transpose()).add(p.get("H" + l + "_b"));
                    if (dropout > 0 && state.random != null) {
                        a = a.mul(dropoutMask(a, dropout, state.random));
                    }
                    a = a.maximum(0);
                    NDArray mean = a.mean(new int[] {1}, true);
                    NDArray centred = a.sub(mean);
                    NDArray var = centred.square().mean(new int[] {1}, true);
                    a = centred.div(var.add(LAYER_NORM_EPS).sqrt()).mul(p.get("H" + l + "_g")).add(p.get("H" + l + "_s"));
                }
                NDArray c = Activation.sigmoid(a.matMul(p.get("W_enc").transpose()));
                NDArray f = c.mul(c.gte(threshold).toType(c.getDataType(), false).stopGradient());
                NDArray dict = nonNegative ? p.get("W_dec").maximum(0) : p.get("W_dec");
                NDArray xHat = f.matMul(dict);
                NDArray rec = Objective.squaredError(x, xHat);
                NDArray penalty = dict.abs().sum().div(dict.getShape().get(0));
                NDArray loss = rec.add(penalty.mul(state.coefficient));
                // the codes lie in (0, 1), so TopK's relu(h) of them is c itself: the same term over c
                NDArray aux = auxK ? TopKSae.auxK(Map.of("W_dec", dict), x, c, xHat, state) : null;
                return new Pass(aux == null ? loss : loss.add(aux), rec, f);
            }

            @Override
            public boolean unitNormDecoder() {
                return false;
            }
        };
    }

    /** Inverted dropout: each entry 0 with probability p, else 1 / (1 - p). */
    private static NDArray dropoutMask(NDArray a, double p, Random random) {
        Shape shape = a.getShape();
        float[] mask = new float[(int) shape.size()];
        float keep = (float) (1 / (1 - p));
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextDouble() < p ? 0 : keep;
        }
        return a.getManager().create(mask, shape).toType(a.getDataType(), false);
    }
}
