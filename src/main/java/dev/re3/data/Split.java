package dev.re3.data;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A training part and a test part of one data set, disjoint and together holding every row.
 *
 * @param train the rows to fit on
 * @param test the held-out rows
 */
public record Split(Dataset train, Dataset test) {

    /**
     * @param train the rows to fit on, not null
     * @param test the held-out rows, not null
     */
    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }

    /**
     * Splits a data set by class: of the {@code k} examples of each class, {@code round(k * testFraction)}
     * (half up) go to the test part and the rest to the training part. Which examples go where is drawn
     * from a {@link SplittableRandom} seeded with {@code seed}, so the same seed gives the same split.
     * Both parts list their rows in a seeded random order, so classes are mixed. A class without any
     * example stays without one in both parts.
     *
     * @param data the data set, with at least one row
     * @param testFraction the share of each class that goes to the test part, in {@code (0, 1)}
     * @param seed the random seed
     * @return the two parts, named {@code data.name() + "-train"} and {@code data.name() + "-test"}
     * @throws IllegalArgumentException if the fraction is outside {@code (0, 1)}, the data set is empty,
     *     the test part would be empty, or a class would have no training example
     */
    public static Split of(Dataset data, double testFraction, long seed) {
        Objects.requireNonNull(data, "data");
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("split of " + data.name()
                    + ": expected a test fraction in the open interval (0, 1), got " + testFraction);
        }
        int[] counts = data.classCounts();
        int[] testCounts = new int[counts.length];
        int testTotal = 0;
        for (int c = 0; c < counts.length; c++) {
            testCounts[c] = (int) Math.round(counts[c] * testFraction);
            if (counts[c] > 0 && testCounts[c] >= counts[c]) {
                throw new IllegalArgumentException("split of " + data.name() + ": class \"" + data.classes().get(c)
                        + "\" has " + counts[c] + " example(s) and a test fraction of " + testFraction + " puts "
                        + testCounts[c] + " of them in the test part, leaving 0 for training; expected at least 1"
                        + " training example per class (use a smaller test fraction or more data)");
            }
            testTotal += testCounts[c];
        }
        if (testTotal == 0) {
            throw new IllegalArgumentException("split of " + data.name() + ": a test fraction of " + testFraction
                    + " of " + data.size() + " rows gives 0 test rows; expected at least 1 (use a larger fraction)");
        }
        int[][] byClass = rowsByClass(data, counts);
        SplittableRandom random = new SplittableRandom(seed);
        int[] train = new int[data.size() - testTotal];
        int[] test = new int[testTotal];
        int nTrain = 0;
        int nTest = 0;
        for (int c = 0; c < counts.length; c++) {
            int[] rows = byClass[c];
            shuffle(rows, random);
            for (int k = 0; k < rows.length; k++) {
                if (k < testCounts[c]) {
                    test[nTest++] = rows[k];
                } else {
                    train[nTrain++] = rows[k];
                }
            }
        }
        shuffle(train, random);
        shuffle(test, random);
        return new Split(data.subset(data.name() + "-train", train), data.subset(data.name() + "-test", test));
    }

    private static int[][] rowsByClass(Dataset data, int[] counts) {
        int[][] byClass = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] filled = new int[counts.length];
        for (int i = 0; i < data.size(); i++) {
            int c = data.label(i);
            byClass[c][filled[c]++] = i;
        }
        return byClass;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
