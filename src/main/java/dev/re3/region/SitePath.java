package dev.re3.region;

import dev.re3.net.Layer;
import dev.re3.net.Network;
import dev.re3.net.Residual;
import java.util.List;

/**
 * Where sites sit for {@link Pullback}: a site's path through the residual branches, and whether one site feeds
 * another. A path is {@code [i_0, b_0, i_1, b_1, ..., i_n]}: the index of the layer in the network's list, then
 * for each residual entered the branch taken and the index in that branch's list; a top-level site is {@code [i]}.
 * Site names follow {@link Network#sites()}: {@code "<i>.<type>"}, then {@code ".<b>.<i>.<type>"} per branch.
 */
final class SitePath {
    private SitePath() {}

    /**
     * Where a site sits: {@code [i_0, b_0, i_1, b_1, ..., i_n]}, its layer's index in the network's list, then for
     * each residual entered the branch and the index in that branch's list ({@code [i]} for a top-level site).
     *
     * @throws IllegalArgumentException for an unknown site, listing the network's sites
     */
    static int[] of(Network network, String name) {
        String wanted = network.site(name).name();
        int[] p = find(network.layers(), "", wanted);
        if (p == null) {
            throw new IllegalStateException("site '" + name + "' is listed but not found in the layers");
        }
        return p;
    }

    private static int[] find(List<Layer> layers, String prefix, String wanted) {
        for (int i = 0; i < layers.size(); i++) {
            String name = prefix + i + "." + layers.get(i).type();
            if (name.equals(wanted)) {
                return new int[] {i};
            }
            if (layers.get(i) instanceof Residual r) {
                for (int b = 0; b < r.branches().size(); b++) {
                    String inner = name + "." + b + ".";
                    if (wanted.startsWith(inner)) {
                        int[] rest = find(r.branches().get(b), inner, wanted);
                        if (rest != null) {
                            int[] p = new int[rest.length + 2];
                            p[0] = i;
                            p[1] = b;
                            System.arraycopy(rest, 0, p, 2, rest.length);
                            return p;
                        }
                    }
                }
            }
        }
        return null;
    }

    /**
     * The number of residual branches the start and end paths share, after checking that the end site feeds the
     * start: at the first level where they part, the end's layer comes before the start's, or the start is the
     * residual that holds the end.
     */
    static int common(int[] from, int[] to, String fromName, String toName) {
        if (from == null || to == null) {
            return 0;
        }
        int c = 0;
        while (2 * c + 2 < from.length && 2 * c + 2 < to.length && from[2 * c] == to[2 * c]
                && from[2 * c + 1] == to[2 * c + 1]) {
            c++;
        }
        int s = from[2 * c];
        int t = to[2 * c];
        boolean startEnds = from.length == 2 * c + 1;
        boolean endEnds = to.length == 2 * c + 1;
        if (t < s || (t == s && startEnds)) {
            return c;
        }
        if (t > s) {
            throw new IllegalArgumentException("pullback: expected the end site '" + toName
                    + "' before the start site '" + fromName + "' in forward order");
        }
        if (endEnds) {
            throw new IllegalArgumentException("pullback: expected an end site that feeds the start site '" + fromName
                    + "', got '" + toName + "', the residual whose branch holds it (its sum comes after the branch)");
        }
        throw new IllegalArgumentException("pullback: expected an end site that feeds the start site '" + fromName
                + "', got '" + toName + "' in another branch of the same residual (the branches meet only at the sum)");
    }

    /** How far level {@code d} of the start path runs forward: past the site, or up to the residual holding it. */
    static int upTo(int[] from, int d, int size) {
        return from == null ? size : 2 * d == from.length - 1 ? from[2 * d] + 1 : from[2 * d];
    }
}
