/**
 * CODEC-style contribution decomposition (arXiv 2603.06557): what each hidden unit contributes to an output
 * ({@link dev.re3.codec.Contributions}: activation times gradient, hidden-space integrated gradients, and their
 * exact integral along the region walk, each carrying its completeness check), layer statistics of those
 * contributions beside the activations ({@link dev.re3.codec.LayerStatistics}), their sparse modes found by a
 * sparse autoencoder ({@link dev.re3.codec.Modes}), ablate/preserve experiments on a mode
 * ({@link dev.re3.codec.AblationCurves}) and its input-space map ({@link dev.re3.codec.ModeImage}).
 */
package dev.re3.codec;
