package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link ModelKind}: command-line names. */
class ModelKindTest {

    @Test
    void unknownNamesAreRejectedListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelKind.fromId("vgg"));
        assertEquals("model (vgg) must be one of lenet-300-100, lenet-5, resnet-mini", e.getMessage());
    }

    @Test
    void namesRoundTripCaseInsensitively() {
        for (ModelKind k : ModelKind.values()) {
            assertEquals(k, ModelKind.fromId(k.id()));
            assertEquals(k, ModelKind.fromId(k.id().toUpperCase(java.util.Locale.ROOT)));
            assertEquals(k.id(), k.toString());
        }
        assertEquals("lenet-300-100, lenet-5, resnet-mini", ModelKind.ids());
    }

    @Test
    void onlyTheMultiLayerKindsBuildAsMultiLayerNetworks() {
        assertEquals(ModelKind.LENET_5, ModelKind.LENET_5.requireMultiLayer());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelKind.RESNET_MINI.build(1));
        assertEquals("model (resnet-mini) is a ComputationGraph: this command takes lenet-300-100 or lenet-5; imp and thin "
                + "take all of lenet-300-100, lenet-5, resnet-mini", e.getMessage());
        assertEquals(org.deeplearning4j.nn.graph.ComputationGraph.class, ModelKind.RESNET_MINI.buildAny(1).getClass());
    }
}
