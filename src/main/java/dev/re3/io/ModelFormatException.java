package dev.re3.io;

/**
 * A model file or string that does not follow the {@code re3-model/1} format.
 *
 * <p>The message says where the problem is (the file, when reading one, and a location such as
 * {@code layers[2] (dense)}), what was expected and what was given, for example
 * {@code "model.json: layers[2] (dense): expects an input of size 5, got 4"}.
 */
public final class ModelFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A format error with a message that says where, what was expected and what was given. */
    public ModelFormatException(String message) {
        super(message);
    }

    /** A format error caused by another exception, such as a JSON syntax error or a layer's check. */
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same error with the source (a file name) put in front of the message. */
    ModelFormatException in(String source) {
        return new ModelFormatException(source + ": " + getMessage(), this);
    }
}
