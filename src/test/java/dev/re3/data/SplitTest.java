package dev.re3.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitTest {

    /** A data set whose only feature is the row number, so parts can be traced back to rows. */
    private static Dataset numbered(int[] labels, List<String> classes) {
        double[][] x = new double[labels.length][1];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = i;
        }
        return Dataset.of("numbered", List.of("row"), classes, x, labels);
    }

    private static int[] rows(Dataset part) {
        int[] r = new int[part.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (int) part.value(i, 0);
        }
        return r;
    }

    @Test
    void stratifiedDisjointAndCovering() {
        int[] labels = new int[103];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 60 ? 0 : i < 90 ? 1 : 2;
        }
        Dataset data = numbered(labels, List.of("a", "b", "c"));
        Split split = data.split(0.25, 7);
        assertArrayEquals(new int[] {15, 8, 3}, split.test().classCounts(), "round(60/4), round(7.5), round(3.25)");
        assertArrayEquals(new int[] {45, 22, 10}, split.train().classCounts());
        assertEquals("numbered-train", split.train().name());
        assertEquals("numbered-test", split.test().name());

        int[] all = new int[data.size()];
        for (int r : rows(split.train())) {
            all[r]++;
        }
        for (int r : rows(split.test())) {
            all[r]++;
        }
        int[] once = new int[data.size()];
        Arrays.fill(once, 1);
        assertArrayEquals(once, all, "every row is in exactly one part");
        for (Dataset part : List.of(split.train(), split.test())) {
            for (int i = 0; i < part.size(); i++) {
                assertEquals(labels[(int) part.value(i, 0)], part.label(i), "labels follow their rows");
            }
        }
    }

    @Test
    void irisSplitIsStratified() {
        Split split = Datasets.iris().split(0.2, 42);
        assertArrayEquals(new int[] {40, 40, 40}, split.train().classCounts());
        assertArrayEquals(new int[] {10, 10, 10}, split.test().classCounts());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Dataset data = numbered(new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1},
                List.of("a", "b"));
        Split a = data.split(0.3, 123);
        Split b = data.split(0.3, 123);
        Split c = data.split(0.3, 124);
        assertArrayEquals(rows(a.train()), rows(b.train()));
        assertArrayEquals(rows(a.test()), rows(b.test()));
        assertArrayEquals(a.train().labels(), b.train().labels());
        int[] ta = rows(a.test());
        int[] tc = rows(c.test());
        Arrays.sort(ta);
        Arrays.sort(tc);
        assertFalse(Arrays.equals(ta, tc), "another seed draws another test set");
    }

    @Test
    void fractionOutsideTheOpenInterval() {
        Dataset iris = Datasets.iris();
        for (double f : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> iris.split(f, 1));
            assertTrue(e.getMessage().contains("(0, 1)") && e.getMessage().contains("got " + f), e.getMessage());
        }
    }

    @Test
    void aClassWithoutTrainingExample() {
        Dataset data = numbered(new int[] {0, 0, 0, 0, 1}, List.of("many", "single"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data.split(0.5, 1));
        String m = e.getMessage();
        assertTrue(m.contains("\"single\"") && m.contains("has 1 example") && m.contains("leaving 0 for training")
                && m.contains("expected at least 1 training example"), m);
        assertEquals(1, data.split(0.4, 1).train().classCounts()[1], "a smaller fraction keeps it for training");
    }

    @Test
    void anEmptyTestPart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.iris().split(0.001, 1));
        assertTrue(e.getMessage().contains("gives 0 test rows") && e.getMessage().contains("expected at least 1"),
                e.getMessage());
    }
}
