package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.engine.PruningCheckpoint;
import io.github.dl4jpruning.files.AtomicFiles;
import io.github.dl4jpruning.internal.Json;
import io.github.dl4jpruning.listener.PruningListener;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/** Writing side of {@link PrunedModels}: the pruning entries of a listener's state and the atomic zip write. */
final class PruningZips {

    private PruningZips() {
    }

    /** DL4J's configuration JSON with another top-level {@code epochCount}, everything else as it was. */
    static byte[] withEpochCount(byte[] json, int epochCount, Path target) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = (ObjectNode) mapper.readTree(json);
            root.put("epochCount", epochCount);
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException(target + ": entry " + "configuration.json" + " is not a JSON object: "
                    + e.getMessage(), e);
        }
    }

    /** The pruning entries of the listener's state, checked as a load would check them. */
    static Map<String, byte[]> entries(Model model, PruningListener listener, Path target) {
        if (listener.state().isEmpty()) {
            throw new IllegalStateException("the PruningListener has not seen a network yet: call "
                    + "listener.bind(model) or train first");
        }
        listener.bind(model);   // throws if bound to another network
        PruningCheckpoint c = listener.checkpoint();
        SavedState saved = SavedState.of(c);
        StateCheck.Refusal refusal = StateCheck.Refusal.of(target, message -> new IllegalStateException("the "
                + "listener's pruning state is inconsistent and was not saved (a load would refuse it): " + message));
        PruningEntries entries = new PruningEntries(PruningEntries.Layout.RAW, saved, c.config(), c.mask(),
                c.gradients(), c.rewindWeights());
        StateCheck.check(entries, model.numParams(), refusal);
        StateCheck.unitZeros(entries, model, refusal);
        Map<String, byte[]> extra = new LinkedHashMap<>();
        extra.put(PrunedModels.STATE_ENTRY, Json.write(saved).getBytes(StandardCharsets.UTF_8));
        extra.put(PrunedModels.MASK_ENTRY, Npy.write(c.mask()));
        c.gradients().ifPresent(g -> extra.put(PrunedModels.GRADIENTS_ENTRY, Npy.write(g)));
        c.rewindWeights().ifPresent(w -> extra.put(PrunedModels.REWIND_ENTRY, Npy.write(w)));
        return extra;
    }

    static void write(Path target, Map<String, byte[]> entries, Runnable beforeMove) throws IOException {
        AtomicFiles.write(target, tmp -> {
            try (ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    out.putNextEntry(new ZipEntry(e.getKey()));
                    out.write(e.getValue());
                    out.closeEntry();
                }
            }
            beforeMove.run();
        });
    }
}
