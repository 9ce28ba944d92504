package dev.re3.notebooks;

import java.nio.file.Path;

/**
 * A notebook of {@code notebooks/} after the notebook runner executed it.
 *
 * @param name     the file name without {@code .ipynb}
 * @param source   the notebook in {@code notebooks/}
 * @param executed the executed notebook in {@code target/notebooks/}
 * @param html     its HTML export in {@code target/notebooks/}
 * @param attempts how many times its kernel was started
 * @param failure  why it failed (the cell and its error), or null
 */
public record ExecutedNotebook(String name, Path source, Path executed, Path html, int attempts, String failure) {

    /** Whether it executed without error and was exported to HTML. */
    public boolean succeeded() {
        return failure == null;
    }
}
