package dev.re3.djl;

import dev.re3.net.Network;
import java.util.List;
import java.util.Map;

/**
 * A network trained by {@link NetworkTrainer}, with how well it fits its training data and how it was
 * made.
 *
 * @param network the trained network, parameters converted exactly from float32 to float64, with
 *     {@code softmax = true} as its output link
 * @param trainLoss the mean softmax cross-entropy on the whole training set after training
 *     ({@code -mean log p_y}), computed with DJL in float32
 * @param trainAccuracy the fraction of training rows whose largest logit is their label, after training
 * @param epochLosses the mean batch loss of each epoch, in order
 * @param seed the seed of every random choice (initial weights, shuffling)
 * @param settings the training settings: architecture, epochs, batch size, learning rate, optimizer
 * @param provenance seed, settings, DJL version, engine, dataset size and shape
 * @param checkpoints with {@link NetworkTrainer#optCheckpoints(int)}, the network at initialisation and during
 *     each epoch, in order, the last equal to {@code network}; otherwise empty
 * @param checkpointEpochs the epoch at which each checkpoint was taken: 0 for the initialisation, {@code e + b/B}
 *     after batch {@code b} of {@code B} of epoch {@code e} (counted from 0), so the end of the first epoch is 1
 */
public record TrainedNetwork(Network network, double trainLoss, double trainAccuracy, List<Double> epochLosses,
        long seed, Map<String, Object> settings, Map<String, Object> provenance, List<Network> checkpoints,
        List<Double> checkpointEpochs) {
    /** Copies the lists and maps. */
    public TrainedNetwork {
        epochLosses = List.copyOf(epochLosses);
        checkpoints = List.copyOf(checkpoints);
        checkpointEpochs = List.copyOf(checkpointEpochs);
        if (checkpoints.size() != checkpointEpochs.size()) {
            throw new IllegalArgumentException("checkpointEpochs: expected one epoch per checkpoint ("
                    + checkpoints.size() + "), got " + checkpointEpochs.size());
        }
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        provenance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
    }
}
