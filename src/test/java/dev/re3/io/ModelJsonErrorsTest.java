package dev.re3.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.net.Network;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed model fails with a message that says where, what was expected and what was given. */
class ModelJsonErrorsTest {

    /** A model with input [2] and the given layers. */
    private static String model(String layers) {
        return "{\"format\":\"re3-model/1\",\"inputShape\":[2],\"layers\":[" + layers + "]}";
    }

    private static final String DENSE = "{\"type\":\"dense\",\"weight\":[[1,2],[3,4]],\"bias\":[0,0]}";

    /** Parses text that must fail and returns the message, checking that it contains every part. */
    private static String fails(String json, String... parts) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelJson.parse(json));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" should contain \"" + part + "\"");
        }
        return e.getMessage();
    }

    @Test
    void formatErrorsAreIllegalArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.parse("[]"));
        assertTrue(e instanceof ModelFormatException);
    }

    @Test
    void corruptJson() {
        fails("{\"format\":\"re3-model/1\",,}", "not valid JSON at line 1, column 25");
        fails("{\"format\" \"re3-model/1\"}", "not valid JSON at line 1");
        fails(model(DENSE) + " {}", "not valid JSON at line 1", "unexpected '{' after the end of the document");
        fails("{\"format\":\"re3-model/1\",\"format\":\"re3-model/1\"}", "not valid JSON", "Duplicate field 'format'");
    }

    @Test
    void truncatedJson() {
        String json = ModelJson.toJson(ModelJson.parse(model(DENSE)));
        fails(json.substring(0, json.length() / 2), "not valid JSON at line", "end-of-input");
        fails("", "expected a JSON object", "got nothing");
        fails("   ", "expected a JSON object", "got nothing");
    }

    @Test
    void notAnObject() {
        fails("[1, 2]", "expected a JSON object with \"format\": \"re3-model/1\", got an array of 2 elements");
        fails("\"re3-model/1\"", "got string \"re3-model/1\"");
    }

    @Test
    void missingOrWrongFormat() {
        fails("{\"inputShape\":[2],\"layers\":[" + DENSE + "]}", "missing key \"format\"", "\"re3-model/1\"");
        fails(model(DENSE).replace("re3-model/1", "re3-model/2"),
                "format: expected \"re3-model/1\", got string \"re3-model/2\"");
        fails(model(DENSE).replace("\"re3-model/1\"", "1"), "format: expected \"re3-model/1\", got number 1");
    }

    @Test
    void missingTopLevelFields() {
        fails("{\"format\":\"re3-model/1\",\"layers\":[" + DENSE + "]}", "missing key \"inputShape\"");
        fails("{\"format\":\"re3-model/1\",\"inputShape\":[2]}", "missing key \"layers\"");
        fails(model(""), "layers: expected at least one layer", "got none");
        fails(model("{\"type\":\"softmax\"}"), "layers: expected at least one layer", "got only a softmax");
        fails("{\"format\":\"re3-model/1\",\"inputShape\":[2],\"layers\":{}}", "layers: expected an array of layers, got an object");
    }

    @Test
    void badInputShape() {
        fails(model(DENSE).replace("[2]", "[0]"), "inputShape[0]: expected a positive integer", "got 0");
        fails(model(DENSE).replace("[2]", "[]"), "inputShape: expected a non-empty array", "got an empty array");
        fails(model(DENSE).replace("[2]", "[\"2\"]"), "inputShape[0]: expected an integer, got string \"2\"");
        fails(model(DENSE).replace("[2]", "[2.5]"), "inputShape[0]: expected an integer, got number 2.5");
    }

    @Test
    void missingFieldInALayer() {
        fails(model("{\"type\":\"dense\",\"weight\":[[1,2]]}"),
                "layers[0] (dense): missing key \"bias\"; expected an array [out] of numbers");
        fails(model(DENSE + ",{\"type\":\"leaky_relu\"}"), "layers[1] (leaky_relu): missing key \"alpha\"");
        fails(model("{\"weight\":[[1,2]],\"bias\":[0]}"), "layers[0]: missing key \"type\"; expected one of dense, relu");
        fails(model("{\"type\":\"conv2d\",\"weight\":[[[[1]]]],\"bias\":[0],\"stride\":[1,1]}"),
                "layers[0] (conv2d): missing key \"padding\"");
    }

    @Test
    void unknownKeyOrType() {
        fails(model("{\"type\":\"dense\",\"wieght\":[[1,2]],\"bias\":[0]}"),
                "layers[0] (dense): unknown key \"wieght\"; allowed keys are type, weight, bias");
        fails(model(DENSE + ",{\"type\":\"relu\",\"inplace\":true}"),
                "layers[1] (relu): unknown key \"inplace\"; allowed keys are type");
        fails(model(DENSE + ",{\"type\":\"softmax\",\"dim\":1}"), "layers[1] (softmax): unknown key \"dim\"");
        fails(model("{\"type\":\"linear\"}"), "layers[0]: unknown layer type \"linear\"; expected one of dense, relu, "
                + "leaky_relu, conv2d, batchnorm, maxpool2d, avgpool2d, flatten, dropout, residual, softmax");
        fails(model("{\"type\":3}"), "layers[0]: type: expected a string, got number 3");
        fails(model("[1,2]"), "layers[0]: expected a layer object with a \"type\", got an array of 2 elements");
    }

    @Test
    void wrongWeightShapes() {
        fails(model("{\"type\":\"dense\",\"weight\":[[1,2],[3]],\"bias\":[0,0]}"),
                "layers[0] (dense): weight[1]: expected 2 numbers like weight[0] ([out][in] must be rectangular), got 1");
        fails(model("{\"type\":\"dense\",\"weight\":[[1,2],[3,4]],\"bias\":[0,0,0]}"),
                "layers[0] (dense): ", "bias", "expected 2 values", "got 3");
        fails(model("{\"type\":\"dense\",\"weight\":[1,2],\"bias\":[0]}"),
                "layers[0] (dense): weight[0]: expected a non-empty array, got number 1");
        fails(model("{\"type\":\"dense\",\"weight\":[],\"bias\":[]}"),
                "layers[0] (dense): weight: expected a non-empty array [out][in], got an empty array");
        fails(model("{\"type\":\"dense\",\"weight\":[[1,2]],\"bias\":[[0]]}"),
                "layers[0] (dense): bias[0]: expected a finite number, got an array of 1 element");
        String conv = "{\"type\":\"conv2d\",\"weight\":[[[[1,0],[0,1]]],[[[1,0],[0]]]],\"bias\":[0,0],"
                + "\"stride\":[1,1],\"padding\":[0,0]}";
        fails("{\"format\":\"re3-model/1\",\"inputShape\":[1,3,3],\"layers\":[" + conv + "]}",
                "layers[0] (conv2d): weight[1][0][1]: expected 2 numbers like weight[0][0][0]", "got 1");
        fails(model(DENSE + ",{\"type\":\"batchnorm\",\"gamma\":[1,1],\"beta\":[0],\"mean\":[0,0],\"var\":[1,1],\"eps\":1e-5}"),
                "layers[1] (batchnorm): ", "expected gamma, beta, mean and var of one length, got 2, 1, 2, 2");
    }

    @Test
    void nonFiniteOrNonNumericValues() {
        fails(model("{\"type\":\"dense\",\"weight\":[[1,NaN],[3,4]],\"bias\":[0,0]}"),
                "layers[0] (dense): weight[0][1]: expected a finite number, got NaN");
        fails(model("{\"type\":\"dense\",\"weight\":[[1,2],[3,4]],\"bias\":[Infinity,0]}"),
                "layers[0] (dense): bias[0]: expected a finite number, got Infinity");
        fails(model("{\"type\":\"dense\",\"weight\":[[1,2],[3,-Infinity]],\"bias\":[0,0]}"),
                "weight[1][1]: expected a finite number, got -Infinity");
        fails(model("{\"type\":\"dense\",\"weight\":[[1,2],[3,1e999]],\"bias\":[0,0]}"),
                "weight[1][1]: expected a finite number, got Infinity");
        fails(model("{\"type\":\"dense\",\"weight\":[[1,\"2\"],[3,4]],\"bias\":[0,0]}"),
                "layers[0] (dense): weight[0][1]: expected a finite number, got string \"2\"");
        fails(model("{\"type\":\"dense\",\"weight\":[[1,2],[3,4]],\"bias\":[0,null]}"),
                "bias[1]: expected a finite number, got null");
        fails(model(DENSE + ",{\"type\":\"leaky_relu\",\"alpha\":\"0.01\"}"),
                "layers[1] (leaky_relu): alpha: expected a finite number, got string \"0.01\"");
        fails(model(DENSE + ",{\"type\":\"dropout\",\"rate\":true}"),
                "layers[1] (dropout): rate: expected a finite number, got boolean true");
        fails("{\"format\":\"re3-model/1\",\"inputShape\":[1,4,4],\"layers\":[{\"type\":\"avgpool2d\",\"kernel\":[2,2],"
                + "\"countPadding\":0},{\"type\":\"flatten\"}]}",
                "layers[0] (avgpool2d): countPadding: expected true or false, got number 0");
        fails("{\"format\":\"re3-model/1\",\"inputShape\":[1,4,4],\"layers\":[{\"type\":\"maxpool2d\",\"kernel\":[2,1.5]},"
                + "{\"type\":\"flatten\"}]}", "layers[0] (maxpool2d): kernel[1]: expected an integer, got number 1.5");
        fails("{\"format\":\"re3-model/1\",\"inputShape\":[1,4,4],\"layers\":[{\"type\":\"maxpool2d\",\"kernel\":2},"
                + "{\"type\":\"flatten\"}]}", "layers[0] (maxpool2d): kernel: expected two integers [kh, kw], got number 2");
    }

    @Test
    void valuesOutOfRangeAreReportedByLayer() {
        String image = "{\"format\":\"re3-model/1\",\"inputShape\":[1,3,3],\"layers\":[%s,{\"type\":\"flatten\"}]}";
        fails(String.format(image, "{\"type\":\"conv2d\",\"weight\":[[[[1]]]],\"bias\":[0],\"stride\":[0,1],\"padding\":[0,0]}"),
                "layers[0] (conv2d): conv2d stride: expected integers >= 1, got [0, 1]");
        fails(String.format(image, "{\"type\":\"avgpool2d\",\"kernel\":[2,2],\"padding\":[2,0]}"),
                "layers[0] (avgpool2d): avgpool2d padding: expected at most half the kernel");
        fails(model(DENSE + ",{\"type\":\"dropout\",\"rate\":1}"),
                "layers[1] (dropout): dropout rate: expected a number in [0, 1), got 1.0");
        fails(model("{\"type\":\"batchnorm\",\"gamma\":[1,1],\"beta\":[0,0],\"mean\":[0,0],\"var\":[1,-1],\"eps\":1e-5},"
                + DENSE), "layers[0] (batchnorm): batchnorm var: expected var + eps > 0", "at channel 1");
        fails(model("{\"type\":\"residual\",\"branches\":[[]]}"),
                "layers[0] (residual): residual: expected at least two branches to add, got 1");
    }

    @Test
    void softmaxNotLast() {
        fails(model(DENSE + ",{\"type\":\"softmax\"},{\"type\":\"relu\"}"),
                "layers[1] (softmax): softmax is allowed only as the last top-level layer, got it at position 1 of 3");
        fails(model("{\"type\":\"residual\",\"branches\":[[],[{\"type\":\"softmax\"}]]}," + DENSE),
                "layers[0].branches[1][0] (softmax): softmax is allowed only as the last top-level layer",
                "in a residual branch");
    }

    @Test
    void shapesThatDoNotChain() {
        String fiveInputs = "{\"type\":\"dense\",\"weight\":[[1,2,3,4,5]],\"bias\":[0]}";
        String fourOutputs = "{\"type\":\"dense\",\"weight\":[[1,2],[1,2],[1,2],[1,2]],\"bias\":[0,0,0,0]}";
        fails(model(fourOutputs + ",{\"type\":\"relu\"}," + fiveInputs),
                "layers[2] (dense): takes the output [4] of layers[1] (relu): dense expects an input of size 5, got 4");
        fails(model(fiveInputs), "layers[0] (dense): takes the input [2]: dense expects an input of size 5, got 2");
        fails("{\"format\":\"re3-model/1\",\"inputShape\":[1,2,2],\"layers\":[" + DENSE + "]}",
                "layers[0] (dense): takes the input [1, 2, 2]: dense expects an input of shape [2] (add a flatten");
        fails("{\"format\":\"re3-model/1\",\"inputShape\":[1,2,2],\"layers\":[{\"type\":\"relu\"}]}",
                "layers: expected the network to end in a vector of logits, got shape [1, 2, 2]");
        fails(model("{\"type\":\"residual\",\"branches\":[[],[" + DENSE + "," + fiveInputs + "]]}"),
                "layers[0].branches[1][1] (dense): takes the output [2] of layers[0].branches[1][0] (dense): "
                        + "dense expects an input of size 5, got 2");
        fails(model("{\"type\":\"residual\",\"branches\":[[],[" + fourOutputs + "]]}"),
                "layers[0] (residual): takes the input [2]: residual: expected every branch to give shape [2], "
                        + "got [4] from branch 1");
        fails(model("{\"type\":\"residual\",\"branches\":[[],[{\"type\":\"residual\",\"branches\":[[],"
                + "[{\"type\":\"dense\",\"weight\":[[1,2]],\"bias\":[0,1]}]]}]]}"),
                "layers[0].branches[1][0].branches[1][0] (dense): dense bias: expected 1 values");
        fails(model("{\"type\":\"residual\",\"branches\":[[],{}]}"),
                "layers[0] (residual): branches[1]: expected an array of layers ([] for the identity), got an object");
    }

    @Test
    void sizesThatOverflow() {
        fails(model(DENSE).replace("[2]", "[65536,65536,2]"), "inputShape: expected at most 2147483647 elements in all, "
                + "got [65536, 65536, 2]");
        fails("{\"format\":\"re3-model/1\",\"inputShape\":[1,1,1],\"layers\":[{\"type\":\"conv2d\",\"weight\":[[[[1]]]],"
                + "\"bias\":[0],\"stride\":[1,1],\"padding\":[40000,40000]},{\"type\":\"flatten\"}]}",
                "layers[1] (flatten): takes the output [1, 80001, 80001] of layers[0] (conv2d): its output would have more than "
                        + "2147483647 elements");
    }

    @Test
    void namesThatDoNotFit() {
        fails(model(DENSE).replace("\"layers\"", "\"features\":[\"a\",\"b\",\"c\"],\"layers\""),
                "features: expected 2 names, got 3");
        fails(model(DENSE).replace("\"layers\"", "\"classes\":[\"a\"],\"layers\""), "classes: expected 2 names, got 1");
        fails(model(DENSE).replace("\"layers\"", "\"features\":[\"a\",2],\"layers\""),
                "features[1]: expected a string, got number 2");
        fails(model(DENSE).replace("\"layers\"", "\"classes\":\"ab\",\"layers\""),
                "classes: expected an array of strings, got string \"ab\"");
    }

    @Test
    void provenanceMustBeAnObject() {
        String json = model(DENSE).replace("\"layers\"", "\"provenance\":[1],\"layers\"");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelJson.parseProvenance(json));
        assertEquals("provenance: expected an object, got an array of 1 element", e.getMessage());
    }

    @Test
    void unwritableProvenanceIsRejectedBeforeWriting(@TempDir Path dir) {
        Network net = ModelJson.parse(model(DENSE));
        Path file = dir.resolve("net.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelJson.write(net, file, java.util.Map.of("stream", new Object())));
        assertTrue(e.getMessage().startsWith("provenance: cannot be written as JSON"), e.getMessage());
        assertTrue(Files.notExists(file));
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path truncated = dir.resolve("truncated.json");
        String json = ModelJson.toJson(ModelJson.parse(model(DENSE)));
        Files.writeString(truncated, json.substring(0, json.length() - 8));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelJson.read(truncated));
        assertTrue(e.getMessage().startsWith(truncated + ": not valid JSON at line"), e.getMessage());

        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, model("{\"type\":\"dense\",\"wieght\":[[1,2]],\"bias\":[0]}"));
        e = assertThrows(ModelFormatException.class, () -> ModelJson.read(typo));
        assertEquals(typo + ": layers[0] (dense): unknown key \"wieght\"; allowed keys are type, weight, bias",
                e.getMessage());

        Path wrongFormat = dir.resolve("other.json");
        Files.writeString(wrongFormat, "{\"format\":\"onnx\"}");
        e = assertThrows(ModelFormatException.class, () -> ModelJson.readProvenance(wrongFormat));
        assertEquals(wrongFormat + ": format: expected \"re3-model/1\", got string \"onnx\"", e.getMessage());

        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        e = assertThrows(ModelFormatException.class, () -> ModelJson.read(binary));
        assertTrue(e.getMessage().startsWith(binary + ": not valid JSON"), e.getMessage());

        Path missing = dir.resolve("missing.json");
        UncheckedIOException io = assertThrows(UncheckedIOException.class, () -> ModelJson.read(missing));
        assertTrue(io.getMessage().contains(missing.toString()), io.getMessage());
    }
}
