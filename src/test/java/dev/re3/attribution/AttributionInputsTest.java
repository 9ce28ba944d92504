package dev.re3.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.Re3;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import dev.re3.plot.Figure;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import tech.tablesaw.api.Table;

/** Bad input gets a clear error; results print, tabulate and plot. */
class AttributionInputsTest {
    static void fails(String expected, Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(expected), "expected '" + expected + "' in: " + ex.getMessage());
    }

    @Test
    void badOptionsSayWhatWasExpected() {
        Network net = RandomNetworks.mlp(1, 0, 4, 8, 3);
        fails("temperature: expected a positive finite number, got 0.0", () -> ExcitationPullback.of(net).optTemperature(0));
        fails("temperature: expected a positive finite number, got -1.0", () -> PullbackAscent.of(net).optTemperature(-1));
        fails("pool temperature: expected a positive finite number", () -> ExcitationPullback.of(net).optPoolTemperature(0));
        fails("steps: expected at least 1, got 0", () -> IntegratedGradients.of(net).optSteps(0));
        fails("steps: expected at least 1, got 0", () -> PullbackAscent.of(net).optSteps(0));
        fails("samples: expected at least 1, got 0", () -> SmoothGrad.of(net).optSamples(0));
        fails("sigma: expected a finite number >= 0, got -0.1", () -> SmoothGrad.of(net).optSigma(-0.1));
        fails("baseline: expected 4 numbers (one per input element), got 3",
                () -> IntegratedGradients.of(net).optBaseline(new double[3]));
        fails("alpha: expected a number > 0", () -> PullbackAscent.of(net).optAlpha(0));
        fails("radius: expected a number > 0", () -> PullbackAscent.of(net).optRadius(-2));
        fails("gate: expected sigmoid or normal, got 'tanh'", () -> Gate.of("tanh"));
        fails("method: expected one of gradient, input-x-gradient, integrated-gradients, smoothgrad, guided-backprop,"
                + " excitation-pullback, pullback-ascent, re3, got 'saliency'", () -> Attributions.of(net, "saliency"));
        fails("method: expected one of", () -> Re3.of(net).attribution("lime"));
        for (String name : Attribution.names()) {
            Attribution m = Attributions.of(net, name);
            fails("target: expected a class index 0..2, got 3", () -> m.attribute(new double[4], 3));
            fails("target: expected a class index 0..2, got -1", () -> m.attribute(new double[4], -1));
            fails("targets: expected one class per input (2), got 1", () -> m.attribute(new double[2][4], new int[1]));
            assertThrows(IllegalArgumentException.class, () -> m.attribute(new double[5], 0));
        }
    }

    @Test
    void resultsPrintTabulateAndPlot() {
        Network net = RandomNetworks.mlp(1, 0, 4, 8, 3);
        double[] x = RandomNetworks.input(new Random(1), 4);
        AttributionResult r = IntegratedGradients.of(net).attribute(x, 1);
        String s = r.toString();
        assertTrue(s.startsWith("integrated-gradients attribution for class "), s);
        assertTrue(s.contains("completeness delta"), s);
        Table t = r.toTable();
        assertEquals(4, t.rowCount());
        assertEquals(r.attribution(2), t.doubleColumn("attribution").get(2));
        assertEquals(x[3], t.doubleColumn("input").get(3));
        Figure bars = r.plot();
        assertTrue(bars.toJson().contains("\"bar\""), "vector inputs give bars");
        Network cnn = RandomNetworks.cnn(6);
        AttributionResult img = ExcitationPullback.of(cnn).attribute(RandomNetworks.input(new Random(2), cnn.inputSize()), 0);
        assertTrue(img.plot().toJson().contains("heatmap"), "image inputs give a heatmap");
        assertTrue(!img.toString().contains("completeness"), img.toString());
        double[] a = r.attribution();
        a[0] = 1e9;
        assertTrue(r.attribution(0) != 1e9, "the result is a copy");
        assertEquals(1, Re3.of(net).attribution("re3").attribute(x, 1).target());
        String html = img.toHtml();
        assertTrue(html.contains("re3-attribution") && html.contains("re3-figure"), "a notebook cell shows the figure");
        assertEquals(img.toString() + "\n", img.toText());
    }
}
