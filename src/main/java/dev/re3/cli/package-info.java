/**
 * The {@code re3} command line ({@link dev.re3.cli.Main}): {@code demo}, {@code train}, {@code explain},
 * {@code export}, {@code path}, {@code plane}, {@code attribute}, {@code contributions}, {@code statistics},
 * {@code sites}, {@code interaction} and {@code sae train|eval|encode}, one class per command; they read
 * {@code --model} with {@code Model.of}, CSV inputs with {@code ModelInputs.read} and shipped datasets with
 * {@code Model.dataset}. Exit codes: 0 success, 1 error (one line on standard error, the stack trace with
 * {@code --verbose}), 2 bad usage (the message and the command's usage).
 *
 * <p>Models written by {@code train} and {@code demo} start, for tabular data, with the standardizer fitted on
 * the training part as a {@code standardize} layer (older files record it under {@code provenance.standardizer},
 * which reads the same): {@code explain}, {@code path} and {@code plane} standardise the raw rows they read with
 * it and report on the network behind it, whose site names are those of the network as trained
 * ({@code --standardized} takes rows that are standardised already).
 * {@code explain --format json} writes JSON Lines, one self-contained object per input (see the keys in
 * {@code JsonLines}). Depends on {@code dev.re3}, {@code dev.re3.report} and the library packages; nothing
 * depends on it.
 */
package dev.re3.cli;
