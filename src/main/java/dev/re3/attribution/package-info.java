/**
 * Attribution methods behind one interface ({@link dev.re3.attribution.Attribution}, Captum's shape:
 * {@code attribute(x, target)} for one input or a batch) with one immutable result
 * ({@link dev.re3.attribution.AttributionResult}: values in the input's layout, the completeness check where the
 * method has one, {@code toTable()}, {@code plot()}).
 *
 * <ul>
 *   <li>Baselines: {@link dev.re3.attribution.Gradient}, {@link dev.re3.attribution.InputXGradient},
 *       {@link dev.re3.attribution.IntegratedGradients} (trapezoid, Gauss-Legendre, or exact over the linear
 *       regions of the path), {@link dev.re3.attribution.SmoothGrad}, {@link dev.re3.attribution.GuidedBackprop},
 *       and Re3's {@link dev.re3.attribution.Re3Contributions} {@code W x}.</li>
 *   <li>Excitation pullbacks (Satkiewicz 2025): {@link dev.re3.attribution.ExcitationPullback} (soft backward
 *       gates {@link dev.re3.attribution.Gate}, soft max-pool backward, forward unchanged) and
 *       {@link dev.re3.attribution.PullbackAscent}.</li>
 *   <li>Faithfulness metrics: {@link dev.re3.attribution.Faithfulness}.</li>
 * </ul>
 * Every gradient goes through the engine's {@link dev.re3.region.Pullback}; forwards through
 * {@link dev.re3.region.SiteForward}.
 */
package dev.re3.attribution;
