package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.engine.PruningCheckpoint;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.report.PruningReport;
import java.util.List;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The pruning state stored beside a network (entry {@value PrunedModels#STATE_ENTRY} of the model zip, UTF-8 JSON;
 * {@code objects/dl4jpruning_state}, a Java-serialized String, in format 1). Read back as data only: every field is
 * checked by {@link StateCheck} before anything is built from it.
 *
 * @param format version of the file layout: {@value #FORMAT} (raw entries) or 1 (Java-serialized entries, read only)
 * @param config the {@code PruningConfig} as JSON
 * @param roundsCompleted mask updates made before the save
 * @param currentDensity density the masks were last set to, in (0, 1]
 * @param params ids of the prunable parameters, in flat-vector order (e.g. {@code layer0_W})
 * @param offsets their offsets in the flat parameter vector
 * @param lengths their lengths
 * @param history the reports of the mask updates, oldest first
 * @param gradientBatches minibatches in the saved gradient accumulator (entry {@value PrunedModels#GRADIENTS_ENTRY},
 *        present only for gradient-based criteria); 0 when absent
 */
record SavedState(@JsonProperty("format") int format, @JsonProperty("config") String config,
        @JsonProperty("roundsCompleted") int roundsCompleted, @JsonProperty("currentDensity") double currentDensity,
        @JsonProperty("params") List<String> params, @JsonProperty("offsets") List<Long> offsets,
        @JsonProperty("lengths") List<Long> lengths, @JsonProperty("history") List<PruningReport> history,
        @JsonProperty("gradientBatches") long gradientBatches) {

    /** The layout version written by this library (1: Java-serialized entries, read but no longer written). */
    static final int FORMAT = 2;

    /**
     * The state of a checkpoint, in the current format.
     *
     * @param c the checkpoint
     * @return the state
     */
    static SavedState of(PruningCheckpoint c) {
        return new SavedState(FORMAT, c.config().toJson(), c.roundsCompleted(), c.currentDensity(),
                c.params().stream().map(PrunableParam::id).toList(),
                c.params().stream().map(PrunableParam::offset).toList(),
                c.params().stream().map(PrunableParam::length).toList(), c.history(), c.gradientBatches());
    }
}
