/**
 * Deep Java Library (DJL) interoperation: import trained DJL blocks as piecewise-linear
 * {@link dev.re3.net.Network}s, export networks back to DJL blocks for autograd checks, and train small
 * seeded ReLU classifiers.
 *
 * <ul>
 *   <li>{@link dev.re3.djl.DjlImport#fromBlock(ai.djl.nn.Block, int...)} reads a block tree with its
 *       parameters in float64; lambda blocks (activations, pools, flatten, softmax) and ParallelBlock
 *       joins, which DJL keeps as opaque functions, are recovered by probing them on chosen inputs.
 *       Anything that is not piecewise linear fails with an {@link dev.re3.djl.UnsupportedLayerException}
 *       naming the block's path.</li>
 *   <li>{@link dev.re3.djl.DjlExport#toBlock(dev.re3.net.Network)} builds a {@link dev.re3.djl.NetworkBlock}
 *       whose forward is the network's logits; in float64 it agrees with
 *       {@link dev.re3.net.Network#forward(double[])} to rounding, and {@link dev.re3.djl.DjlGradients} takes
 *       input gradients through it with DJL's autograd.</li>
 *   <li>{@link dev.re3.djl.NetworkTrainer} trains the paper's MLPs and small CNN with a seed and returns a
 *       {@link dev.re3.djl.TrainedNetwork} with loss, accuracy and provenance.</li>
 * </ul>
 *
 * <p>DJL runs offline with its bundled PyTorch engine ({@code -Dai.djl.offline=true}). Every NDArray is
 * created in an NDManager that is closed before the call returns, except the parameters of an exported
 * block, which live as long as its manager (see {@link dev.re3.djl.DjlExport}).
 */
package dev.re3.djl;
