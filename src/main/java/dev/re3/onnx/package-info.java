/**
 * ONNX files in and out, in pure Java: {@link dev.re3.onnx.OnnxImport} reads a model that PyTorch's
 * {@code torch.onnx.export} wrote into a {@link dev.re3.net.Network}, and {@link dev.re3.onnx.OnnxExport}
 * writes a network as an ONNX file that onnxruntime or PyTorch tooling can run.
 *
 * <p>Only piecewise-linear graphs map onto a network: {@code Gemm}, {@code MatMul} (with an {@code Add}
 * bias), {@code Conv}, {@code BatchNormalization}, {@code Relu}, {@code LeakyRelu}, {@code MaxPool},
 * {@code AveragePool} (with {@code count_include_pad} either way, and the zero {@code Pad} PyTorch writes
 * before it), {@code GlobalAveragePool}, {@code Flatten}, {@code Reshape} to {@code [N, -1]}, residual
 * {@code Add} and {@code Sum}, {@code Identity}, {@code Dropout}, {@code Constant} and a final
 * {@code Softmax}. Anything else is rejected with an error that names the node.
 *
 * <p>The operators are read by family: {@code AffineOps}, {@code PoolOps} and {@code ShapeOps}, dispatched by
 * {@code Ops}, each node's inputs and attributes checked by {@code Args}; {@code GraphReader} walks the graph.
 */
package dev.re3.onnx;
