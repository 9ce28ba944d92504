package dev.re3.codec;

import dev.re3.region.Intervention;
import dev.re3.region.SiteForward;
import java.util.stream.IntStream;

/**
 * CODEC's causal experiments on one mode ({@code figure_6_ablations/perform_layerwise_ablations.py}): take
 * the channels (or units) carrying the largest fraction {@code p} of the mode's weight
 * ({@link Modes#topOwners}); <b>ablate</b> zeroes them at every position of the site's output, <b>preserve</b>
 * zeroes all the others, through {@link Intervention}s on the engine's forward pass (the network is never
 * edited). On the inputs of the mode's class (target) and of the other classes it measures, against the plain
 * network, the accuracy ratio {@code r = acc' / acc} and the target-logit ratio
 * {@code mean_i z'_{y_i} / mean_i z_{y_i}}.
 */
final class Ablations {
    private final Modes modes;

    private Ablations(Modes modes) {
        this.modes = modes;
    }

    static Ablations of(Modes modes) {
        return new Ablations(modes);
    }

    AblationCurves curves(int mode, double... ps) {
        if (ps == null || ps.length == 0) {
            throw new IllegalArgumentException("p: expected at least one fraction in (0, 1], got none");
        }
        for (double p : ps) {
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("p: expected fractions in (0, 1], got " + p);
            }
        }
        ContributionResult src = modes.source();
        double[][] xs = src.inputs();
        int[] y = src.classes();
        int cls = modes.modeClass(mode);
        String site = src.site().name();
        SiteForward forward = SiteForward.of(src.network());
        double[] plain = measure(forward.logits(xs), y, cls);
        int owners = modes.ownerWeights(mode).length;
        double[][] ablate = new double[ps.length][];
        double[][] preserve = new double[ps.length][];
        int[] counts = new int[ps.length];
        for (int q = 0; q < ps.length; q++) {
            int[] top = modes.topOwners(mode, ps[q]);
            counts[q] = top.length;
            boolean[] in = new boolean[owners];
            for (int o : top) {
                in[o] = true;
            }
            int[] rest = IntStream.range(0, owners).filter(o -> !in[o]).toArray();
            ablate[q] = ratios(measure(forward.logits(xs, site, zero(top)), y, cls), plain);
            preserve[q] = ratios(rest.length == 0 ? plain : measure(forward.logits(xs, site, zero(rest)), y, cls), plain);
        }
        return new AblationCurves(site, mode, cls, modes.onActivations(), ps.clone(), counts, owners, ablate, preserve);
    }

    /** The intervention zeroing these owners: whole channels at an image site, units otherwise. */
    Intervention zero(int[] owners) {
        return modes.ownsChannels() ? Intervention.zeroChannels(owners) : Intervention.zero(owners);
    }

    /** {@code [accuracy target, accuracy other, mean target logit target, mean target logit other]}. */
    static double[] measure(double[][] logits, int[] y, int cls) {
        double[] sum = new double[4];
        int[] n = new int[2];
        for (int i = 0; i < logits.length; i++) {
            int g = y[i] == cls ? 0 : 1;
            n[g]++;
            sum[g] += Target.argmax(logits[i]) == y[i] ? 1 : 0;
            sum[2 + g] += logits[i][y[i]];
        }
        return new double[] {sum[0] / n[0], sum[1] / n[1], sum[2] / n[0], sum[3] / n[1]};
    }

    private static double[] ratios(double[] changed, double[] plain) {
        return IntStream.range(0, 4).mapToDouble(k -> changed[k] / plain[k]).toArray();
    }

    @Override
    public String toString() {
        return "Ablations of " + modes;
    }
}
