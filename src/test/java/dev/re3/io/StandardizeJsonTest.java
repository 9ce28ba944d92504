package dev.re3.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.net.Network;
import dev.re3.net.Standardize;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code standardize} layer in the JSON model format: written and read back bit for bit, and files that record
 * the standardizer the old way ({@code provenance.standardizer}) read as the same network with the layer in front.
 */
class StandardizeJsonTest {
    static Network inner() {
        return Network.builder(3).dense(new double[][] {{1, -2, 0.5}, {0.25, 1, -1}}, new double[] {0.1, -0.2}).relu()
                .dense(new double[][] {{1, 1}, {-1, 2}}, new double[] {0, 0.5}).features("a", "b", "c")
                .classes("p", "q").build();
    }

    @Test
    void theLayerRoundTripsBitForBit(@TempDir Path dir) {
        Random r = new Random(3);
        double[] mean = new double[3];
        double[] scale = new double[3];
        for (int i = 0; i < 3; i++) {
            mean[i] = Double.longBitsToDouble(r.nextLong() >>> 2) * (i == 1 ? -1 : 1);   // finite, odd bit patterns
            scale[i] = Math.ulp(1.0) * (1 + r.nextInt(1000)) + i;
        }
        Network net = inner().withStandardize(new Standardize(mean, scale));
        String json = ModelJson.toJson(net);
        assertTrue(json.contains("\"type\":\"standardize\""), json);
        Network back = ModelJson.parse(json);
        assertEquals(net, back);
        Standardize st = assertInstanceOf(Standardize.class, back.layers().get(0));
        for (int i = 0; i < 3; i++) {
            assertEquals(Double.doubleToRawLongBits(mean[i]), Double.doubleToRawLongBits(st.mean(i)));
            assertEquals(Double.doubleToRawLongBits(scale[i]), Double.doubleToRawLongBits(st.scale(i)));
        }
        Path file = dir.resolve("m.json");
        ModelJson.write(net, file);
        assertEquals(net, ModelJson.read(file));
    }

    @Test
    void aFileThatRecordsItsStandardizerInProvenanceReadsAsTheSameNetwork(@TempDir Path dir) {
        Path old = dir.resolve("old.json");
        ModelJson.write(inner(), old, Map.of("standardizer", Map.of("means", new double[] {1, 2, 3},
                "stds", new double[] {0.5, 2, 4}), "seed", 7));
        Network read = ModelJson.read(old);
        Network expected = inner().withStandardize(new Standardize(new double[] {1, 2, 3}, new double[] {0.5, 2, 4}));
        assertEquals(expected, read);
        assertArrayEquals(expected.forward(new double[] {2, 2, 2}), read.forward(new double[] {2, 2, 2}), 0);
        // written again, it records the layer; the provenance entry stays a record and is not applied twice
        Path again = dir.resolve("again.json");
        ModelJson.write(read, again, ModelJson.readProvenance(old));
        assertEquals(expected, ModelJson.read(again));
    }

    @Test
    void badEntriesSayWhatWasExpected() {
        ModelFormatException zero = assertThrows(ModelFormatException.class, () -> ModelJson.parse(
                "{\"format\":\"re3-model/1\",\"inputShape\":[2],\"layers\":[{\"type\":\"standardize\",\"mean\":[0,0],"
                        + "\"scale\":[1,0]},{\"type\":\"dense\",\"weight\":[[1,1]],\"bias\":[0]}]}"));
        assertTrue(zero.getMessage().contains("layers[0] (standardize)") && zero.getMessage().contains("> 0"),
                zero.getMessage());
        ModelFormatException size = assertThrows(ModelFormatException.class, () -> ModelJson.parse(
                "{\"format\":\"re3-model/1\",\"inputShape\":[2],\"layers\":[{\"type\":\"standardize\",\"mean\":[0,0,0],"
                        + "\"scale\":[1,1,1]},{\"type\":\"dense\",\"weight\":[[1,1]],\"bias\":[0]}]}"));
        assertTrue(size.getMessage().contains("3 input values") && size.getMessage().contains("[2]"), size.getMessage());
        ModelFormatException provenance = assertThrows(ModelFormatException.class, () -> ModelJson.parse(
                "{\"format\":\"re3-model/1\",\"inputShape\":[2],\"provenance\":{\"standardizer\":{\"means\":[0,0]}},"
                        + "\"layers\":[{\"type\":\"dense\",\"weight\":[[1,1]],\"bias\":[0]}]}"));
        assertTrue(provenance.getMessage().contains("provenance.standardizer") && provenance.getMessage().contains("stds"),
                provenance.getMessage());
    }
}
