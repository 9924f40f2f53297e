package io.github.dl4jpruning.files;

import java.io.IOException;

/**
 * A consumer that may throw {@link IOException}, e.g. the code that fills a file for {@link AtomicFiles}.
 *
 * @param <T> the type of the value consumed (a {@code Path} or an {@code OutputStream})
 */
@FunctionalInterface
public interface IoConsumer<T> {

    /**
     * Consumes the value.
     *
     * @param value the value
     * @throws IOException if an I/O operation fails
     */
    void accept(T value) throws IOException;
}
