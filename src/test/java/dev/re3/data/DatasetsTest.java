package dev.re3.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class DatasetsTest {
    private static final Path ROOT = Path.of("datasets");

    private static void check(Dataset d, String name, int rows, int cols, int[] counts, int[] shape) {
        assertEquals(name, d.name());
        assertEquals(rows, d.size());
        assertEquals(cols, d.numFeatures());
        assertEquals(cols, d.features().size());
        assertEquals(counts.length, d.numClasses());
        assertArrayEquals(counts, d.classCounts());
        assertArrayEquals(shape, d.inputShape());
        assertEquals(rows, d.x().length);
        assertEquals(rows, d.labels().length);
    }

    /** The numbers of one raw CSV line, parsed here independently of the loaders. */
    private static double[] numbers(String line, int count) {
        String[] f = line.split(",");
        double[] v = new double[count];
        for (int j = 0; j < count; j++) {
            v[j] = Double.parseDouble(f[j]);
        }
        return v;
    }

    @Test
    void irisMatchesTheRawFile() throws IOException {
        Dataset d = Datasets.iris();
        check(d, "iris", 150, 4, new int[] {50, 50, 50}, new int[] {4});
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classes());
        assertArrayEquals(new double[] {5.1, 3.5, 1.4, 0.2}, d.x(0));
        assertEquals("setosa", d.className(0));
        List<String> raw = Files.readAllLines(ROOT.resolve("iris/iris.csv"));
        assertArrayEquals(numbers(raw.get(150), 4), d.x(149));
        assertEquals("virginica", d.className(149));
    }

    @Test
    void wineAndBreastCancerMatchTheRawFiles() throws IOException {
        Dataset wine = Datasets.wine();
        check(wine, "wine", 178, 13, new int[] {59, 71, 48}, new int[] {13});
        assertArrayEquals(numbers(Files.readAllLines(ROOT.resolve("wine/wine_data.csv")).get(1), 13), wine.x(0));
        assertEquals(14.23, wine.value(0, 0));
        assertEquals("proline", wine.features().get(12));

        Dataset bc = Datasets.breastCancer();
        check(bc, "breast-cancer", 569, 30, new int[] {212, 357}, new int[] {30});
        assertEquals(List.of("malignant", "benign"), bc.classes());
        assertArrayEquals(numbers(Files.readAllLines(ROOT.resolve("breast-cancer/breast_cancer.csv")).get(1), 30),
                bc.x(0));
        assertEquals(17.99, bc.value(0, 0));
        assertEquals("malignant", bc.className(0));
        assertEquals("radius_se", bc.features().get(10));
        assertEquals("radius_worst", bc.features().get(20));
    }

    @Test
    void diabetesMatchesTheRawFile() {
        Dataset d = Datasets.diabetes();
        check(d, "diabetes", 768, 8, new int[] {500, 268}, new int[] {8});
        assertEquals(List.of("tested_negative", "tested_positive"), d.classes());
        assertArrayEquals(new double[] {6, 148, 72, 35, 0, 33.6, 0.627, 50}, d.x(0));
        assertEquals("tested_positive", d.className(0));
        assertArrayEquals(new double[] {1, 93, 70, 31, 0, 30.4, 0.315, 23}, d.x(767));
        assertEquals("tested_negative", d.className(767));
    }

    @Test
    void penguinsKeepsTheCompleteRows() throws IOException {
        Dataset d = Datasets.penguins();
        check(d, "penguins", 333, 4, new int[] {146, 68, 119}, new int[] {4});
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), d.classes());
        assertEquals(List.of("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"), d.features());
        String first = Files.readAllLines(ROOT.resolve("penguins/penguins.csv")).get(1);
        String[] f = first.split(",");
        assertArrayEquals(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
            Double.parseDouble(f[5])}, d.x(0));
        assertArrayEquals(new double[] {39.1, 18.7, 181, 3750}, d.x(0));
        assertEquals("Adelie", d.className(0));
    }

    @Test
    void heartReadsTheSparseFile() throws IOException {
        Dataset d = Datasets.heart();
        check(d, "heart", 270, 13, new int[] {150, 120}, new int[] {13});
        assertEquals(List.of("absent", "present"), d.classes());
        String first = Files.readAllLines(ROOT.resolve("heart/statlog_heart_scale.libsvm")).get(0);
        String[] tokens = first.trim().split("\\s+");
        double[] expected = new double[13];
        for (int t = 1; t < tokens.length; t++) {
            String[] kv = tokens[t].split(":");
            expected[Integer.parseInt(kv[0]) - 1] = Double.parseDouble(kv[1]);
        }
        assertEquals("+1", tokens[0]);
        assertArrayEquals(expected, d.x(0));
        assertEquals(0.708333, d.value(0, 0));
        assertEquals(0.0, d.value(0, 10), "index 11 is absent from the first line, so it is 0");
        assertEquals("present", d.className(0));
        assertEquals("absent", d.className(1));
    }

    @Test
    void digitsAreScaledEightByEightImages() throws IOException {
        Dataset d = Datasets.digits();
        check(d, "digits", 1797, 64, new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, new int[] {1, 8, 8});
        String first;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(ROOT.resolve("digits/digits.csv.gz")))) {
            first = new String(in.readAllBytes()).lines().findFirst().orElseThrow();
        }
        double[] raw = numbers(first, 65);
        for (int j = 0; j < 64; j++) {
            assertEquals(raw[j] / 16.0, d.value(0, j));
        }
        assertEquals((int) raw[64], d.label(0));
        assertEquals("pixel_0_0", d.features().get(0));
        assertEquals("pixel_7_7", d.features().get(63));
    }

    /** The first image and label of an IDX pair, read here independently of the loaders. */
    private static int[] firstImage(String images, String labels) throws IOException {
        int[] v = new int[785];
        try (InputStream in = new GZIPInputStream(Files.newInputStream(ROOT.resolve(images)))) {
            byte[] b = in.readNBytes(16 + 784);
            for (int p = 0; p < 784; p++) {
                v[p] = b[16 + p] & 0xff;
            }
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(ROOT.resolve(labels)))) {
            v[784] = in.readNBytes(9)[8];
        }
        return v;
    }

    private static void checkFirstImage(Dataset d, String images, String labels) throws IOException {
        int[] raw = firstImage(images, labels);
        for (int p = 0; p < 784; p++) {
            assertEquals(raw[p] / 255.0, d.value(0, p));
        }
        assertEquals(raw[784], d.label(0));
    }

    @Test
    void mnistTestAndFashion() throws IOException {
        Dataset d = Datasets.mnistTest();
        check(d, "mnist-test", 10000, 784, new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
                new int[] {1, 28, 28});
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), d.classes());
        checkFirstImage(d, "mnist/t10k-images-idx3-ubyte.gz", "mnist/t10k-labels-idx1-ubyte.gz");
        assertEquals(7, d.label(0));

        Dataset small = Datasets.mnistTest(100);
        assertEquals(100, small.size());
        assertArrayEquals(d.x(99), small.x(99));
        assertEquals(10000, Datasets.mnistTest(20000).size(), "a limit above the count gives every image");

        Dataset fashion = Datasets.fashionMnistTest(10000);
        check(fashion, "fashion-mnist", 10000, 784, new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000,
            1000}, new int[] {1, 28, 28});
        assertEquals("Ankle boot", fashion.classes().get(9));
        checkFirstImage(fashion, "fashion-mnist/t10k-images-idx3-ubyte.gz", "fashion-mnist/t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void mnistTrain() throws IOException {
        Dataset d = Datasets.mnistTrain();
        check(d, "mnist", 60000, 784, new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
                new int[] {1, 28, 28});
        checkFirstImage(d, "mnist/train-images-idx3-ubyte.gz", "mnist/train-labels-idx1-ubyte.gz");
        assertEquals(5, d.label(0));
        assertEquals(5, Datasets.mnistTrain(5).size());
        double max = 0;
        for (int i = 0; i < 100; i++) {
            for (int p = 0; p < 784; p++) {
                max = Math.max(max, d.value(i, p));
            }
        }
        assertEquals(1.0, max);
    }

    @Test
    void byNameIgnoresCaseAndListsTheKnownNames() {
        assertEquals(10, Datasets.names().size());
        assertSame(Datasets.iris(), Datasets.byName("IRIS"), "shipped data sets are cached");
        assertEquals(569, Datasets.byName("Breast_Cancer").size());
        assertEquals(20, Datasets.byName("wine", 20).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.byName("cifar10"));
        assertTrue(e.getMessage().contains("\"cifar10\""), e.getMessage());
        for (String name : Datasets.names()) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        IllegalArgumentException limit = assertThrows(IllegalArgumentException.class, () -> Datasets.mnistTest(0));
        assertTrue(limit.getMessage().contains(">= 1") && limit.getMessage().contains("got 0"), limit.getMessage());
    }

    @Test
    void byNameReadsAFolderOnDisk(@TempDir Path dir) throws IOException {
        Dataset d = Datasets.byName("iris", ROOT);
        assertArrayEquals(Datasets.iris().x(), d.x());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.byName("iris", dir));
        assertTrue(e.getMessage().contains("iris.csv") && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void tables() {
        Table iris = Datasets.iris().toTable();
        assertEquals(150, iris.rowCount());
        assertEquals(List.of("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "label"),
                iris.columnNames());
        assertEquals(5.1, iris.doubleColumn("sepal_length_cm").get(0));
        assertEquals("setosa", iris.stringColumn("label").get(0));

        Dataset images = Datasets.mnistTest(3);
        assertEquals(List.of("index", "label"), images.toTable().columnNames());
        assertEquals("7", images.toTable().stringColumn("label").get(0));
        Table all = images.toTable(true);
        assertEquals(785, all.columnCount());
        assertEquals(3, all.rowCount());
    }
}
