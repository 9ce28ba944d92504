/**
 * Re3: exact explanations of ReLU networks. {@link dev.re3.Re3} is the facade: {@code Re3.of(net).explain(x)}
 * gives an {@link dev.re3.Explanation}, {@code explain(dataset)} a {@link dev.re3.DatasetExplanation}.
 *
 * <h2>Package map, bottom up</h2>
 * A package uses only the packages above it in this list, never one below ({@code ArchitectureTest} checks every
 * import and fully qualified reference against this table).
 * <ol>
 *   <li>{@code display}: how a result shows itself: the contract every result implements
 *       ({@code Displayable}, text and HTML), the one HTML escape ({@code HtmlText}), the one table writer
 *       ({@code HtmlTables}), the one number format ({@code Numbers}), {@code Progress}; and the notebook glue, which reaches results only through that
 *       contract. It uses nothing else of the library; below the facade only the contract classes are used.</li>
 *   <li>{@code net}: the description of a network (layers, sites, standardisation).</li>
 *   <li>{@code io}, {@code data}: model files; data sets.</li>
 *   <li>{@code plot}: the figure model; takes arrays and names, so any result's {@code plot()} may call it.</li>
 *   <li>{@code region}: the engine: activation regions, their local affine maps, pullbacks.</li>
 *   <li>the methods, each built on the engine: {@code polytope}; {@code attribution} (uses polytope's path
 *       walks); {@code sae}; {@code codec} (uses sae and polytope); {@code interaction}, {@code nmf} (use sae).
 *       The importers {@code onnx} and {@code djl} build a {@code net} description from other frameworks.</li>
 *   <li>{@code dev.re3} (this package): the facade and its tabular results.</li>
 *   <li>{@code spark}, {@code report}, {@code cli}: built on the facade.</li>
 * </ol>
 *
 * <h2>Exactness checks: two names, two meanings</h2>
 * <ul>
 *   <li>{@code reconstructionError()} ({@code maxReconstructionError()} over many inputs):
 *       {@code max_c |W x + b - f(x)|}, how far the <em>local affine map</em> of the region falls short of the
 *       network's own forward pass. It checks the engine: {@link dev.re3.region.Region},
 *       {@link dev.re3.region.LocalMaps}, {@link dev.re3.DatasetExplanation}
 *       and the Spark package's {@code RegionStatistics}.</li>
 *   <li>{@code completenessDelta()}: {@code |sum_i contributions_i + offset - target|}, how far a
 *       <em>decomposition</em> falls short of summing to what it explains (the bias, or a baseline's logits, as
 *       offset). It checks an attribution: {@link dev.re3.Explanation} (target the logits), {@link dev.re3.LogOdds}
 *       (a log-odds), {@link dev.re3.Baseline} (the logit difference to the baseline: zero up to rounding only
 *       when both lie in one region), {@link dev.re3.attribution.AttributionResult} (NaN for methods that
 *       promise no completeness) and {@link dev.re3.codec.ContributionResult} (largest over the inputs;
 *       {@code completenessDeltas()} per input).</li>
 * </ul>
 * Both are zero up to rounding (1e-9 relative in float64) for an exact method. Errors of an <em>approximation</em>
 * are not exactness checks and carry their own names: {@code relativeError()} of a semi-NMF
 * ({@code |A - F G^T|_F^2 / |A|_F^2}) and {@code fvu} of a sparse autoencoder (fraction of variance unexplained).
 */
package dev.re3;
