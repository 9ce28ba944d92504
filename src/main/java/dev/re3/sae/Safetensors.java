package dev.re3.sae;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The safetensors layout (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of JSON
 * header {@code {"name":{"dtype":"F32","shape":[...],"data_offsets":[begin,end]}, "__metadata__":{...}}}
 * padded with spaces to a multiple of 8, then the tensors' raw little-endian bytes, offsets relative to the end
 * of the header, in the order given.
 */
final class Safetensors {
    private Safetensors() {}

    static byte[] bytes(Map<String, float[]> tensors, Map<String, int[]> shapes) {
        StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
            long end = offset + 4L * e.getValue().length;
            h.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":[");
            int[] shape = shapes.get(e.getKey());
            for (int i = 0; i < shape.length; i++) {
                h.append(i == 0 ? "" : ",").append(shape[i]);
            }
            h.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        h.append('}');
        while (h.length() % 8 != 0) {
            h.append(' ');
        }
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(8 + header.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        for (float[] t : tensors.values()) {
            for (float v : t) {
                b.putFloat(v);
            }
        }
        return b.array();
    }
}
