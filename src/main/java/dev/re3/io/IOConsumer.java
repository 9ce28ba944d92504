package dev.re3.io;

import java.io.IOException;

/**
 * An action on a value that may fail with an {@link IOException}, such as writing to a stream.
 *
 * @param <T> the type of the value
 */
@FunctionalInterface
public interface IOConsumer<T> {
    /** Performs the action on the value. */
    void accept(T value) throws IOException;
}
