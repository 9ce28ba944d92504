package dev.re3.polytope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Results of the polytope lens draw themselves; the drawn values are the results' own. */
class ResultFiguresTest {
    @Test
    void pathWalkDrawsTheExactLogitsWithItsBoundaries() throws Exception {
        Network net = RandomNetworks.mlp(4, 0.0, 3, 8, 8, 3);
        Random r = new Random(2);
        PathWalk walk = PathWalker.of(net).segment(RandomNetworks.input(r, 3), RandomNetworks.input(r, 3));
        JsonNode fig = new ObjectMapper().readTree(walk.plot().toJson());
        JsonNode data = fig.get("data");
        assertEquals(net.outputSize(), data.size(), "one line per class");
        assertEquals(walk.regions() - 1, fig.get("layout").get("shapes") == null ? 0 : fig.get("layout").get("shapes").size(),
                "one dotted mark per boundary");
        for (int c = 0; c < data.size(); c++) {
            JsonNode x = data.get(c).get("x");
            JsonNode y = data.get(c).get("y");
            for (int i = 0; i < x.size(); i++) {
                double t = x.get(i).asDouble();
                // at a piece's inner point the walk's own logits agree with the line (ends may sit on a kink)
                double expected = net.forward(walk.point(t))[c];
                assertEquals(expected, y.get(i).asDouble(), 1e-9 * Math.max(1, Math.abs(expected)), "class " + c + " at t " + t);
            }
        }
    }

    @Test
    void planePartitionDrawsItself() {
        Network net = RandomNetworks.mlp(5, 0.0, 2, 6, 3);
        Random r = new Random(3);
        PlanePartition p = PlanePartitioner.of(net).partition(Plane.through(RandomNetworks.input(r, 2),
                RandomNetworks.input(r, 2), RandomNetworks.input(r, 2)));
        assertTrue(p.plot().toJson().contains("\"fill\""), "filled polygons");
        assertNotEquals(p.plot().toJson(), p.plot(true).toJson(), "coloured by map norm, not by class");
    }
}
