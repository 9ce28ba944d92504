package dev.re3.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.re3.net.Network;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Trains a small ReLU classifier with DJL, seeded, and returns it as a {@link Network}.
 *
 * <p>Architectures: {@link #mlp} ({@code inputs -> hidden... -> classes}, ReLU between dense layers;
 * the paper's Iris 4-8-3, 4-8-4-3, 4-16-8-4-3 and MNIST 784-256-256-10) and {@link #cnn} (conv 3x3, 8
 * channels, padding 1 -> ReLU -> max pool 2 -> conv 3x3, 16 channels, padding 1 -> ReLU -> max pool 2 ->
 * flatten -> dense). Training minimises the softmax cross-entropy in float32 with mini-batches; the
 * network gets {@code softmax = true} as its output link.
 *
 * <p>Determinism: the DJL engine's random seed is set from the seed before the weights are initialised,
 * and the rows are shuffled each epoch with {@code java.util.Random(seed)}, so one seed gives the same
 * network bit for bit within one JVM on one machine. The engine seed is global: do not train two
 * networks at once in one JVM.
 *
 * <pre>{@code
 * TrainedNetwork t = NetworkTrainer.mlp(4, new int[] {8}, 3)
 *     .optSeed(7).optEpochs(100).optLearningRate(0.01)
 *     .optFeatures(List.of("sepal length", "sepal width", "petal length", "petal width"))
 *     .fit(x, y);
 * Network net = t.network();
 * }</pre>
 */
public final class NetworkTrainer {
    /** The optimisation algorithm. */
    public enum OptimizerType {
        /** Adam with DJL's default betas and epsilon. */
        ADAM,
        /** Plain stochastic gradient descent. */
        SGD,
        /** Stochastic gradient descent with momentum 0.9. */
        MOMENTUM
    }

    private final String architecture;
    private final int[] inputShape;
    private final int[] hidden;
    private final int classes;
    private long seed = 42;
    private int epochs = 10;
    private int batchSize = 32;
    private double learningRate = 1e-3;
    private OptimizerType optimizer = OptimizerType.ADAM;
    private List<String> features = List.of();
    private List<String> classNames = List.of();
    private int checkpointsPerEpoch;

    private NetworkTrainer(String architecture, int[] inputShape, int[] hidden, int classes) {
        this.architecture = architecture;
        this.inputShape = inputShape;
        this.hidden = hidden;
        this.classes = classes;
    }

    /**
     * A multilayer perceptron {@code inputs -> hidden[0] -> ... -> classes} with ReLU after every hidden layer.
     *
     * @param inputs number of input features, at least 1
     * @param hidden hidden layer widths, each at least 1 (may be empty for a linear model)
     * @param classes number of classes, at least 2
     * @return a trainer with default settings
     */
    public static NetworkTrainer mlp(int inputs, int[] hidden, int classes) {
        if (inputs < 1) {
            throw new IllegalArgumentException("inputs: expected at least 1, got " + inputs);
        }
        if (hidden == null || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden: expected widths of at least 1, got " + Arrays.toString(hidden));
        }
        return new NetworkTrainer("mlp", new int[] {inputs}, hidden.clone(), checkClasses(classes));
    }

    /**
     * The small CNN: conv 3x3 (8) -> ReLU -> max pool 2 -> conv 3x3 (16) -> ReLU -> max pool 2 -> flatten -> dense.
     *
     * @param inputShape {@code [channels, height, width]}, height and width at least 4, e.g. {@code [1, 28, 28]}
     * @param classes number of classes, at least 2
     * @return a trainer with default settings
     */
    public static NetworkTrainer cnn(int[] inputShape, int classes) {
        if (inputShape == null || inputShape.length != 3 || inputShape[0] < 1 || inputShape[1] < 4 || inputShape[2] < 4) {
            throw new IllegalArgumentException("inputShape: expected [channels, height, width] with height and width "
                    + "at least 4, got " + Arrays.toString(inputShape));
        }
        return new NetworkTrainer("cnn", inputShape.clone(), new int[0], checkClasses(classes));
    }

    private static int checkClasses(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes: expected at least 2, got " + classes);
        }
        return classes;
    }

    /**
     * Keeps the network at initialisation and {@code perEpoch} times in every epoch, evenly spaced by batches, the
     * last at the end of the epoch ({@link TrainedNetwork#checkpoints()}, each converted exactly as the final one;
     * {@code 1 + epochs * min(perEpoch, batches per epoch)} networks); default 0, none. For studies of how
     * training settles, such as {@code dev.re3.attribution.PathStability}.
     */
    public NetworkTrainer optCheckpoints(int perEpoch) {
        if (perEpoch < 0) {
            throw new IllegalArgumentException("checkpoints per epoch: expected 0 (none) or more, got " + perEpoch);
        }
        this.checkpointsPerEpoch = perEpoch;
        return this;
    }

    /** The seed of every random choice; default 42. */
    public NetworkTrainer optSeed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Passes over the training set; default 10. */
    public NetworkTrainer optEpochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs: expected at least 1, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Rows per mini-batch; default 32 (the last batch of an epoch may be smaller). */
    public NetworkTrainer optBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** The fixed learning rate; default 0.001. */
    public NetworkTrainer optLearningRate(double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate: expected a finite number > 0, got " + learningRate);
        }
        this.learningRate = learningRate;
        return this;
    }

    /** The optimiser; default {@link OptimizerType#ADAM}. */
    public NetworkTrainer optOptimizer(OptimizerType optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer: expected one of " + Arrays.toString(OptimizerType.values())
                    + ", got null");
        }
        this.optimizer = optimizer;
        return this;
    }

    /** Names of the input features, one per input element; default {@code x0, x1, ...}. */
    public NetworkTrainer optFeatures(List<String> features) {
        this.features = features == null ? List.of() : List.copyOf(features);
        return this;
    }

    /** Names of the classes, one per class; default {@code 0, 1, ...}. */
    public NetworkTrainer optClasses(List<String> classes) {
        this.classNames = classes == null ? List.of() : List.copyOf(classes);
        return this;
    }

    /** The input shape without the batch axis. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** A description of the architecture, e.g. {@code "mlp 4-8-3"}. */
    public String architecture() {
        if (architecture.equals("mlp")) {
            String widths = Arrays.stream(hidden).mapToObj(Integer::toString).collect(Collectors.joining("-"));
            return "mlp " + inputShape[0] + "-" + (widths.isEmpty() ? "" : widths + "-") + classes;
        }
        return "cnn " + Arrays.toString(inputShape) + " conv3x3x8-relu-maxpool2-conv3x3x16-relu-maxpool2-flatten-dense"
                + classes;
    }

    /** The settings as recorded in a {@link TrainedNetwork}. */
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("architecture", architecture());
        s.put("epochs", epochs);
        s.put("batchSize", batchSize);
        s.put("learningRate", learningRate);
        s.put("optimizer", optimizer.name());
        s.put("loss", "softmax cross-entropy");
        s.put("dataType", "float32");
        return s;
    }

    /**
     * Trains on the rows of {@code x} with their labels.
     *
     * @param x one row per example, flat row-major ({@code [c, h, w]} for images), finite
     * @param labels one class index in {@code [0, classes)} per row
     * @return the trained network with its loss, accuracy, settings and provenance
     */
    public TrainedNetwork fit(double[][] x, int[] labels) {
        int size = Arrays.stream(inputShape).reduce(1, Math::multiplyExact);
        TrainingData.check(x, labels, size, classes);
        if (!features.isEmpty() && features.size() != size) {
            throw new IllegalArgumentException("features: expected " + size + " names, got " + features.size());
        }
        if (!classNames.isEmpty() && classNames.size() != classes) {
            throw new IllegalArgumentException("classes: expected " + classes + " names, got " + classNames.size());
        }
        Engine.getInstance().setRandomSeed(Long.hashCode(seed));
        TrainingLoop.Result r = new TrainingLoop(block(), inputShape, optimizer(), epochs, batchSize, seed,
                checkpointsPerEpoch)
                .run(x, labels);
        Network network = new Network(inputShape, features, classNames, r.network().layers(), true);
        List<Network> kept = r.checkpoints().stream()
                .map(c -> new Network(inputShape, features, classNames, c.layers(), true)).toList();
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("seed", seed);
        provenance.put("settings", settings());
        provenance.put("djlVersion", Engine.getDjlVersion());
        provenance.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        provenance.put("datasetSize", x.length);
        provenance.put("inputShape", Arrays.toString(inputShape));
        provenance.put("classes", classes);
        return new TrainedNetwork(network, r.loss(), r.accuracy(), r.epochLosses(), seed, settings(), provenance, kept,
                r.checkpointEpochs());
    }

    /**
     * The accuracy of a network on labelled rows: the fraction whose largest logit (first on ties) is
     * their label, computed with {@link Network#forward} in float64.
     *
     * @param network the network
     * @param x one row per example, flat row-major
     * @param labels one class index per row
     * @return the accuracy in {@code [0, 1]}
     */
    public static double evaluate(Network network, double[][] x, int[] labels) {
        TrainingData.check(x, labels, network.inputSize(), network.outputSize());
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            correct += TrainingData.argmax(network.forward(x[i])) == labels[i] ? 1 : 0;
        }
        return correct / (double) x.length;
    }

    private SequentialBlock block() {
        SequentialBlock b = new SequentialBlock();
        if (architecture.equals("mlp")) {
            for (int h : hidden) {
                b.add(Linear.builder().setUnits(h).build()).add(Activation.reluBlock());
            }
        } else {
            b.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).optPadding(new Shape(1, 1)).build())
                    .add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(16).optPadding(new Shape(1, 1)).build())
                    .add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                    .add(Blocks.batchFlattenBlock());
        }
        return b.add(Linear.builder().setUnits(classes).build());
    }

    private Optimizer optimizer() {
        Tracker rate = Tracker.fixed((float) learningRate);
        return switch (optimizer) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(rate).build();
            case SGD -> Optimizer.sgd().setLearningRateTracker(rate).build();
            case MOMENTUM -> Optimizer.sgd().setLearningRateTracker(rate).optMomentum(0.9f).build();
        };
    }
}
