/**
 * An immutable, engine-free description of a piecewise-linear network.
 *
 * <p>A {@link dev.re3.net.Network} is a list of {@link dev.re3.net.Layer}s applied to an input of a
 * fixed shape ({@code [d]} for tabular data, {@code [channels, height, width]} for images), optionally
 * followed by a softmax that is treated as the output link and kept out of the affine part. Every
 * layer is either affine ({@link dev.re3.net.Standardize} (the input's preprocessing), {@link dev.re3.net.Dense}, {@link dev.re3.net.Conv2d},
 * {@link dev.re3.net.BatchNorm}, {@link dev.re3.net.AvgPool2d}, {@link dev.re3.net.Flatten},
 * {@link dev.re3.net.Dropout}, {@link dev.re3.net.Residual} over affine branches) or piecewise linear
 * ({@link dev.re3.net.Relu}, {@link dev.re3.net.LeakyRelu}, {@link dev.re3.net.MaxPool2d}), so the
 * whole network is piecewise affine: on each region of its input space it equals {@code f(x) = W x + b}.
 *
 * <p>Every layer has a stable site name ({@code "2.relu"}, {@code "3.residual.1.0.conv2d"}) and every
 * unit a flat index in that layer's output ({@link dev.re3.net.Site}). Nothing here depends on a
 * numeric engine; {@link dev.re3.net.Network#forward(double[])} is a plain float64 reference.
 */
package dev.re3.net;
