/**
 * Figures: an immutable figure model ({@link dev.re3.plot.Figure}, plotly.js JSON) and static factories
 * that draw plain data ({@link dev.re3.plot.Figures}): contribution bars, waterfalls, contribution heatmaps
 * over images, local maps per class, activation patterns, region sizes and purity.
 *
 * <p>Nothing here knows about explanations: the factories take arrays and names, so the computing
 * packages never import drawing. The results of {@code dev.re3} call them from their {@code plot()}
 * methods.
 *
 * <pre>{@code
 * import dev.re3.plot.*;
 * import java.nio.file.Path;
 * import java.util.List;
 *
 * Figure f = Figures.contributions("Why setosa?", List.of("petal_length", "petal_width"),
 *         new double[] {2.5, 1.25}, -0.5, 3.25);   // contributions, bias, and the logit they sum to
 * f.save(Path.of("setosa.html"));   // one self-contained HTML file, plotly.js embedded
 * f                                 // as a notebook cell's value: drawn under the cell
 * }</pre>
 *
 * <p>{@link dev.re3.plot.Figure#toTablesaw()} gives a bar, heatmap or scatter figure as Tablesaw's plot.ly
 * {@code Figure}, to combine with Tablesaw plots ({@link dev.re3.plot.TablesawFigures} says what converts).
 *
 * <p>Figures draw with plotly.js 2.35.3, shipped as a class-path resource (MIT licence,
 * {@code dev/re3/plot/PLOTLY-NOTICE.txt}); no figure ever loads a script from the network.
 */
package dev.re3.plot;
