/**
 * Region algebra in float64: activation patterns, region ids, exact local affine maps and the
 * inequalities that bound each region.
 *
 * <p>On the region of input {@code x} (fixed on/off pattern of every ReLU and fixed choice of every
 * max pool), a network is exactly {@code f(x') = W x' + b}. Two independent computations give that map:
 * <ul>
 *   <li>{@link dev.re3.region.Linearizer}: batched reverse mode through the DJL engine: per input the
 *       Jacobian {@code W} ({@code [classes, inputs]}), the bias {@code b}, the pattern, and per hidden
 *       layer the effective downstream weights. Large matrix products, float64.</li>
 *   <li>{@link dev.re3.region.AffineTracer}: forward mode in plain Java for one input: the affine form
 *       of every unit, hence {@code (W, b)} and the region's H-representation
 *       ({@link dev.re3.region.HalfSpaces}).</li>
 * </ul>
 *
 * <p>Boundary convention: a ReLU unit is on ({@code '1'}) when its pre-activation {@code z > 0} and off
 * ({@code '0'}) when {@code z <= 0}; a max pool selects the first maximum in row-major window order. The
 * region of {@code x} is the closed polytope of inputs whose pre-activations have the same signs
 * ({@code z >= 0} for on units, {@code z <= 0} for off units) and whose pooled maxima are the same.
 */
package dev.re3.region;
