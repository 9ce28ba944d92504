/**
 * ONNX files in and out, in pure Java: {@link dev.re3.onnx.OnnxImport} reads a model that PyTorch's
 * {@code torch.onnx.export} wrote into a {@link dev.re3.net.Network}, and {@link dev.re3.onnx.OnnxExport}
 * writes a network as an ONNX file that onnxruntime or PyTorch tooling can run.
 *
 * <p>Only piecewise-linear graphs map onto a network: {@code Gemm}, {@code MatMul} (with an {@code Add}
 * bias), {@code Conv}, {@code BatchNormalization}, {@code Relu}, {@code LeakyRelu}, {@code MaxPool},
 * {@code AveragePool} (with {@code count_include_pad} either way, and the zero {@code Pad} PyTorch writes
 * before it), {@code GlobalAveragePool}, {@code Flatten}, {@code Reshape} to {@code [N, -1]}, residual
 * {@code Add} and {@code Sum}, {@code Identity}, {@code Dropout}, {@code Constant}, {@code Sub} and {@code Div}
 * by constants (per-feature standardisation, read as a {@link dev.re3.net.Standardize} layer) and a final
 * {@code Softmax}. Anything else is rejected with an error that names the node.
 *
 * <p>The operators are read by family: {@code AffineOps}, {@code PoolOps} and {@code ShapeOps}, dispatched by
 * {@code Ops}, each node's inputs and attributes checked by {@code Args}; {@code GraphReader} walks the graph.
 *
 * <p>A {@link dev.re3.net.Standardize} layer is written as {@code Sub(x, mean)} then {@code Div(., scale)},
 * constants of shape {@code [1, *inputShape]}, rather than folded into the first {@code Gemm} or {@code Conv}:
 * that computes {@code (x - mean) / scale} exactly as the layer does (folding would round {@code W / scale}),
 * keeps the standardiser visible to ONNX tools, and works whatever layer comes first.
 */
package dev.re3.onnx;
