package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.shade.jackson.databind.JsonNode;

/** Reading the JSON results the benchmark commands write, with one-line errors that start with the file. */
public final class ResultFiles {

    private ResultFiles() {
    }

    /**
     * Reads a result file as a JSON object.
     *
     * @param file the file ({@code imp --json} and the like)
     * @return its root object
     * @throws IOException with a one-line message starting with the file, if it is missing, unreadable, not JSON or
     *     not a JSON object
     */
    public static JsonNode readObject(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException(file + ": must be a readable imp JSON file (" + (Files.isDirectory(file)
                    ? "it is a directory" : Files.exists(file) ? "it cannot be read" : "it does not exist") + ")");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not an imp JSON result: " + Json.describe(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": not an imp JSON result (a JSON object expected)");
        }
        return root;
    }
}
