/**
 * Small labelled data sets for training and explaining ReLU classifiers.
 *
 * <p>A {@link dev.re3.data.Dataset} is an immutable matrix of inputs {@code [n][d]} with class
 * labels {@code [n]}, feature and class names, and an input shape ({@code [d]} for tabular data,
 * {@code [1, h, w]} for grey-scale images). {@link dev.re3.data.Datasets} loads the data sets shipped
 * in the jar (Iris, Wine, Breast Cancer Wisconsin, Pima diabetes, Palmer penguins, Statlog heart,
 * 8x8 digits, MNIST, Fashion-MNIST test) from the class path or from a folder, and reads a user's own
 * CSV or IDX files. {@link dev.re3.data.Dataset#split(double, long)} gives a seeded, stratified
 * {@link dev.re3.data.Split}, and {@link dev.re3.data.Standardizer} scales tabular features to mean 0
 * and standard deviation 1 with parameters fitted on the training part.
 *
 * <p>Malformed input raises {@link java.lang.IllegalArgumentException} with a message that says what
 * was expected and what was given, and where (file, line, column).
 */
package dev.re3.data;
