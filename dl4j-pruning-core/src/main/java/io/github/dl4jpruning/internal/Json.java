package io.github.dl4jpruning.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * The one JSON mapper of the project: ND4J's shaded Jackson (the Jackson DL4J itself uses for network
 * JSON), indented output, unknown properties rejected.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    /**
     * Returns the shared mapper (thread-safe once configured; do not reconfigure it).
     *
     * @return the mapper
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Writes a value as indented JSON.
     *
     * @param value the value
     * @return the JSON text
     * @throws UncheckedIOException if Jackson cannot serialize the value
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads a value from JSON.
     *
     * @param json the JSON text
     * @param type the class to read
     * @param <T> the type
     * @return the value
     * @throws IllegalArgumentException if the text is not valid JSON for {@code type}, naming the problem
     */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid " + type.getSimpleName() + " JSON: " + e.getMessage(), e);
        }
    }
}
