package dev.re3.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizerTest {

    private static void checkMeanZeroStdOne(Dataset z) {
        for (int j = 0; j < z.numFeatures(); j++) {
            double mean = 0;
            for (int i = 0; i < z.size(); i++) {
                mean += z.value(i, j);
            }
            mean /= z.size();
            double var = 0;
            for (int i = 0; i < z.size(); i++) {
                var += (z.value(i, j) - mean) * (z.value(i, j) - mean);
            }
            assertEquals(0, mean, 1e-12, "mean of feature " + j);
            assertEquals(1, Math.sqrt(var / z.size()), 1e-12, "std of feature " + j);
        }
    }

    @Test
    void trainPartGetsMeanZeroStdOne() {
        for (Dataset data : List.of(Datasets.wine(), Datasets.breastCancer(), Datasets.diabetes(), Datasets.penguins())) {
            Split split = data.split(0.25, 3);
            Standardizer s = Standardizer.fit(split.train());
            Dataset z = s.apply(split.train());
            checkMeanZeroStdOne(z);
            assertEquals(split.train().labels().length, z.labels().length);
            assertArrayEquals(split.train().labels(), z.labels());
            assertEquals(data.features(), z.features());
            for (int i = 0; i < split.test().size(); i++) {
                double[] x = split.test().x(i);
                double[] back = s.invert(s.apply(x));
                for (int j = 0; j < x.length; j++) {
                    assertEquals(x[j], back[j], 1e-12 * Math.max(1, Math.abs(x[j])), "invert(apply(x)), relative");
                }
            }
        }
        checkMeanZeroStdOne(Datasets.iris().standardized());
    }

    @Test
    void invertOfApplyOnIris() {
        Dataset iris = Datasets.iris();
        Standardizer s = Standardizer.fit(iris);
        for (int i = 0; i < iris.size(); i++) {
            assertArrayEquals(iris.x(i), s.invert(s.apply(iris.x(i))), 1e-12);
        }
        assertArrayEquals(s.apply(iris.x()), iris.standardized().x());
    }

    @Test
    void constantFeatureMapsToZero() {
        Dataset d = Dataset.of("c", List.of("const", "var"), List.of("a"),
                new double[][] {{3, 1}, {3, 2}, {3, 3}}, new int[] {0, 0, 0});
        Standardizer s = Standardizer.fit(d);
        assertArrayEquals(new double[] {3, 2}, s.means());
        assertArrayEquals(new double[] {1, Math.sqrt(2.0 / 3)}, s.stds(), 1e-15);
        assertEquals(0.0, s.apply(new double[] {3, 2})[0]);
        assertEquals(0.0, d.standardized().value(1, 0));
    }

    @Test
    void copiesAndChecks() {
        Standardizer s = Standardizer.of(new double[] {1, 2}, new double[] {3, 4});
        s.means()[0] = 99;
        s.stds()[0] = 99;
        assertArrayEquals(new double[] {1, 2}, s.means());
        assertArrayEquals(new double[] {3, 4}, s.stds());
        assertArrayEquals(new double[] {0, 0}, s.apply(new double[] {1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.apply(new double[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("expected input with 2 features, got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.apply(Datasets.iris()));
        assertTrue(e.getMessage().contains("2 features, got 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Standardizer.of(new double[] {0}, new double[] {0}));
        assertTrue(e.getMessage().contains("std > 0") && e.getMessage().contains("std 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(Datasets.iris().head(0)));
        assertTrue(e.getMessage().contains("at least 1 row") && e.getMessage().contains("got 0"), e.getMessage());
    }
}
