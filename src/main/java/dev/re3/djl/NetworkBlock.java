package dev.re3.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import java.util.List;

/**
 * The {@link SequentialBlock} that {@link DjlExport} makes from a {@link dev.re3.net.Network}. Its forward
 * gives the logits {@code f(x)}, shape {@code [N, classes]}; it also records what a block cannot hold:
 * the input shape, the feature and class names, and whether a softmax follows as the output link
 * (not applied by the block), so that {@link DjlImport} gives back the same network.
 *
 * <p>Closing it frees its parameters when {@link DjlExport} created them in a manager of the block's own
 * ({@link DjlExport#toBlock(dev.re3.net.Network)}); when they live in a caller's manager, closing that
 * manager frees them and {@link #close()} does nothing.
 */
public final class NetworkBlock extends SequentialBlock implements AutoCloseable {
    private final int[] inputShape;
    private final List<String> features;
    private final List<String> classes;
    private final boolean softmax;
    private NDManager owned;

    /**
     * @param inputShape the network's input shape without the batch axis
     * @param features one name per input element
     * @param classes one name per output
     * @param softmax whether the network's output link is a softmax
     */
    public NetworkBlock(int[] inputShape, List<String> features, List<String> classes, boolean softmax) {
        this.inputShape = inputShape.clone();
        this.features = List.copyOf(features);
        this.classes = List.copyOf(classes);
        this.softmax = softmax;
    }

    /** The input shape without the batch axis, {@code [d]} or {@code [c, h, w]}. */
    public int[] getInputShape() {
        return inputShape.clone();
    }

    /** The feature names, one per input element. */
    public List<String> getFeatures() {
        return features;
    }

    /** The class names, one per output. */
    public List<String> getClasses() {
        return classes;
    }

    /** Whether a softmax follows the logits as the output link (the block gives the logits). */
    public boolean isSoftmax() {
        return softmax;
    }

    /** Makes the block own the manager of its parameters, closed by {@link #close()}. */
    void own(NDManager manager) {
        this.owned = manager;
    }

    /** Frees the parameters if the block owns their manager; otherwise does nothing. */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
            owned = null;
        }
    }
}
