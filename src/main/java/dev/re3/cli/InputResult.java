package dev.re3.cli;

import dev.re3.net.Network;
import dev.re3.region.LocalMaps;
import dev.re3.region.Region;
import java.util.List;

/**
 * The explanation of one input of a batch, computed from the batch's {@link LocalMaps}.
 *
 * @param index the input's position in the batch, from 0
 * @param input the input as given to the network
 * @param logits {@code z = f(x)}, {@code [classes]}
 * @param probabilities {@code softmax(z)}
 * @param predicted the class with the largest logit
 * @param target the class the table reports on
 * @param patterns one {@code '0'/'1'} string per ReLU layer
 * @param regionId the region's id
 * @param weight {@code W}, {@code [classes][features]}
 * @param bias {@code b}, {@code [classes]}
 * @param contributions {@code W[c][i] x[i]}, {@code [classes][features]}
 * @param targetProbabilityContributions first-order contributions to the target's probability,
 *     {@code p_t (C[t][i] - sum_m p_m C[m][i])}, {@code [features]}
 * @param targetProbabilityBias the bias's first-order term for the target's probability
 * @param reconstructionError {@code max_c |W x + b - f(x)|}
 * @param distanceToBoundary the distance to the region's nearest boundary, null if not computed or
 *     unbounded
 */
record InputResult(int index, double[] input, double[] logits, double[] probabilities, int predicted, int target,
                   List<String> patterns, String regionId, double[][] weight, double[] bias, double[][] contributions,
                   double[] targetProbabilityContributions, double targetProbabilityBias, double reconstructionError,
                   Double distanceToBoundary) {

    /**
     * @param target the class to report on, or -1 for the predicted class
     * @param withDistance whether to compute the distance to the region's boundary (one forward trace)
     */
    static InputResult of(Network net, LocalMaps maps, int n, int target, boolean withDistance) {
        double[] z = maps.logits(n);
        double[] p = Network.softmax(z);
        int pred = maps.predicted(n);
        int t = target < 0 ? pred : target;
        double[][] c = maps.contributions(n);
        double[] b = maps.bias(n);
        int d = maps.inputs();
        double[] pc = new double[d];
        for (int i = 0; i < d; i++) {
            double mean = 0;
            for (int m = 0; m < c.length; m++) {
                mean += p[m] * c[m][i];
            }
            pc[i] = p[t] * (c[t][i] - mean);
        }
        double meanBias = 0;
        for (int m = 0; m < b.length; m++) {
            meanBias += p[m] * b[m];
        }
        Double distance = null;
        if (withDistance) {
            double dist = Region.of(net, maps, n).distanceToBoundary();
            distance = Double.isFinite(dist) ? dist : null;
        }
        return new InputResult(n, maps.input(n), z, p, pred, t, maps.patterns(n), maps.regionId(n), maps.weight(n), b,
                c, pc, p[t] * (b[t] - meanBias), maps.reconstructionError(n), distance);
    }

    /** The same result at another position, e.g. in the whole file rather than in its batch. */
    InputResult withIndex(int newIndex) {
        return new InputResult(newIndex, input, logits, probabilities, predicted, target, patterns, regionId, weight, bias,
                contributions, targetProbabilityContributions, targetProbabilityBias, reconstructionError,
                distanceToBoundary);
    }
}
