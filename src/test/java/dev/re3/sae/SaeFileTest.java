package dev.re3.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The re3-sae/1 format reads back bit for bit, bad files say what is wrong, and the SAELens export. */
class SaeFileTest {
    private static final int D = 3;
    private static final int M = 4;

    @TempDir
    Path dir;

    private static double[][] random(int r, int c, Random g) {
        double[][] a = new double[r][c];
        for (double[] row : a) {
            for (int j = 0; j < c; j++) {
                row[j] = g.nextGaussian() / 3; // values with long decimal expansions
            }
        }
        return a;
    }

    private static List<SparseAutoencoder> all() {
        Random g = new Random(5);
        double[][] we = random(M, D, g);
        double[] be = random(1, M, g)[0];
        double[][] wd = random(M, D, g);
        double[] bd = random(1, D, g)[0];
        double s = Math.PI;
        double[][] abs = new double[M][];
        for (int i = 0; i < M; i++) {
            abs[i] = wd[i].clone();
            for (int j = 0; j < D; j++) {
                abs[i][j] = Math.abs(abs[i][j]);
            }
        }
        CodecSae.Layer hidden = new CodecSae.Layer(random(D, D, g), random(1, D, g)[0], random(1, D, g)[0], random(1, D, g)[0]);
        return List.of(new ReluSae(s, we, be, wd, bd, 0.1 / 3), new TopKSae(s, we, be, wd, bd, 2),
                new BatchTopKSae(s, we, be, wd, bd, 2, 0.1 / 7), new JumpReluSae(s, we, be, wd, bd, new double[] {0, 0.1, 1 / 3.0, 0.2}, 1e-3 / 7),
                new MatchingPursuitSae(s, wd, bd, 2), new CodecSae(s, List.of(hidden), we, be, abs, bd, 0.8, 5e-5, true));
    }

    @Test
    void everyKindReadsBackBitForBit() throws Exception {
        double[][] x = random(5, D, new Random(8));
        for (SparseAutoencoder sae : all()) {
            Path file = dir.resolve(sae.kind().key() + ".json");
            SaeFile.write(sae, Map.of("seed", 11, "note", "test"), file);
            SparseAutoencoder back = SaeFile.read(file);
            assertEquals(sae.kind(), back.kind());
            assertEquals(SaeFile.toJson(sae, Map.of()), SaeFile.toJson(back, Map.of()), sae.kind().key());
            for (int i = 0; i < M; i++) {
                assertArrayEquals(sae.decoderRow(i), back.decoderRow(i), 0, sae.kind().key());
            }
            for (double[] row : x) {
                assertArrayEquals(sae.encode(row), back.encode(row), 0, sae.kind().key());
                assertArrayEquals(sae.reconstruct(row), back.reconstruct(row), 0, sae.kind().key());
            }
            assertEquals(sae.loss(x), back.loss(x), 0, sae.kind().key());
            assertEquals(11, SaeFile.readProvenance(file).get("seed").intValue());
            JsonNode root = new ObjectMapper().readTree(Files.readString(file));
            assertEquals("re3-sae/1", root.get("format").textValue());
            assertEquals(D, root.get("inputSize").intValue());
            assertEquals(M, root.get("latents").intValue());
        }
    }

    private String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> SaeFile.parse(text)).getMessage();
    }

    @Test
    void badFilesSayWhatIsWrong() throws Exception {
        String good = SaeFile.toJson(all().get(1), Map.of());
        String cut = error(good.substring(0, good.length() / 2));
        assertTrue(cut.contains("does not parse") && cut.contains("cut short"), cut);
        String notJson = error("hello");
        assertTrue(notJson.contains("does not parse"), notJson);
        String format = error(good.replace("re3-sae/1", "re3-sae/9"));
        assertTrue(format.contains("format: expected \"re3-sae/1\", given \"re3-sae/9\""), format);
        String kind = error(good.replace("\"topk\"", "\"gated\""));
        assertTrue(kind.contains("unknown SAE kind") && kind.contains("gated"), kind);
        String size = error(good.replace("\"inputSize\":3", "\"inputSize\":4"));
        assertTrue(size.contains("decoder.weight[0]: expected 4 numbers, given 3"), size);
        String k = error(good.replace("\"k\":2", "\"k\":9"));
        assertTrue(k.contains("1 <= k <= latents (4), given 9"), k);
        String missing = error(good.replace("\"inputScale\"", "\"scale\""));
        assertTrue(missing.contains("inputScale: expected a number, given nothing"), missing);
        Path file = dir.resolve("cut.json");
        Files.writeString(file, good.substring(0, 100));
        String named = assertThrows(IllegalArgumentException.class, () -> SaeFile.read(file)).getMessage();
        assertTrue(named.startsWith(file.toString()), named);
        String absent = assertThrows(IllegalArgumentException.class, () -> SaeFile.read(dir.resolve("none.json"))).getMessage();
        assertTrue(absent.contains("does not exist"), absent);
    }

    /** Reads a safetensors file by hand: header length, JSON header, little-endian float32 data. */
    private static Map<String, float[]> readSafetensors(Path file, Map<String, int[]> shapes) throws Exception {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, (8 + n) % 8, "header padded to 8 bytes");
        JsonNode header = new ObjectMapper().readTree(new String(all, 8, (int) n, StandardCharsets.US_ASCII));
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        var names = header.fieldNames();
        long total = 0;
        while (names.hasNext()) {
            String name = names.next();
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonNode t = header.get(name);
            assertEquals("F32", t.get("dtype").textValue());
            int[] shape = new int[t.get("shape").size()];
            int size = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).intValue();
                size *= shape[i];
            }
            long begin = t.get("data_offsets").get(0).longValue();
            long end = t.get("data_offsets").get(1).longValue();
            assertEquals(4L * size, end - begin, name);
            float[] v = new float[size];
            for (int i = 0; i < size; i++) {
                v[i] = b.getFloat((int) (8 + n + begin + 4L * i));
            }
            out.put(name, v);
            shapes.put(name, shape);
            total += end - begin;
        }
        assertEquals(all.length, 8 + n + total, "no bytes beyond the tensors");
        return out;
    }

    @Test
    void saeLensFolderHoldsTheFoldedWeights() throws Exception {
        SparseAutoencoder topk = all().get(1);
        Path folder = dir.resolve("topk-saelens");
        SaeFile.exportSaeLens(topk, folder);
        Map<String, int[]> shapes = new java.util.LinkedHashMap<>();
        Map<String, float[]> t = readSafetensors(folder.resolve("sae_weights.safetensors"), shapes);
        assertArrayEquals(new int[] {D, M}, shapes.get("W_enc"));
        assertArrayEquals(new int[] {M, D}, shapes.get("W_dec"));
        assertArrayEquals(new int[] {M}, shapes.get("b_enc"));
        assertArrayEquals(new int[] {D}, shapes.get("b_dec"));
        JsonNode cfg = new ObjectMapper().readTree(folder.resolve("cfg.json").toFile());
        assertEquals("topk", cfg.get("architecture").textValue());
        assertEquals(D, cfg.get("d_in").intValue());
        assertEquals(M, cfg.get("d_sae").intValue());
        assertEquals(2, cfg.get("k").intValue());
        // SAELens's forward on the exported weights: h = (x - b_dec) W_enc + b_enc, top-k of relu, f W_dec + b_dec
        double[] x = {0.3, -1.2, 0.7};
        double[] h = new double[M];
        for (int i = 0; i < M; i++) {
            h[i] = t.get("b_enc")[i];
            for (int j = 0; j < D; j++) {
                h[i] += (x[j] - t.get("b_dec")[j]) * t.get("W_enc")[j * M + i];
            }
        }
        double[] f = TopKSae.topK(h, 2);
        assertArrayEquals(topk.encode(x), f, 1e-5);
        double[] y = new double[D];
        for (int j = 0; j < D; j++) {
            y[j] = t.get("b_dec")[j];
            for (int i = 0; i < M; i++) {
                y[j] += f[i] * t.get("W_dec")[i * D + j];
            }
        }
        assertArrayEquals(topk.reconstruct(x), y, 1e-5);

        SaeFile.exportSaeLens(all().get(3), dir.resolve("jr"));
        Map<String, float[]> jr = readSafetensors(dir.resolve("jr/sae_weights.safetensors"), new java.util.HashMap<>());
        assertArrayEquals(new float[] {0, 0.1f, (float) (1 / 3.0), 0.2f}, jr.get("threshold"), 0);
        String mp = assertThrows(IllegalArgumentException.class, () -> SaeFile.exportSaeLens(all().get(4), dir.resolve("mp")))
                .getMessage();
        assertTrue(mp.contains("given mp"), mp);
    }
}
