/**
 * Files for networks: the JSON model format {@code "re3-model/1"} ({@link dev.re3.io.ModelJson}), its
 * errors ({@link dev.re3.io.ModelFormatException}), and whole-or-nothing file writes
 * ({@link dev.re3.io.AtomicFiles}).
 */
package dev.re3.io;
