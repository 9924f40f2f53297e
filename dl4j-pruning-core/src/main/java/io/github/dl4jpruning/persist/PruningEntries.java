package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.internal.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.JsonParser;

/**
 * The pruning entries of a model zip, decoded but not yet checked: the state JSON, the mask and the optional gradient
 * accumulator and rewind weights, in either layout.
 *
 * @param layout the entry names of the file's format
 * @param state the pruning state
 * @param config the pruning configuration it holds
 * @param mask the flat mask
 * @param gradients the gradient accumulator, if saved
 * @param rewind the rewind weights, if saved
 */
record PruningEntries(Layout layout, SavedState state, PruningConfig config, INDArray mask,
        Optional<INDArray> gradients, Optional<INDArray> rewind) {

    /**
     * The names of the pruning entries in one format.
     *
     * @param format the format number
     * @param state the state entry
     * @param mask the mask entry
     * @param gradients the gradient-accumulator entry
     * @param rewind the rewind-weights entry
     */
    record Layout(int format, String state, String mask, String gradients, String rewind) {

        /** Format 2: raw entries (UTF-8 JSON, NumPy {@code .npy}). */
        static final Layout RAW = new Layout(2, PrunedModels.STATE_ENTRY, PrunedModels.MASK_ENTRY,
                PrunedModels.GRADIENTS_ENTRY, PrunedModels.REWIND_ENTRY);

        /** Format 1: DL4J's {@code addObjectToFile} entries (a serialized String, serialized byte[] of NumPy bytes). */
        static final Layout SERIALIZED = new Layout(1, "objects/dl4jpruning_state", "objects/dl4jpruning_mask",
                "objects/dl4jpruning_gradients", "objects/dl4jpruning_rewind");

        /** @return the four names */
        List<String> names() {
            return List.of(state, mask, gradients, rewind);
        }
    }

    /**
     * Reads the pruning entries of a model zip.
     *
     * @param zip the checked zip
     * @return the entries, or empty if the zip holds none (a plain DL4J save)
     * @throws IllegalArgumentException naming the file and entry if an entry is missing, of the other format or not
     *         decodable
     */
    static Optional<PruningEntries> read(ModelZip zip) {
        List<String> raw = Layout.RAW.names().stream().filter(n -> zip.entry(n).isPresent()).toList();
        List<String> serialized = Layout.SERIALIZED.names().stream().filter(n -> zip.entry(n).isPresent()).toList();
        if (raw.isEmpty() && serialized.isEmpty()) {
            return Optional.empty();
        }
        if (!raw.isEmpty() && !serialized.isEmpty()) {
            throw new IllegalArgumentException(zip.file() + ": entries " + Stream.concat(raw.stream(),
                    serialized.stream()).toList() + " must all be of one format: format 2 (" + Layout.RAW.state()
                    + "...) and format 1 (" + Layout.SERIALIZED.state() + "...) are mixed; save the model again");
        }
        Layout layout = raw.isEmpty() ? Layout.SERIALIZED : Layout.RAW;
        for (String required : List.of(layout.state(), layout.mask())) {
            if (zip.entry(required).isEmpty()) {
                throw new IllegalArgumentException(zip.file() + ": entry " + required + " is missing, but the file "
                        + "holds " + (raw.isEmpty() ? serialized : raw) + ": the pruning state and mask are saved "
                        + "together; the file is incomplete");
            }
        }
        String where = zip.file() + ": entry " + layout.state();
        String json = layout == Layout.RAW ? utf8(zip.entry(layout.state()).get(), where)
                : JavaSerialized.string(zip.entry(layout.state()).get(), where);
        NetworkJson.topLevelKeys(json, where);
        SavedState state;
        try {
            state = Json.mapper().readerFor(SavedState.class).with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readValue(json);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(where + " must be the pruning state as JSON: " + e.getMessage(), e);
        }
        if (state.format() != 1 && state.format() != 2) {
            throw new IllegalArgumentException(where + ": format (" + state.format() + ") must be 1 or 2, the "
                    + "formats this library reads: the file was written by a newer dl4j-pruning; load it with that "
                    + "version");
        }
        if (state.format() != layout.format()) {
            throw new IllegalArgumentException(where + ": format (" + state.format() + ") must be " + layout.format()
                    + " for this entry: format 1 writes " + Layout.SERIALIZED.state() + ", format 2 "
                    + Layout.RAW.state());
        }
        if (state.config() == null) {
            throw new IllegalArgumentException(where + ": config (null) must be the PruningConfig JSON");
        }
        PruningConfig config;
        try {
            config = PruningConfig.fromJson(state.config());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": config must be a valid PruningConfig: " + e.getMessage(), e);
        }
        return Optional.of(new PruningEntries(layout, state, config, array(zip, layout, layout.mask()).orElseThrow(),
                array(zip, layout, layout.gradients()), array(zip, layout, layout.rewind())));
    }

    private static Optional<INDArray> array(ModelZip zip, Layout layout, String name) {
        String where = zip.file() + ": entry " + name;
        return zip.entry(name).map(data -> Npy.read(layout == Layout.RAW ? data : JavaSerialized.bytes(data, where),
                where));
    }

    private static String utf8(byte[] data, String where) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(where + " must be UTF-8 text: it is not", e);
        }
    }
}
