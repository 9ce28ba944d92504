/**
 * How results show themselves: {@link dev.re3.display.Displayable} (text and HTML), {@link
 * dev.re3.display.Notebook} (rich output in the rapaio, IJava and JJava notebook kernels, reached by
 * reflection, and a standalone HTML page elsewhere) and {@link dev.re3.display.Progress} (a progress bar
 * in a notebook or on a terminal, silent in batch runs). No kernel is a compile-time dependency.
 */
package dev.re3.display;
