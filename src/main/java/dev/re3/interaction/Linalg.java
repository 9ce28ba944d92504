package dev.re3.interaction;

import java.util.Arrays;
import java.util.Comparator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/** Float64 helpers over EJML: symmetric eigendecomposition sorted by descending eigenvalue, products. */
final class Linalg {
    private Linalg() {}

    /** {@code A = U diag(values) U^T} for a symmetric {@code A}; {@code values} descending, {@code U[i][k]} column k. */
    record Eigen(double[] values, double[][] vectors) {}

    static Eigen symmetricEigen(double[][] a) {
        int n = a.length;
        if (n == 0) {
            return new Eigen(new double[0], new double[0][0]);
        }
        DMatrixRMaj m = new DMatrixRMaj(a);
        DMatrixRMaj t = new DMatrixRMaj(n, n);
        CommonOps_DDRM.transpose(m, t);
        CommonOps_DDRM.add(0.5, m, 0.5, t, m);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(m)) {
            throw new IllegalStateException("eigendecomposition of a " + n + "x" + n + " symmetric matrix failed");
        }
        Integer[] order = new Integer[n];
        double[] vals = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            vals[i] = eig.getEigenvalue(i).getReal();
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -vals[i]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int k = 0; k < n; k++) {
            values[k] = vals[order[k]];
            DMatrixRMaj v = eig.getEigenVector(order[k]);
            double norm = 0;
            int big = 0;
            for (int i = 0; i < n; i++) {
                norm += v.get(i) * v.get(i);
                if (Math.abs(v.get(i)) > Math.abs(v.get(big)) + 1e-12) {
                    big = i;
                }
            }
            double s = (v.get(big) < 0 ? -1 : 1) / Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                vectors[i][k] = v.get(i) * s;
            }
        }
        return new Eigen(values, vectors);
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b.length;
        int p = m == 0 ? 0 : b[0].length;
        double[][] c = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                double aik = a[i][k];
                if (aik != 0) {
                    for (int j = 0; j < p; j++) {
                        c[i][j] += aik * b[k][j];
                    }
                }
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        int n = a.length;
        int p = n == 0 ? 0 : a[0].length;
        double[][] t = new double[p][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    static double[] rowTimes(double[] x, double[][] m) {
        int p = m.length == 0 ? 0 : m[0].length;
        double[] y = new double[p];
        for (int k = 0; k < x.length; k++) {
            double xk = x[k];
            if (xk != 0) {
                for (int j = 0; j < p; j++) {
                    y[j] += xk * m[k][j];
                }
            }
        }
        return y;
    }

    static double[][] copy(double[][] a) {
        return Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
    }
}
