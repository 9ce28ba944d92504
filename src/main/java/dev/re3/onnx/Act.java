package dev.re3.onnx;

import dev.re3.net.Layer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An activation: the graph input with a chain of layers applied. Each activation points to the one
 * it was computed from, so a residual {@code Add} finds where its two paths split.
 *
 * @param parent the activation this one is computed from; null for the graph input
 * @param layer the layer that computes it from {@code parent}; null for the graph input, a pending
 *     pad and a softmax
 * @param shape the shape of one example (without the batch axis)
 * @param pad a zero padding {@code [ph, pw]} not yet taken up by the pooling or convolution after it, or null
 * @param softmax whether this is the softmax of {@code parent}, allowed only as the graph output
 */
record Act(Act parent, Layer layer, int[] shape, int[] pad, boolean softmax) implements Value {
    static Act input(int[] shape) {
        return new Act(null, null, shape, null, false);
    }

    Act then(Layer next) {
        return new Act(this, next, next.outputShape(shape), null, false);
    }

    /** Whether {@code a} is this activation or one it is computed from. */
    boolean descendsFrom(Act a) {
        for (Act x = this; x != null; x = x.parent) {
            if (x == a) {
                return true;
            }
        }
        return false;
    }

    /** The layers from {@code ancestor} (exclusive) to this activation. */
    List<Layer> layersFrom(Act ancestor) {
        List<Layer> layers = new ArrayList<>();
        for (Act x = this; x != ancestor; x = x.parent) {
            layers.add(x.layer);
        }
        Collections.reverse(layers);
        return layers;
    }

    /** The nearest activation that all of {@code acts} are computed from. */
    static Act commonAncestor(List<Act> acts) {
        for (Act candidate = acts.get(0); candidate != null; candidate = candidate.parent) {
            Act c = candidate;
            if (acts.stream().allMatch(a -> a.descendsFrom(c))) {
                return c;
            }
        }
        throw new IllegalStateException("activations without a common ancestor");
    }
}
