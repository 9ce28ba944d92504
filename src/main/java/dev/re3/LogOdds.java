package dev.re3;

import java.util.List;

/**
 * Exact log-odds contributions between two classes: on the region of {@code x},
 * {@code log(p_a / p_b) = z_a - z_b = sum_i (W[a][i] - W[b][i]) x_i + (b_a - b_b)}.
 *
 * @param classA the class in the numerator
 * @param classB the class in the denominator
 * @param features feature names, {@code [inputs]}
 * @param contributions {@code (W[a][i] - W[b][i]) x_i}, {@code [inputs]}
 * @param bias {@code b_a - b_b}
 * @param value {@code z_a - z_b}, the log-odds computed from the network's logits
 */
public record LogOdds(String classA, String classB, List<String> features, double[] contributions, double bias,
                      double value) {
    public LogOdds {
        features = List.copyOf(features);
        contributions = contributions.clone();
    }

    @Override
    public double[] contributions() {
        return contributions.clone();
    }

    /** {@code |sum_i contributions + bias - value|}: zero up to rounding. */
    public double delta() {
        double s = bias;
        for (double c : contributions) {
            s += c;
        }
        return Math.abs(s - value);
    }
}
