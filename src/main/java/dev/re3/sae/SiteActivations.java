package dev.re3.sae;

import dev.re3.data.Dataset;
import dev.re3.net.Network;
import dev.re3.net.Site;
import dev.re3.region.Intervention;
import dev.re3.region.SiteForward;

/**
 * A network's activations at its sites for the inputs of a dataset, computed by the engine
 * ({@link SiteForward}) chunk by chunk, and the SAE splice metrics at a site ({@link SpliceResult}).
 *
 * <pre>{@code
 * SiteActivations acts = SiteActivations.of(net, data);      // or Re3.of(net).activations(data)
 * double[][] a = acts.at("1.relu");                            // [inputs][units of 1.relu]
 * FittedSae fitted = Sae.topk(32, 2).optSeed(11).fit(a);
 * SpliceResult r = acts.splice("1.relu", fitted.sae());        // loss recovered, KL, accuracy
 * }</pre>
 * Immutable; the dataset's inputs are taken as they are (standardise them first if the network expects it).
 */
public final class SiteActivations {
    /** Rows per forward pass. */
    static final int CHUNK = 1024;

    private final Network network;
    private final SiteForward forward;
    private final Dataset data;

    private SiteActivations(Network network, Dataset data) {
        this.network = network;
        this.forward = SiteForward.of(network);
        this.data = data;
    }

    public static SiteActivations of(Network network, Dataset data) {
        if (network == null || data == null) {
            throw new IllegalArgumentException("expected a network and a dataset, given " + (network == null ? "no network" : "no dataset"));
        }
        if (data.numFeatures() != network.inputSize()) {
            throw new IllegalArgumentException("dataset " + data.name() + ": expected " + network.inputSize()
                    + " values per input for this network, given " + data.numFeatures());
        }
        return new SiteActivations(network, data);
    }

    /** The output of {@code site} for every input, {@code [inputs][units]}. */
    public double[][] at(String site) {
        network.site(site);
        double[][] out = new double[data.size()][];
        forward.forEachChunk(data.x(), site, CHUNK, (start, a) -> System.arraycopy(a, 0, out, start, a.length));
        return out;
    }

    /** Trains {@code trainer} on the activations at {@code site}. */
    public FittedSae fit(String site, SaeTrainer trainer) {
        return trainer.fit(at(site));
    }

    /** The splice metrics of {@code sae} at {@code site} against the dataset's labels (see {@link SpliceResult}). */
    public SpliceResult splice(String site, SparseAutoencoder sae) {
        Site s = network.site(site);
        if (sae == null || sae.inputSize() != s.units()) {
            throw new IllegalArgumentException("SAE: expected one of input size " + s.units() + " (the units of site "
                    + site + "), given " + (sae == null ? "null" : "an SAE of input size " + sae.inputSize()));
        }
        double[][] xs = data.x();
        int[] labels = data.labels();
        int k = network.outputSize();
        Intervention spliced = Intervention.replace(sae::reconstruct);
        Intervention zero = Intervention.replace(a -> new double[a.length]);
        double se = 0;
        double kl = 0;
        double ceClean = 0;
        double ceSpliced = 0;
        double ceZero = 0;
        int rightClean = 0;
        int rightSpliced = 0;
        double[][] acts = new double[xs.length][];
        for (int start = 0; start < xs.length; start += CHUNK) {
            double[][] chunk = java.util.Arrays.copyOfRange(xs, start, Math.min(xs.length, start + CHUNK));
            double[][] z = forward.logits(chunk);
            double[][] zs = forward.logits(chunk, site, spliced);
            double[][] z0 = forward.logits(chunk, site, zero);
            double[][] a = forward.activations(chunk, site);
            System.arraycopy(a, 0, acts, start, a.length);
            for (int r = 0; r < chunk.length; r++) {
                int y = labels[start + r];
                double[] lp = logSoftmax(z[r]);
                double[] lps = logSoftmax(zs[r]);
                for (int c = 0; c < k; c++) {
                    double e = zs[r][c] - z[r][c];
                    se += e * e;
                    kl += Math.exp(lp[c]) * (lp[c] - lps[c]);
                }
                ceClean -= lp[y];
                ceSpliced -= lps[y];
                ceZero -= logSoftmax(z0[r])[y];
                rightClean += argmax(z[r]) == y ? 1 : 0;
                rightSpliced += argmax(zs[r]) == y ? 1 : 0;
            }
        }
        int n = xs.length;
        double lc = ceClean / n;
        double ls = ceSpliced / n;
        double lz = ceZero / n;
        return new SpliceResult(site, n, se / ((double) n * k), kl / n, lc, ls, lz,
                lz == lc ? Double.NaN : (lz - ls) / (lz - lc), rightClean / (double) n, rightSpliced / (double) n,
                SaeMetrics.of(sae, acts));
    }

    /** {@code z - logsumexp(z)}, shifted by the maximum. */
    static double[] logSoftmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i] - log;
        }
        return out;
    }

    static int argmax(double[] z) {
        int best = 0;
        for (int i = 1; i < z.length; i++) {
            if (z[i] > z[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "activations of " + data.size() + " inputs of " + data.name();
    }
}
