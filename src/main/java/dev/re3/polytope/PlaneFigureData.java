package dev.re3.polytope;

import java.util.List;

/**
 * Everything a figure of a {@link PlanePartition} needs, as plain values: polygon {@code i} has vertices
 * {@code (us.get(i)[j], vs.get(i)[j])}, predicted class {@code predicted[i]} and map norm
 * {@code mapNorm[i]}; the decision boundary is a list of segments; the marked inputs carry their plane
 * coordinates. Drawing lives elsewhere ({@code dev.re3.plot}); this is the model it draws.
 *
 * @param domain the rectangle
 * @param us per polygon, the vertices' {@code u}
 * @param vs per polygon, the vertices' {@code v}
 * @param predicted per polygon, the class at its centroid
 * @param mapNorm per polygon, {@link PlanePolygon#mapNorm()}
 * @param classes the class names
 * @param boundary the decision boundary
 * @param marked the inputs marked on the plane
 * @param partial whether the partition stopped at its polygon limit
 */
public record PlaneFigureData(Domain domain, List<double[]> us, List<double[]> vs, int[] predicted, double[] mapNorm,
                              List<String> classes, List<Segment> boundary, List<Plane.Marked> marked, boolean partial) {
    public PlaneFigureData {
        us = List.copyOf(us);
        vs = List.copyOf(vs);
        predicted = predicted.clone();
        mapNorm = mapNorm.clone();
        classes = List.copyOf(classes);
        boundary = List.copyOf(boundary);
        marked = List.copyOf(marked);
    }

    @Override
    public int[] predicted() {
        return predicted.clone();
    }

    @Override
    public double[] mapNorm() {
        return mapNorm.clone();
    }
}
