/**
 * The polytope lens, exact: the linear regions of a ReLU network met along paths and on planes through
 * input space, spline codes over a dataset, and local complexity around an input.
 *
 * <p>A ReLU network is affine on each region of its input space (one on/off pattern of every ReLU and
 * one choice of every max pool). Restricted to a line or a plane, each unit is affine in one or two
 * parameters inside a region, so the regions met can be found exactly, layer by layer, without sampling:
 * <ul>
 *   <li>{@link dev.re3.polytope.PathWalker}: every region a path crosses, in order, with the units that
 *       flip at each boundary and where the predicted class changes ({@link dev.re3.polytope.PathWalk});</li>
 *   <li>{@link dev.re3.polytope.PlanePartitioner}: the convex polygons into which the regions cut a
 *       rectangle of a plane, with their maps, classes and the decision boundary
 *       ({@link dev.re3.polytope.PlanePartition}; SplineCam, Humayun, Balestriero et al., CVPR 2023);</li>
 *   <li>{@link dev.re3.polytope.SplineCodes}: every input's pattern across all ReLU layers as a bit code,
 *       Hamming and Jaccard distances, k-medoids on codes against k-means on activations, purity against
 *       the labels ("Interpreting Neural Networks through the Polytope Lens", Black, Sharkey et al., 2022);</li>
 *   <li>{@link dev.re3.polytope.InterpolationExperiment}: boundary density along interpolations between
 *       inputs of the same and of different classes, and whether it peaks where the class changes;</li>
 *   <li>{@link dev.re3.polytope.LocalComplexity}: regions within a radius on random lines and planes,
 *       per layer, and the distance to the nearest boundary.</li>
 * </ul>
 *
 * <p>Patterns and region ids follow {@link dev.re3.region.RegionCode}: a unit is on ({@code '1'}) iff its
 * pre-activation {@code z > 0}, a max pool selects the first maximum; every point inside a polygon or a
 * path segment has that polygon's or segment's pattern and id. Numerical tolerance: a point with
 * {@code |z| <= 1e-12} times the size of the terms of {@code z} lies on the unit's boundary.
 *
 * <pre>{@code
 * import dev.re3.net.Network;
 * import dev.re3.polytope.*;
 *
 * Network net = Network.builder(2).dense(new double[][] {{1, -1}, {2, 1}}, new double[] {0, -1}).relu()
 *         .dense(new double[][] {{1, 2}, {-1, 1}}, new double[] {0.5, 0}).softmax().build();
 * double[] a = {3, 1}, b = {-1, 2}, c = {0.3, -0.7};
 * PathWalk walk = PathWalker.of(net).segment(a, b);
 * walk.segments();            // tStart, tEnd, pattern, region id, predicted class
 * PlanePartition plane = PlanePartitioner.of(net).partition(a, b, c);
 * plane.polygons();  plane.decisionBoundary();  plane.figureData();
 * }</pre>
 */
package dev.re3.polytope;
