package dev.re3.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The methods against attributions computed in PyTorch with the peer's formulas ({@code make_fixtures.py} next
 * to {@code pullbacks.json}): a dense network and a conv / max-pool network, three inputs each, their predicted
 * classes.
 */
class PeerFixturesTest {
    static JsonNode fixtures() throws IOException {
        try (InputStream in = PeerFixturesTest.class.getResourceAsStream("pullbacks.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static double[] row(JsonNode node) {
        double[] v = new double[node.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = node.get(i).asDouble();
        }
        return v;
    }

    static void same(JsonNode expected, Attribution m, double[][] xs, int[] targets, String what) {
        for (int n = 0; n < xs.length; n++) {
            double[] e = row(expected.get(n));
            double[] a = m.attribute(xs[n], targets[n]).attribution();
            assertEquals(e.length, a.length);
            for (int i = 0; i < e.length; i++) {
                assertTrue(Math.abs(e[i] - a[i]) <= 1e-10 * Math.max(1, Math.abs(e[i])),
                        what + " input " + n + " element " + i + ": torch " + e[i] + ", ours " + a[i]);
            }
        }
    }

    @Test
    void everyMethodEqualsThePeer() throws IOException {
        JsonNode cases = fixtures().get("cases");
        assertEquals(2, cases.size());
        for (JsonNode c : cases) {
            Network net = ModelJson.parse(c.get("model").toString());
            String name = c.get("name").asText();
            double[][] xs = new double[c.get("inputs").size()][];
            int[] targets = new int[xs.length];
            for (int n = 0; n < xs.length; n++) {
                xs[n] = row(c.get("inputs").get(n));
                targets[n] = c.get("targets").get(n).asInt();
            }
            assertEquals(targets[0], Attribution.predicted(net, xs)[0], "the same network as in PyTorch");
            same(c.get("gradient"), Gradient.of(net), xs, targets, name + " gradient");
            same(c.get("pullback_0.3"), ExcitationPullback.of(net), xs, targets, name + " pullback T 0.3");
            same(c.get("pullback_0.7"), ExcitationPullback.of(net).optTemperature(0.7).optPoolTemperature(0.7), xs,
                    targets, name + " pullback T 0.7");
            same(c.get("ascent_0.5x4"), PullbackAscent.of(net).optAlpha(0.5).optSteps(4), xs, targets,
                    name + " pullback ascent");
            same(c.get("ig_trapezoid_20"), IntegratedGradients.of(net).optRule(IntegratedGradients.Rule.TRAPEZOID)
                    .optSteps(20), xs, targets, name + " integrated gradients, 20 trapezoid intervals");
        }
    }
}
