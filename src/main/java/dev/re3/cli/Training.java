package dev.re3.cli;

import dev.re3.data.Dataset;
import dev.re3.data.Datasets;
import dev.re3.data.Split;
import dev.re3.data.Standardizer;
import dev.re3.djl.NetworkTrainer;
import dev.re3.djl.TrainedNetwork;
import dev.re3.net.Network;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One seeded training run on a shipped dataset, shared by {@code demo} and {@code train}: a stratified
 * split, standardisation of tabular data fitted on the training part, then an MLP or the small CNN.
 *
 * @param network the trained network, with the dataset's feature and class names
 * @param architecture a description such as {@code "mlp 4-8-3"}
 * @param train the training part, standardised if the data is tabular
 * @param test the test part, standardised likewise
 * @param standardizer the standardizer fitted on the training part, or null for image data
 * @param trainAccuracy accuracy on the training part
 * @param testAccuracy accuracy on the test part
 * @param provenance what to record in the model file
 */
record Training(Network network, String architecture, Dataset train, Dataset test, Standardizer standardizer,
                double trainAccuracy, double testAccuracy, Map<String, Object> provenance) {

    /** Epochs and learning rate when none are given: for tabular data, and for images. */
    static final int TABULAR_EPOCHS = 100;
    static final int IMAGE_EPOCHS = 5;
    static final double TABULAR_LEARNING_RATE = 0.01;
    static final double IMAGE_LEARNING_RATE = 0.003;

    /**
     * What to train.
     *
     * @param epochs passes over the training part, or 0 for the default ({@value #TABULAR_EPOCHS} for tabular
     *     data, {@value #IMAGE_EPOCHS} for images)
     * @param learningRate Adam's learning rate, or 0 for the default ({@value #TABULAR_LEARNING_RATE} for
     *     tabular data, {@value #IMAGE_LEARNING_RATE} for images)
     */
    record Settings(String dataset, int limit, int[] hidden, boolean cnn, int epochs, long seed, double testFraction,
                    double learningRate, String command) {}

    static Training run(Settings s) {
        Dataset data = Datasets.byName(s.dataset(), s.limit());
        if (s.cnn() && !data.isImage()) {
            throw new UsageException("option --cnn: expected an image dataset (digits, mnist, mnist-test, fashion-mnist),"
                    + " got " + data.name() + " with input shape " + Arrays.toString(data.inputShape()));
        }
        if (!s.cnn()) {
            checkMemory(data.numFeatures(), s.hidden(), data.numClasses());
        }
        Split split = data.split(s.testFraction(), s.seed());
        Standardizer st = data.isImage() ? null : Standardizer.fit(split.train());
        Dataset train = st == null ? split.train() : st.apply(split.train());
        Dataset test = st == null ? split.test() : st.apply(split.test());
        NetworkTrainer trainer = s.cnn() ? NetworkTrainer.cnn(data.inputShape(), data.numClasses())
                : NetworkTrainer.mlp(data.numFeatures(), s.hidden(), data.numClasses());
        int epochs = s.epochs() > 0 ? s.epochs() : data.isImage() ? IMAGE_EPOCHS : TABULAR_EPOCHS;
        double rate = s.learningRate() > 0 ? s.learningRate()
                : data.isImage() ? IMAGE_LEARNING_RATE : TABULAR_LEARNING_RATE;
        TrainedNetwork t = trainer.optSeed(s.seed()).optEpochs(epochs).optLearningRate(rate)
                .optFeatures(data.features()).optClasses(data.classes()).fit(train.x(), train.labels());
        Network net = t.network();
        double testAccuracy = NetworkTrainer.evaluate(net, test.x(), test.labels());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("createdBy", s.command());
        p.put("created", OffsetDateTime.now(ZoneOffset.UTC).withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        p.put("dataset", data.name());
        p.put("datasetRows", data.size());
        p.put("trainRows", train.size());
        p.put("testRows", test.size());
        p.put("testFraction", s.testFraction());
        p.put("splitSeed", s.seed());
        p.put("trainAccuracy", t.trainAccuracy());
        p.put("testAccuracy", testAccuracy);
        p.putAll(t.provenance());
        p.put("java", System.getProperty("java.version"));
        return new Training(net, trainer.architecture(), train, test, st, t.trainAccuracy(), testAccuracy, p);
    }

    /**
     * The model file's network: the trained one with the standardizer in front as its first layer (a
     * {@code standardize} layer) for tabular data, so that it takes raw values; the trained one for images.
     */
    Network model() {
        return standardizer == null ? network
                : network.withStandardize(new dev.re3.net.Standardize(standardizer.means(), standardizer.stds()));
    }

    /**
     * Refuses an MLP whose parameters cannot fit: the network keeps them as doubles on the heap (twice, while it
     * is exported), and training holds weights, gradients and two Adam moments in native memory.
     */
    static void checkMemory(int inputs, int[] hidden, int classes) {
        long params = 0;
        long in = inputs;
        for (int h : hidden) {
            params += in * h + h;
            in = h;
        }
        params += in * classes + classes;
        long heapNeed = params * 16;
        long nativeNeed = params * 4 * 4;
        long heap = Runtime.getRuntime().maxMemory();
        long physical = Long.MAX_VALUE;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        if (heapNeed > heap || heapNeed + nativeNeed > physical) {
            throw new CliException(String.format(java.util.Locale.ROOT, "an MLP %d-%s-%d has %,d parameters and needs"
                            + " about %s (%s of Java heap, %s native); this JVM may use %s of heap and the machine has %s:"
                            + " ask for smaller --hidden layers (or more heap with RE3_JAVA_OPTS=-Xmx...)", inputs,
                    java.util.Arrays.stream(hidden).mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining("-")),
                    classes, params, bytes(heapNeed + nativeNeed), bytes(heapNeed), bytes(nativeNeed), bytes(heap),
                    physical == Long.MAX_VALUE ? "an unknown amount of memory" : bytes(physical)));
        }
    }

    private static String bytes(long b) {
        return b >= 1L << 30 ? String.format(java.util.Locale.ROOT, "%.1f GB", b / (double) (1L << 30))
                : String.format(java.util.Locale.ROOT, "%.0f MB", b / (double) (1L << 20));
    }
}
