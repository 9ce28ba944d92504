package dev.re3.data;

import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loaders for the data sets shipped with the library, and readers for a user's own files.
 *
 * <p>The shipped files live in the jar under {@code /dev/re3/datasets/} and are read from the class
 * path, so the loaders work wherever the jar runs. If the system property {@code re3.datasets} names
 * a folder, the files are read from there instead; in a source checkout without a built jar they are
 * read from {@code datasets/} under the working directory. {@link #byName(String, Path)} reads a
 * named data set from any folder with the same layout ({@code iris/iris.csv}, {@code mnist/...}).
 * Origins and licences are listed in {@code datasets/NOTICE.md}.
 *
 * <p>Tabular sets keep their raw units (use {@link Standardizer} to scale them); image sets are scaled
 * to {@code [0, 1]} at load. Loaded shipped data sets are immutable and kept in a memory-sensitive
 * cache, so loading one twice is cheap. Bad files raise {@link IllegalArgumentException} with the
 * file, line and column, what was expected and what was found; I/O failures raise
 * {@link java.io.UncheckedIOException}.
 */
public final class Datasets {
    private static final Map<String, SoftReference<Dataset>> CACHE = new ConcurrentHashMap<>();

    private Datasets() {}

    /** Iris: 150 x 4 (sepal and petal length and width, cm), classes setosa / versicolor / virginica. */
    public static Dataset iris() {
        return byName("iris");
    }

    /** Wine: 178 x 13 chemical measurements, classes class_0 / class_1 / class_2 (three cultivars). */
    public static Dataset wine() {
        return byName("wine");
    }

    /** Breast Cancer Wisconsin (Diagnostic): 569 x 30 cell-nucleus statistics, classes malignant / benign. */
    public static Dataset breastCancer() {
        return byName("breast-cancer");
    }

    /** Pima Indians diabetes: 768 x 8, classes tested_negative / tested_positive. */
    public static Dataset diabetes() {
        return byName("diabetes");
    }

    /**
     * Palmer penguins: the 333 complete rows (rows with {@code NA} in any column, sex included, are
     * dropped) x 4 (bill length and depth, flipper length, body mass), classes Adelie / Chinstrap /
     * Gentoo. Island, sex and year are not used.
     */
    public static Dataset penguins() {
        return byName("penguins");
    }

    /**
     * Statlog heart: 270 x 13 clinical attributes, each already scaled to {@code [-1, 1]} by the
     * source file (a value left out of the sparse file is 0), classes absent / present (from the
     * file's labels -1 / +1).
     */
    public static Dataset heart() {
        return byName("heart");
    }

    /** 8x8 digits: 1797 images, input shape {@code [1, 8, 8]}, pixels 0..16 scaled to {@code [0, 1]}, classes "0".."9". */
    public static Dataset digits() {
        return byName("digits");
    }

    /** MNIST training set: 60000 images, input shape {@code [1, 28, 28]}, pixels scaled to {@code [0, 1]}, classes "0".."9". */
    public static Dataset mnistTrain() {
        return byName("mnist");
    }

    /**
     * The first images of the MNIST training set.
     *
     * @param limit the maximum number of images, {@code >= 1}; at most 60000 are returned
     * @return the data set, input shape {@code [1, 28, 28]}
     */
    public static Dataset mnistTrain(int limit) {
        return byName("mnist", limit);
    }

    /** MNIST test set: 10000 images, input shape {@code [1, 28, 28]}, pixels scaled to {@code [0, 1]}, classes "0".."9". */
    public static Dataset mnistTest() {
        return byName("mnist-test");
    }

    /**
     * The first images of the MNIST test set.
     *
     * @param limit the maximum number of images, {@code >= 1}; at most 10000 are returned
     * @return the data set, input shape {@code [1, 28, 28]}
     */
    public static Dataset mnistTest(int limit) {
        return byName("mnist-test", limit);
    }

    /**
     * The first images of the Fashion-MNIST test set (10 clothing classes, "T-shirt/top" to "Ankle boot").
     *
     * @param limit the maximum number of images, {@code >= 1}; at most 10000 are returned
     * @return the data set, input shape {@code [1, 28, 28]}, pixels scaled to {@code [0, 1]}
     */
    public static Dataset fashionMnistTest(int limit) {
        return byName("fashion-mnist", limit);
    }

    /** The names accepted by {@link #byName(String)}: iris, wine, breast-cancer, diabetes, penguins, heart, digits, mnist, mnist-test, fashion-mnist. */
    public static List<String> names() {
        return Catalog.NAMES;
    }

    /**
     * A shipped data set by name, ignoring case ({@code _} may stand for {@code -}). {@code "mnist"} is
     * the training set, {@code "mnist-test"} and {@code "fashion-mnist"} are test sets.
     *
     * @param name one of {@link #names()}
     * @return the whole data set
     * @throws IllegalArgumentException if the name is unknown; the message lists the known names
     */
    public static Dataset byName(String name) {
        return byName(name, Integer.MAX_VALUE);
    }

    /**
     * The first rows of a shipped data set by name.
     *
     * @param name one of {@link #names()}
     * @param limit the maximum number of rows, {@code >= 1}
     * @return the first {@code min(limit, size)} rows
     * @throws IllegalArgumentException if the name is unknown or the limit is below 1
     */
    public static Dataset byName(String name, int limit) {
        String key = Catalog.canonical(name);
        DataFiles files = DataFiles.shipped();
        if (!files.isShipped()) {
            return Catalog.load(key, limit, files);
        }
        String cacheKey = key + "#" + limit;
        SoftReference<Dataset> ref = CACHE.get(cacheKey);
        Dataset cached = ref == null ? null : ref.get();
        if (cached != null) {
            return cached;
        }
        Dataset loaded = Catalog.load(key, limit, files);
        CACHE.put(cacheKey, new SoftReference<>(loaded));
        return loaded;
    }

    /**
     * A named data set read from a folder on disk laid out like the shipped one (for example
     * {@code folder/iris/iris.csv}, {@code folder/mnist/t10k-images-idx3-ubyte.gz}); not cached.
     *
     * @param name one of {@link #names()}
     * @param folder an existing directory
     * @return the whole data set
     * @throws IllegalArgumentException if the name is unknown, the folder or a file is missing, or a
     *     file is malformed
     */
    public static Dataset byName(String name, Path folder) {
        return Catalog.load(Catalog.canonical(name), Integer.MAX_VALUE, DataFiles.folder(folder));
    }

    /**
     * Reads a CSV file of numbers, one input per line, e.g. the inputs to explain. The first line is
     * taken as a header and skipped if none of its fields is a number; otherwise it is data. Blank
     * lines are skipped.
     *
     * @param file a UTF-8 text file
     * @return the rows {@code [n][d]}, {@code n >= 1}
     * @throws IllegalArgumentException if the file is missing or empty, a row has a different number of
     *     fields than the first, or a field is not a finite number (the message gives line, column and
     *     text)
     */
    public static double[][] readCsv(Path file) {
        return HeaderCsv.readNumbers(file);
    }

    /**
     * Reads a user's labelled CSV file: a header line with column names, then one example per line.
     * Every column except {@code labelColumn} is a numeric feature. The classes are the distinct label
     * texts, ordered by numeric value if all are numbers, else alphabetically. The data set is named
     * after the file without its extension.
     *
     * @param file a UTF-8 text file with a header
     * @param labelColumn the name of the column holding the class
     * @return the data set, input shape {@code [d]}
     * @throws IllegalArgumentException if the file is missing or empty, has no such column, a row has
     *     the wrong number of fields, or a feature is not a finite number
     */
    public static Dataset fromCsv(Path file, String labelColumn) {
        Objects.requireNonNull(labelColumn, "labelColumn");
        return HeaderCsv.labelled(file, labelColumn);
    }

    /**
     * Reads a pair of IDX files (plain or gzipped) in the MNIST format: unsigned-byte images
     * {@code [n][rows][cols]} and labels {@code [n]}. Pixels are scaled to {@code [0, 1]} by {@code /255}.
     *
     * @param name the data set name
     * @param images the image file (magic number {@code 0x00000803})
     * @param labels the label file (magic number {@code 0x00000801}), labels in {@code 0 .. classes.size() - 1}
     * @param classes the class names
     * @param limit the maximum number of examples, {@code >= 1}
     * @return the data set, input shape {@code [1, rows, cols]}
     * @throws IllegalArgumentException if a file is missing, truncated, has a wrong magic number, or
     *     the counts or labels do not match
     */
    public static Dataset fromIdx(String name, Path images, Path labels, List<String> classes, int limit) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(classes, "classes");
        DataFiles imageFiles = DataFiles.folder(images.toAbsolutePath().getParent());
        DataFiles labelFiles = DataFiles.folder(labels.toAbsolutePath().getParent());
        return IdxReader.read(name, imageFiles, images.getFileName().toString(), labelFiles,
                labels.getFileName().toString(), List.copyOf(classes), limit);
    }
}
