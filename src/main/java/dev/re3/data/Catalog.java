package dev.re3.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The named data sets: their files, feature names and class names, and how each is read. */
final class Catalog {
    /** The names accepted by {@link Datasets#byName(String)}, in the order they are listed. */
    static final List<String> NAMES = List.of("iris", "wine", "breast-cancer", "diabetes", "penguins", "heart",
            "digits", "mnist", "mnist-test", "fashion-mnist");

    static final List<String> IRIS = List.of("sepal_length_cm", "sepal_width_cm", "petal_length_cm",
            "petal_width_cm");
    static final List<String> WINE = List.of("alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium",
            "total_phenols", "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue",
            "od280_od315_of_diluted_wines", "proline");
    static final List<String> BREAST_CANCER = breastCancerFeatures();
    static final List<String> DIABETES_ARFF = List.of("preg", "plas", "pres", "skin", "insu", "mass", "pedi", "age");
    static final List<String> DIABETES = List.of("pregnancies", "glucose", "blood_pressure", "skin_thickness",
            "insulin", "bmi", "diabetes_pedigree", "age");
    static final List<String> PENGUINS = List.of("bill_length_mm", "bill_depth_mm", "flipper_length_mm",
            "body_mass_g");
    static final List<String> HEART = List.of("age", "sex", "chest_pain_type", "resting_blood_pressure",
            "serum_cholesterol", "fasting_blood_sugar", "resting_ecg", "max_heart_rate", "exercise_angina",
            "st_depression", "st_slope", "major_vessels", "thal");
    static final List<String> HEART_CLASSES = List.of("absent", "present");
    static final List<String> DIGIT_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private Catalog() {}

    /** The canonical name of a data set: trimmed, lower case, {@code _} read as {@code -}. */
    static String canonical(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (!NAMES.contains(key)) {
            throw new IllegalArgumentException("unknown dataset " + (name == null ? "null" : "\"" + name + "\"")
                    + ": expected one of " + NAMES);
        }
        return key;
    }

    /**
     * Reads a named data set.
     *
     * @param key a canonical name from {@link #NAMES}
     * @param limit the maximum number of rows, {@code >= 1}
     */
    static Dataset load(String key, int limit, DataFiles files) {
        if (limit < 1) {
            throw new IllegalArgumentException(key + ": expected a row limit >= 1, got " + limit);
        }
        return switch (key) {
            case "mnist" -> IdxReader.read(key, files, "mnist/train-images-idx3-ubyte.gz",
                    "mnist/train-labels-idx1-ubyte.gz", DIGIT_CLASSES, limit);
            case "mnist-test" -> IdxReader.read(key, files, "mnist/t10k-images-idx3-ubyte.gz",
                    "mnist/t10k-labels-idx1-ubyte.gz", DIGIT_CLASSES, limit);
            case "fashion-mnist" -> IdxReader.read(key, files, "fashion-mnist/t10k-images-idx3-ubyte.gz",
                    "fashion-mnist/t10k-labels-idx1-ubyte.gz", FASHION_CLASSES, limit);
            default -> tabular(key, files).head(limit);
        };
    }

    private static Dataset tabular(String key, DataFiles files) {
        return switch (key) {
            case "iris" -> TextFormats.countedCsv(files, "iris/iris.csv", key, IRIS);
            case "wine" -> TextFormats.countedCsv(files, "wine/wine_data.csv", key, WINE);
            case "breast-cancer" -> TextFormats.countedCsv(files, "breast-cancer/breast_cancer.csv", key,
                    BREAST_CANCER);
            case "diabetes" -> TextFormats.arff(files, "diabetes/diabetes.arff", key, DIABETES_ARFF, DIABETES);
            case "penguins" -> penguins(files);
            case "heart" -> TextFormats.libsvm(files, "heart/statlog_heart_scale.libsvm", key, HEART,
                    HEART_CLASSES, new double[] {-1, 1});
            case "digits" -> TextFormats.labelLastCsv(files, "digits/digits.csv.gz", key,
                    IdxReader.pixelNames(8, 8), DIGIT_CLASSES, 16.0, new int[] {1, 8, 8});
            default -> throw new IllegalArgumentException("unknown dataset \"" + key + "\": expected one of " + NAMES);
        };
    }

    private static Dataset penguins(DataFiles files) {
        String relative = "penguins/penguins.csv";
        try (BufferedReader reader = files.reader(relative)) {
            return HeaderCsv.labelled(files.describe(relative), CsvText.read(reader), "penguins", "species",
                    PENGUINS, "NA");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files.describe(relative), e);
        }
    }

    private static List<String> breastCancerFeatures() {
        List<String> base = List.of("radius", "texture", "perimeter", "area", "smoothness", "compactness",
                "concavity", "concave_points", "symmetry", "fractal_dimension");
        List<String> names = new ArrayList<>();
        for (String stat : List.of("mean", "se", "worst")) {
            for (String b : base) {
                names.add(b + "_" + stat);
            }
        }
        return List.copyOf(names);
    }
}
