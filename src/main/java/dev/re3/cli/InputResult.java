package dev.re3.cli;

import dev.re3.Explanation;
import dev.re3.net.Network;
import dev.re3.region.LocalMaps;
import dev.re3.region.Region;
import java.util.List;

/**
 * The explanation of one input of a batch ({@link Explanation#of}), flattened for printing.
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
        Explanation e = Explanation.of(net, maps, n);
        int t = target < 0 ? e.predicted() : target;
        Double distance = null;
        if (withDistance) {
            double dist = e.region().distanceToBoundary();
            distance = Double.isFinite(dist) ? dist : null;
        }
        Region region = e.region();
        return new InputResult(n, e.input(), e.logits(), e.probabilities(), e.predicted(), t, region.patterns(),
                region.id(), region.weight(), e.bias(), e.contributions(), e.probabilityContributions()[t],
                e.probabilityBias()[t], region.reconstructionError(), distance);
    }

    /** The same result at another position, e.g. in the whole file rather than in its batch. */
    InputResult withIndex(int newIndex) {
        return new InputResult(newIndex, input, logits, probabilities, predicted, target, patterns, regionId, weight, bias,
                contributions, targetProbabilityContributions, targetProbabilityBias, reconstructionError,
                distanceToBoundary);
    }
}
