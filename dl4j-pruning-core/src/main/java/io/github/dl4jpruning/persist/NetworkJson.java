package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.internal.Json;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.core.JsonToken;

/**
 * A network's {@code configuration.json}, read by content: the kind of network is told by the top-level keys of the
 * JSON object ({@code confs}: a {@code MultiLayerConfiguration}, {@code vertices}: a
 * {@code ComputationGraphConfiguration}), not by a substring search (a layer may well be named "vertices"); one
 * streaming pass also bounds the nesting depth before DL4J's recursive parser sees the text. The parameter count is
 * computed from the layer configurations, without allocating the network.
 *
 * @param graph whether the configuration is a ComputationGraph's
 * @param multiLayer the MultiLayerNetwork configuration (null for a graph)
 * @param computationGraph the ComputationGraph configuration (null for a MultiLayerNetwork)
 * @param numParams the length of the network's flat parameter vector
 */
record NetworkJson(boolean graph, MultiLayerConfiguration multiLayer, ComputationGraphConfiguration computationGraph,
        long numParams) {

    /** @return the epoch count the configuration records */
    int epochCount() {
        return graph ? computationGraph.getEpochCount() : multiLayer.getEpochCount();
    }

    /** Deepest nesting accepted (DL4J's own configurations stay below 20). */
    static final int MAX_DEPTH = 256;

    /**
     * Parses a network configuration.
     *
     * @param json the configuration JSON
     * @param where names the file and entry, for messages
     * @return the configuration
     * @throws IllegalArgumentException if the text is not one JSON object with exactly one of the two keys at its top
     *         level, nests deeper than {@value #MAX_DEPTH} or is not a valid configuration of its kind
     */
    static NetworkJson parse(String json, String where) {
        Set<String> keys = topLevelKeys(json, where);
        boolean mln = keys.contains("confs");
        boolean graph = keys.contains("vertices");
        if (mln == graph) {
            throw new IllegalArgumentException(where + ": top-level keys (" + keys + ") must include exactly one of "
                    + "\"confs\" (MultiLayerConfiguration) and \"vertices\" (ComputationGraphConfiguration): this is "
                    + "not a DL4J network configuration");
        }
        try {
            if (mln) {
                MultiLayerConfiguration c = MultiLayerConfiguration.fromJson(json);
                long n = 0;
                for (NeuralNetConfiguration layer : c.getConfs()) {
                    n += layer.getLayer().initializer().numParams(layer);
                }
                return new NetworkJson(false, c, null, n);
            }
            ComputationGraphConfiguration c = ComputationGraphConfiguration.fromJson(json);
            long n = 0;
            for (GraphVertex v : c.getVertices().values()) {
                n += v.numParams(true);
            }
            return new NetworkJson(true, null, c, n);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + " must be a valid " + (mln ? "MultiLayerConfiguration"
                    : "ComputationGraphConfiguration") + ": " + e.getMessage(), e);
        }
    }

    /** @return the data type of the network's parameters */
    DataType dataType() {
        return graph ? computationGraph.getDataType() : multiLayer.getDataType();
    }

    /**
     * Checks that a JSON text is well formed and nests at most {@value #MAX_DEPTH} levels, returning the keys of its
     * top-level object.
     *
     * @param json the text
     * @param where names the file and entry, for messages
     * @return the top-level keys, in order
     * @throws IllegalArgumentException if the text is not one well-formed JSON object or nests too deeply
     */
    static Set<String> topLevelKeys(String json, String where) {
        Set<String> keys = new LinkedHashSet<>();
        try (JsonParser p = Json.mapper().getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(where + " must be a JSON object ({...}): it is not");
            }
            int depth = 1;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    if (++depth > MAX_DEPTH) {
                        throw new IllegalArgumentException(where + ": JSON nesting (more than " + MAX_DEPTH
                                + " levels) must be at most " + MAX_DEPTH + " levels deep");
                    }
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.FIELD_NAME && depth == 1 && !keys.add(p.getCurrentName())) {
                    throw new IllegalArgumentException(where + ": top-level key \"" + p.getCurrentName()
                            + "\" must appear once: it is duplicated");
                }
                if (depth == 0) {
                    if (p.nextToken() != null) {
                        throw new IllegalArgumentException(where + " must hold one JSON object: text follows it");
                    }
                    return keys;
                }
            }
            throw new IllegalArgumentException(where + " must be a complete JSON object: it is truncated");
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " must be valid JSON: " + e.getMessage(), e);
        }
    }
}
