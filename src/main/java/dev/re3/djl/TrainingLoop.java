package dev.re3.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import dev.re3.display.Progress;
import dev.re3.net.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One DJL training run: initialise, then for each epoch shuffle with {@code Random(seed)} and take one
 * optimiser step per mini-batch on the softmax cross-entropy; finally import the block and measure loss
 * and accuracy on the whole training set. Each batch's arrays live in a sub-manager closed after the
 * step; the model's manager, holding the parameters, is closed before return.
 */
final class TrainingLoop {
    /**
     * The trained network (no names, no softmax yet), its final loss and accuracy, each epoch's mean batch loss,
     * and, when asked for, the network at initialisation and {@code perEpoch} times in every epoch, with the
     * (fractional) epoch at which each was taken.
     */
    record Result(Network network, double loss, double accuracy, List<Double> epochLosses, List<Network> checkpoints,
                  List<Double> checkpointEpochs) {}

    private static final int EVALUATION_BATCH = 1024;

    private final Block block;
    private final int[] inputShape;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final int checkpointsPerEpoch;

    TrainingLoop(Block block, int[] inputShape, Optimizer optimizer, int epochs, int batchSize, long seed,
                 int checkpointsPerEpoch) {
        this.checkpointsPerEpoch = checkpointsPerEpoch;
        this.block = block;
        this.inputShape = inputShape;
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    Result run(double[][] x, int[] labels) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer).optDevices(new Device[] {Device.cpu()});
        try (Model model = Model.newInstance("re3-training")) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(Probe.batched(1, inputShape)));
                List<Network> kept = new ArrayList<>();
                List<Double> keptAt = new ArrayList<>();
                List<Double> epochLosses = train(trainer, x, labels, kept, keptAt);
                double[] lossAndAccuracy = evaluate(trainer.getManager(), x, labels);
                Network network = DjlImport.fromBlock(block, inputShape);
                return new Result(network, lossAndAccuracy[0], lossAndAccuracy[1], epochLosses, List.copyOf(kept),
                        List.copyOf(keptAt));
            }
        }
    }

    private List<Double> train(Trainer trainer, double[][] x, int[] labels, List<Network> kept, List<Double> keptAt) {
        Random random = new Random(seed);
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<Double> epochLosses = new ArrayList<>();
        long batchesPerEpoch = (x.length + batchSize - 1) / batchSize;
        if (checkpointsPerEpoch > 0) {
            kept.add(DjlImport.fromBlock(block, inputShape));
            keptAt.add(0.0);
        }
        try (Progress progress = Progress.start("training", epochs * batchesPerEpoch)) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                shuffle(order, random);
                double sum = 0;
                int batches = 0;
                for (int from = 0; from < x.length; from += batchSize) {
                    int to = Math.min(x.length, from + batchSize);
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        NDArray data = m.create(TrainingData.rows(x, order, from, to), new Shape(Probe.batched(to - from, inputShape)));
                        NDArray label = m.create(TrainingData.labels(labels, order, from, to));
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList predictions = trainer.forward(new NDList(data));
                            NDArray loss = trainer.getLoss().evaluate(new NDList(label), predictions);
                            collector.backward(loss);
                            sum += loss.getFloat();
                        }
                        trainer.step();
                    }
                    batches++;
                    progress.step();
                    // checkpoint b of the epoch after batch ceil(b B / k), so the last one ends the epoch
                    if (checkpointsPerEpoch > 0 && (long) batches * checkpointsPerEpoch / batchesPerEpoch
                            > (long) (batches - 1) * checkpointsPerEpoch / batchesPerEpoch) {
                        kept.add(DjlImport.fromBlock(block, inputShape));
                        keptAt.add(epoch + batches / (double) batchesPerEpoch);
                    }
                }
                epochLosses.add(sum / batches);
            }
        }
        return epochLosses;
    }

    /** Fisher-Yates shuffle driven by {@code random}. */
    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Mean cross-entropy and accuracy over all rows, inference mode, float32. */
    private double[] evaluate(NDManager parent, double[][] x, int[] labels) {
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        double loss = 0;
        int correct = 0;
        for (int from = 0; from < x.length; from += EVALUATION_BATCH) {
            int to = Math.min(x.length, from + EVALUATION_BATCH);
            try (NDManager m = parent.newSubManager()) {
                NDArray data = m.create(TrainingData.rows(x, order, from, to), new Shape(Probe.batched(to - from, inputShape)));
                double[] logits = Probe.doubles(block.forward(new ParameterStore(m, false), new NDList(data), false)
                        .singletonOrThrow());
                int k = logits.length / (to - from);
                for (int r = from; r < to; r++) {
                    double[] z = java.util.Arrays.copyOfRange(logits, (r - from) * k, (r - from + 1) * k);
                    double[] p = Network.softmax(z);
                    loss -= Math.log(Math.max(p[labels[r]], Double.MIN_VALUE));
                    correct += TrainingData.argmax(z) == labels[r] ? 1 : 0;
                }
            }
        }
        return new double[] {loss / x.length, correct / (double) x.length};
    }
}
