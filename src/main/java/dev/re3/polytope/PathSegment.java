package dev.re3.polytope;

import java.util.List;

/**
 * One region crossed by a path: the path is inside it for {@code tStart <= t <= tEnd}, where {@code t}
 * runs from 0 to 1 over the whole path in proportion to its length.
 *
 * @param tStart where the path enters the region
 * @param tEnd where it leaves
 * @param patterns one {@code '0'/'1'} string per ReLU site, {@code '1'} iff {@code z > 0} inside
 * @param regionId the id of {@link dev.re3.region.RegionCode}
 * @param predicted the predicted class (first maximum of the logits) at the segment's midpoint
 */
public record PathSegment(double tStart, double tEnd, List<String> patterns, String regionId, int predicted) {
    public PathSegment {
        patterns = List.copyOf(patterns);
    }

    /** The middle of the segment, {@code (tStart + tEnd) / 2}. */
    public double tMid() {
        return 0.5 * (tStart + tEnd);
    }

    /** E.g. {@code "t 0.25 to 0.5: region 3f2a..., patterns [0110, 10], class 2"}. */
    @Override
    public String toString() {
        return "t " + dev.re3.display.Numbers.format(tStart) + " to " + dev.re3.display.Numbers.format(tEnd) + ": region " + regionId + ", patterns " + patterns
                + ", class " + predicted;
    }
}
