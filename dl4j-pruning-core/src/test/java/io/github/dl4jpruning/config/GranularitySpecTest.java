package io.github.dl4jpruning.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.dl4jpruning.criterion.GroupScore;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sealed granularity spec: each record validates itself, and configs carrying it round-trip through JSON. */
class GranularitySpecTest {

    static Stream<GranularitySpec> specs() {
        return Stream.of(new GranularitySpec.Unstructured(), new GranularitySpec.Units(Granularity.FILTER,
                GroupScore.L1, 1e-4), new GranularitySpec.Units(Granularity.CHANNEL, GroupScore.TAYLOR, 0.0),
                new GranularitySpec.Blocks(4), new GranularitySpec.NM(2, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void configsWithEverySpecRoundTripThroughJsonAndTheBuilder(GranularitySpec spec) {
        PruningConfig c = PruningConfig.builder().schedule(new ConstantSchedule()).granularity(spec).build();
        assertEquals(spec, c.granularity());
        assertEquals(c, PruningConfig.fromJson(c.toJson()));
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void recordsRejectSettingsOutOfRange() {
        assertEquals("blockSize (1) must be >= 2", assertThrows(IllegalArgumentException.class,
                () -> new GranularitySpec.Blocks(1)).getMessage());
        assertEquals("n (4) and m (4) must satisfy 1 <= n < m, e.g. 2:4", assertThrows(IllegalArgumentException.class,
                () -> new GranularitySpec.NM(4, 4)).getMessage());
        assertEquals("granularity (BLOCK) of Units must be NEURON, FILTER or CHANNEL", assertThrows(
                IllegalArgumentException.class, () -> new GranularitySpec.Units(Granularity.BLOCK, GroupScore.L2, 0))
                .getMessage());
        assertEquals("groupLasso (-1.0) must be finite and >= 0", assertThrows(IllegalArgumentException.class,
                () -> new GranularitySpec.Units(Granularity.NEURON, GroupScore.L2, -1)).getMessage());
    }

    @Test
    void jsonWrittenBeforeTheSpecExistedStillReads() {
        // golden: the flat form every earlier version wrote (one field per setting, seed included)
        String old = "{\"schedule\":{\"@class\":\"io.github.dl4jpruning.schedule.ConstantSchedule\"},"
                + "\"criterion\":{\"@class\":\"io.github.dl4jpruning.criterion.MagnitudeCriterion\"},"
                + "\"scope\":\"LOCAL\",\"minLayerDensity\":0.0,\"layers\":{\"includeNames\":[],\"includeIndices\":[],"
                + "\"excludeNames\":[],\"excludeIndices\":[]},\"l1\":null,\"seed\":7,\"layerSettings\":{},"
                + "\"rewind\":null,\"granularity\":\"NEURON\",\"groupScore\":\"L1\",\"groupLasso\":0.001,"
                + "\"blockSize\":0,\"n\":0,\"m\":0}";
        PruningConfig c = PruningConfig.fromJson(old);
        assertEquals(new GranularitySpec.Units(Granularity.NEURON, GroupScore.L1, 0.001), c.granularity());
        assertEquals(7L, c.seed());
    }
}
