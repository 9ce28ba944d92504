/**
 * The local interaction basis of dense networks (Bushnaq et al., Apollo Research 2024): per node layer a
 * basis {@code C} whose directions are whitened and aligned with the singular directions of the Jacobian to the
 * next layer ({@link dev.re3.interaction.InteractionBasis}), the interaction graph of squared edges between
 * adjacent layers with its Leiden modularity, and node and edge ablations against the PCA basis.
 */
package dev.re3.interaction;
