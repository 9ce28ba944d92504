package dev.re3.region;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp} over an array with the Vector API's lane-wise {@code EXP} (within an ulp of {@link Math#exp}), for the
 * soft backward rules of {@link Pullback}; like {@link SimdKernel}, loaded only when the module is in the boot layer.
 */
final class SimdExp {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private SimdExp() {}

    /** {@code a[j] = exp(a[j])} for {@code j < n}. */
    static void inPlace(double[] a, int n) {
        int j = 0;
        for (int end = S.loopBound(n); j < end; j += S.length()) {
            DoubleVector.fromArray(S, a, j).lanewise(VectorOperators.EXP).intoArray(a, j);
        }
        for (; j < n; j++) {
            a[j] = Math.exp(a[j]);
        }
    }
}
