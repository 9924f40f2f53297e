package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.report.PruningReport;
import java.util.List;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The pruning state stored beside a network (entry {@value PrunedModels#STATE_ENTRY} of the model zip).
 *
 * @param format version of this layout ({@value #FORMAT})
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

    /** The layout version written by this library. */
    static final int FORMAT = 1;
}
