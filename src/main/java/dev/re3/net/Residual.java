package dev.re3.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parallel branches whose outputs are added: {@code y = sum_k branch_k(x)}. An empty branch is the
 * identity, so {@code Residual.of(List.of(), body)} is the skip connection {@code y = x + body(x)}.
 */
public final class Residual implements Layer {
    private final List<List<Layer>> branches;

    public Residual(List<List<Layer>> branches) {
        if (branches == null || branches.size() < 2) {
            throw new IllegalArgumentException("residual: expected at least two branches to add, got "
                    + (branches == null ? "null" : branches.size()));
        }
        List<List<Layer>> copy = new ArrayList<>();
        for (List<Layer> b : branches) {
            copy.add(List.copyOf(b));
        }
        this.branches = List.copyOf(copy);
    }

    /** The skip connection {@code y = x + body(x)} and further branches. */
    @SafeVarargs
    public static Residual of(List<Layer>... branches) {
        return new Residual(Arrays.asList(branches));
    }

    public List<List<Layer>> branches() {
        return branches;
    }

    @Override
    public String type() {
        return "residual";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] result = null;
        for (int k = 0; k < branches.size(); k++) {
            int[] s = inputShape;
            for (Layer layer : branches.get(k)) {
                s = layer.outputShape(s);
            }
            if (result == null) {
                result = s;
            } else if (!Arrays.equals(result, s)) {
                throw new IllegalArgumentException("residual: expected every branch to give shape " + Arrays.toString(result)
                        + ", got " + Arrays.toString(s) + " from branch " + k);
            }
        }
        return result;
    }

    @Override
    public double[] forward(double[] x, int[] s) {
        double[] sum = null;
        for (List<Layer> branch : branches) {
            double[] v = x;
            int[] shape = s;
            for (Layer layer : branch) {
                v = layer.forward(v, shape);
                shape = layer.outputShape(shape);
            }
            if (sum == null) {
                sum = v.clone();
            } else {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += v[i];
                }
            }
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Residual r && r.branches.equals(branches);
    }

    @Override
    public int hashCode() {
        return branches.hashCode();
    }
}
