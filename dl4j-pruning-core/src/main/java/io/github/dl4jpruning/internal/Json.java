package io.github.dl4jpruning.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;
import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.DeserializationContext;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.JsonDeserializer;
import org.nd4j.shade.jackson.databind.JsonMappingException;
import org.nd4j.shade.jackson.databind.MapperFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.deser.std.NumberDeserializers;
import org.nd4j.shade.jackson.databind.exc.InvalidFormatException;
import org.nd4j.shade.jackson.databind.exc.MismatchedInputException;
import org.nd4j.shade.jackson.databind.exc.PropertyBindingException;
import org.nd4j.shade.jackson.databind.json.JsonMapper;
import org.nd4j.shade.jackson.databind.module.SimpleModule;
import org.nd4j.shade.jackson.databind.util.AccessPattern;

/**
 * The one JSON mapper of the project: ND4J's shaded Jackson (the Jackson DL4J itself uses for network JSON),
 * indented output, and strict reading. It refuses, naming the field:
 * <ul>
 * <li>unknown properties;</li>
 * <li>a floating-point number where an integer is expected ({@code "seed": 1.9} is not silently 1);</li>
 * <li>{@code null} for a primitive ({@code "seed": null} is not silently 0), while a field left out still gets
 * its default, so files written before the field existed read back;</li>
 * <li>{@code null} elements of arrays read as lists;</li>
 * <li>other scalar coercions: a string where a number or boolean is expected ({@code "rate": "0.5"}), a number
 * where a boolean is expected, a number for an enum (an ordinal);</li>
 * <li>a key given twice in one object, and anything but white space after the value.</li>
 * </ul>
 * An integer where a floating-point number is expected ({@code "l1": 0}) is accepted.
 *
 * <p>{@link DeserializationFeature#FAIL_ON_NULL_FOR_PRIMITIVES} itself is not used: in Jackson 2.13 it also fails
 * on a creator property that is absent, which would refuse every file written before a field was added.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .addModule(nullRefusingPrimitives())
            .withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .withConfigOverride(Collection.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .withConfigOverride(Set.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .build();

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
     * @throws IllegalArgumentException if the text is not valid JSON for {@code type}, naming the problem (see
     *         {@link #describe(IOException)})
     */
    public static <T> T read(String json, Class<T> type) {
        if (json == null) {
            throw new IllegalArgumentException("json (null) must be the JSON text of a " + type.getSimpleName());
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid " + type.getSimpleName() + " JSON: " + describe(e), e);
        }
    }

    /**
     * One line saying what is wrong with a JSON text: the message of the project's own validation when a value
     * was refused by it (an {@link IllegalArgumentException} thrown while constructing), else the field's path,
     * the value found where Jackson knows it, and Jackson's message without its source excerpt.
     *
     * @param e what Jackson threw
     * @return the description, on one line
     */
    public static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && !(t instanceof JsonProcessingException)) {
                return t.getMessage();
            }
        }
        String path = e instanceof JsonMappingException m ? path(m) : "";
        String where = path.isEmpty() ? "" : path + ": ";
        if (e instanceof InvalidFormatException f && f.getValue() instanceof Number n && f.getTargetType() != null
                && isIntegral(f.getTargetType())) {
            return (path.isEmpty() ? "value" : path) + " (" + n + ") must be a whole number ("
                    + (f.getTargetType() == Long.class ? "long" : f.getTargetType() == Integer.class ? "int"
                            : f.getTargetType().getSimpleName())
                    + "): floats are not rounded, write it without a fraction";
        }
        String location = e instanceof JsonProcessingException p && p.getLocation() != null
                ? " (line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr() + ")" : "";
        if (e instanceof PropertyBindingException b && b.getKnownPropertyIds() != null) {
            return where + "unknown field \"" + b.getPropertyName() + "\" must be one of "
                    + new TreeSet<>(b.getKnownPropertyIds().stream().map(String::valueOf).toList()) + location;
        }
        String message = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        // Jackson's advice to enable coercion is meant for the developer; the file is what must change
        return where + firstLine(message).replaceAll(" \\(but (might|could) if coercion[^)]*\\)", "")
                .replaceAll(": disable DeserializationConfig\\S* to allow", "") + location;
    }

    private static boolean isIntegral(Class<?> type) {
        return type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class;
    }

    /** The path of the failing value, e.g. {@code layers.includeNames[0]}. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed JSON";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** Deserializers for the primitive types that refuse an explicit {@code null} but give absent fields 0. */
    private static SimpleModule nullRefusingPrimitives() {
        SimpleModule module = new SimpleModule("null-refusing-primitives");
        for (Map.Entry<Class<?>, String> e : Map.<Class<?>, String>of(int.class, "an integer", long.class, "an integer",
                short.class, "an integer", byte.class, "an integer", double.class, "a number", float.class, "a number",
                boolean.class, "true or false").entrySet()) {
            add(module, e.getKey(), e.getValue());
        }
        return module;
    }

    @SuppressWarnings("unchecked")
    private static <T> void add(SimpleModule module, Class<?> type, String expected) {
        Class<T> t = (Class<T>) type;
        module.addDeserializer(t, new NullRefusing<>(t, expected));
    }

    /**
     * A {@code long} field whose default is not 0: an explicit {@code null} is refused like any primitive's, a field
     * left out reads as the default. Subclass it with a no-argument constructor and name the subclass in
     * {@code @JsonDeserialize(using = ...)} on the field.
     */
    public abstract static class LongWithDefault extends JsonDeserializer<Long> {
        private final NullRefusing<Long> strict = new NullRefusing<>(long.class, "an integer");
        private final long absent;

        /**
         * Creates the deserializer.
         *
         * @param absent the value of a field that is left out
         */
        protected LongWithDefault(long absent) {
            this.absent = absent;
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return strict.deserialize(p, ctxt);
        }

        @Override
        public Long getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            return strict.getNullValue(ctxt);
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return absent;
        }

        @Override
        public AccessPattern getNullAccessPattern() {
            return AccessPattern.DYNAMIC;
        }
    }

    /** The standard deserializer of one primitive type, refusing {@code null}. */
    private static final class NullRefusing<T> extends JsonDeserializer<T> {
        private final Class<T> type;
        private final String expected;
        private final JsonDeserializer<T> standard;

        @SuppressWarnings("unchecked")
        NullRefusing(Class<?> type, String expected) {
            this.type = (Class<T>) type;
            this.expected = expected;
            this.standard = (JsonDeserializer<T>) NumberDeserializers.find(type, type.getName());
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return standard.deserialize(p, ctxt);
        }

        @Override
        public T getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            throw MismatchedInputException.from(ctxt.getParser(), type, "null must be " + expected + " ("
                    + type.getName() + "): write a value, or leave the field out for its default");
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) throws JsonMappingException {
            return standard.getEmptyValue(ctxt);
        }

        @Override
        public AccessPattern getNullAccessPattern() {
            return AccessPattern.DYNAMIC;
        }

        @Override
        public Class<?> handledType() {
            return type;
        }
    }
}
