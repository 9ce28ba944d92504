package dev.re3.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.re3.net.Network;
import dev.re3.region.Linearizer;
import dev.re3.region.LocalMaps;
import dev.re3.region.Region;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On each committed PyTorch export, the local map {@code logits = W x + b} of every recorded input equals
 * PyTorch's: {@code W} is the Jacobian of the logits with respect to the input that torch.autograd took
 * through the file's graph in float64 ("jacobians64"), and {@code W x + b} the logits of that evaluation
 * ("logits64"), to 1e-9 relative to the largest entry. Two computations of the map are checked: the
 * reverse mode of {@link Linearizer} (the dense fast path or the plain-Java pullback) and forward-mode affine
 * tracing ({@link Region}); PlainPassTest checks the DJL reverse mode against the first on the same layer types.
 */
class OnnxLocalMapsTest {
    static List<String> fixtures() {
        return OnnxFixtures.NAMES;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void localMapsEqualPyTorchAutograd(String name) {
        Network net = OnnxImport.read(OnnxFixtures.onnx(name));
        JsonNode expected = OnnxFixtures.expected(name);
        double[][] xs = OnnxFixtures.matrix(expected.get("inputs"));
        double[][] logits = OnnxFixtures.matrix(expected.get("logits64"));
        LocalMaps plain = Linearizer.of(net).linearize(xs);
        for (int n = 0; n < xs.length; n++) {
            double[][] jacobian = OnnxFixtures.matrix(expected.get("jacobians64").get(n));
            String at = name + " input " + n;
            Region region = Region.of(net, xs[n]);
            same(jacobian, plain.weight(n), at + ", pullback W");
            same(jacobian, region.weight(), at + ", affine tracer W");
            same(new double[][] {logits[n]}, new double[][] {region.apply(xs[n])}, at + ", W x + b");
            same(new double[][] {logits[n]}, new double[][] {plain.logits(n)}, at + ", logits");
        }
    }

    /** Equal to 1e-9 of the largest magnitude in {@code want}. */
    private static void same(double[][] want, double[][] got, String what) {
        assertEquals(want.length, got.length, what + ": rows");
        double scale = 0;
        for (double[] row : want) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int r = 0; r < want.length; r++) {
            assertEquals(want[r].length, got[r].length, what + ": row " + r);
            for (int c = 0; c < want[r].length; c++) {
                assertEquals(want[r][c], got[r][c], 1e-9 * scale, what + " [" + r + "][" + c + "]");
            }
        }
    }
}
