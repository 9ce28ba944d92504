/**
 * Semi-nonnegative matrix factorisation of activations, {@code A ~ F G^T} with {@code G >= 0} (Ding, Li and
 * Jordan 2010): parts-based features with mixed-sign directions and nonnegative coefficients.
 */
package dev.re3.nmf;
