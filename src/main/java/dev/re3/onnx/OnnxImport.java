package dev.re3.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.CodedInputStream;
import dev.re3.io.ModelFormatException;
import dev.re3.net.Network;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an ONNX model, such as one written by PyTorch's {@code torch.onnx.export}, into a {@link Network}.
 *
 * <pre>{@code
 * Network net = OnnxImport.read(Path.of("model.onnx"));
 * }</pre>
 *
 * <p>The graph must take one input {@code [N, d]} or {@code [N, C, H, W]} (only the batch axis
 * dynamic) and be a chain of the operators listed in the {@linkplain dev.re3.onnx package summary},
 * where a residual {@code Add} joins paths that split earlier. Opsets {@value GraphReader#MIN_OPSET} to
 * {@value GraphReader#MAX_OPSET}. Weights in float32 or float64, in {@code raw_data} or typed fields,
 * are read exactly into float64. A {@code BatchNormalization} stays a batch-norm layer; where the
 * exporter folded one into the convolution before it, the file's folded weights are what is read.
 *
 * <p>Feature and class names come from the model's {@code metadata_props} {@code re3.features} and
 * {@code re3.classes}, each a JSON array of strings, when present.
 *
 * <p>Anything outside this (another operator, dilated or grouped convolutions, asymmetric pads,
 * {@code ceil_mode} 1, a dynamic size other than the batch, external data, a file that is not ONNX)
 * raises a {@link ModelFormatException} naming the node and operator, what was expected and what was
 * given.
 */
public final class OnnxImport {
    private OnnxImport() {}

    /**
     * Reads an ONNX file.
     *
     * @throws ModelFormatException if it is not a regular file holding an ONNX model this import maps
     *     onto a network; the message starts with the path
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Network read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file + ": expected a regular ONNX file, got "
                    + (!Files.exists(file) ? "no file" : Files.isDirectory(file) ? "a directory" : "a special file"));
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return read(bytes);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an ONNX model from a stream, to its end; the stream is not closed.
     *
     * @throws ModelFormatException if the content is not an ONNX model this import maps onto a network
     * @throws UncheckedIOException if the stream fails
     */
    public static Network read(InputStream in) {
        try {
            return read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ONNX model: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an ONNX model from its bytes.
     *
     * @throws ModelFormatException if the bytes are not an ONNX model this import maps onto a network
     */
    public static Network read(byte[] bytes) {
        return GraphReader.read(parse(bytes));
    }

    static ModelProto parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw new ModelFormatException("not an ONNX model: the file is empty");
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(100);
            ModelProto model = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
            return model;
        } catch (IOException e) {
            throw new ModelFormatException("not an ONNX model, or a truncated one: " + bytes.length
                    + " bytes that do not parse as an ONNX ModelProto (" + e.getMessage() + ")", e);
        }
    }
}
