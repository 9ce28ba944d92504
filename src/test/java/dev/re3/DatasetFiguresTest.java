package dev.re3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.data.Dataset;
import dev.re3.data.Standardizer;
import dev.re3.plot.Figure;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The beeswarm and dependence plots of {@link DatasetExplanation}: the drawn dots are the inputs' contributions,
 * checked against each input's own {@link Explanation} (against the training mean through a standardizer).
 */
class DatasetFiguresTest {
    static final double EPS = 1e-12;

    static Dataset data() {
        Random r = new Random(11);
        double[][] x = new double[40][2];
        int[] y = new int[40];
        for (int n = 0; n < x.length; n++) {
            x[n][0] = 1 + 2 * r.nextGaussian();
            x[n][1] = 2 + 0.5 * r.nextGaussian();
            y[n] = n % 2;
        }
        return Dataset.of("toy", java.util.List.of("a", "b"), java.util.List.of("yes", "no"), x, y);
    }

    static double[] numbers(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    static JsonNode json(Figure f) throws Exception {
        return new ObjectMapper().readTree(f.toJson());
    }

    @Test
    void theBeeswarmDrawsEveryInputsContributionColouredByItsValue() throws Exception {
        Dataset data = data();
        Re3 re3 = Re3.of(Re3Test.byHand());
        DatasetExplanation all = re3.explainAll(data);
        JsonNode traces = json(all.plotBeeswarm()).get("data");
        assertEquals(2, traces.size());
        double[] meanAbs = new double[2];
        for (int t = 0; t < 2; t++) {
            JsonNode trace = traces.get(t);
            int i = trace.get("name").asText().equals("a") ? 0 : 1;
            double[] x = numbers(trace.get("x"));
            double[] v = numbers(trace.get("customdata"));
            double[] y = numbers(trace.get("y"));
            double[] colour = numbers(trace.get("marker").get("color"));
            int row = 1 - t;                       // the first trace is the largest feature, drawn on top
            for (int n = 0; n < data.size(); n++) {
                Explanation e = re3.explain(data.x(n));
                assertEquals(e.contributions(e.predicted())[i], x[n], EPS, "input " + n + " feature " + i);
                assertEquals(data.value(n, i), v[n], 0);
                assertTrue(Math.abs(y[n] - row) <= 0.4 + EPS, "dot " + n + " stays in its row: " + y[n]);
                assertTrue(colour[n] >= 0 && colour[n] <= 1);
                meanAbs[t] += Math.abs(x[n]);
            }
            double lo = java.util.Arrays.stream(v).min().orElseThrow();
            double hi = java.util.Arrays.stream(v).max().orElseThrow();
            for (int n = 0; n < v.length; n++) {
                assertEquals((v[n] - lo) / (hi - lo), colour[n], EPS, "colour is the value over its range");
            }
        }
        assertTrue(meanAbs[0] >= meanAbs[1], "rows sorted by mean |contribution|");
        // for one class
        JsonNode forNo = json(all.plotBeeswarm("no")).get("data").get(0);
        int i = forNo.get("name").asText().equals("a") ? 0 : 1;
        assertEquals(re3.explain(data.x(3)).contributions(1)[i], numbers(forNo.get("x"))[3], EPS);
    }

    @Test
    void theDependencePlotIsValueAgainstContributionInRawUnitsAgainstTheTrainingMean() throws Exception {
        Dataset data = data();
        Standardizer st = Standardizer.fit(data);
        Re3 raw = Re3.of(Re3Test.byHand()).withStandardizer(st);
        DatasetExplanation all = raw.explainAll(data);
        JsonNode trace = json(all.plotDependence("b")).get("data").get(0);
        double[] x = numbers(trace.get("x"));
        double[] y = numbers(trace.get("y"));
        double[][] c = all.contributions(-1);
        for (int n = 0; n < data.size(); n++) {
            Explanation e = raw.explain(data.x(n));
            double want = e.relativeToTrainingMean().contributions(e.predicted())[1];
            assertEquals(want, y[n], 1e-9 * Math.max(1, Math.abs(want)), "input " + n);
            assertEquals(want, c[n][1], 1e-9 * Math.max(1, Math.abs(want)));
            assertEquals(data.value(n, 1), x[n], 0);
        }
        assertArrayEquals(data.x(5), all.values()[5], 0);
        assertTrue(all.plotDependence("b").title().contains("Dependence on b"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> all.plotDependence("c"));
        assertTrue(bad.getMessage().contains("[a, b]") && bad.getMessage().contains("'c'"), bad.getMessage());
        IllegalArgumentException cls = assertThrows(IllegalArgumentException.class, () -> all.contributions(2));
        assertTrue(cls.getMessage().contains("[yes, no]") && cls.getMessage().contains("got 2"), cls.getMessage());
    }
}
