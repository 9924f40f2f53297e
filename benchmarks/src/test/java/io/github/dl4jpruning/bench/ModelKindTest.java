package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link ModelKind}: command-line names. */
class ModelKindTest {

    @Test
    void unknownNamesAreRejectedListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelKind.fromId("vgg"));
        assertEquals("model (vgg) must be one of lenet-300-100, lenet-5, resnet-mini, resnet-mini-16", e.getMessage());
    }

    @Test
    void namesRoundTripCaseInsensitively() {
        for (ModelKind k : ModelKind.values()) {
            assertEquals(k, ModelKind.fromId(k.id()));
            assertEquals(k, ModelKind.fromId(k.id().toUpperCase(java.util.Locale.ROOT)));
            assertEquals(k.id(), k.toString());
        }
        assertEquals("lenet-300-100, lenet-5, resnet-mini, resnet-mini-16", ModelKind.ids());
    }

    @Test
    void onlyTheMultiLayerKindsBuildAsMultiLayerNetworks() {
        assertEquals(ModelKind.LENET_5, ModelKind.LENET_5.requireMultiLayer());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelKind.RESNET_MINI.build(1));
        assertEquals("model (resnet-mini) is a ComputationGraph: this command takes lenet-300-100 or lenet-5; imp and thin "
                + "take all of lenet-300-100, lenet-5, resnet-mini, resnet-mini-16", e.getMessage());
        assertEquals(org.deeplearning4j.nn.graph.ComputationGraph.class, ModelKind.RESNET_MINI.buildAny(1).getClass());
        assertThrows(IllegalArgumentException.class, () -> ModelKind.RESNET_MINI_16.build(1));
    }

    @Test
    void theWideResidualCnnHasTwiceTheChannelsOfEveryLayer() {
        org.deeplearning4j.nn.graph.ComputationGraph mini = (org.deeplearning4j.nn.graph.ComputationGraph)
                ModelKind.RESNET_MINI.buildAny(1);
        org.deeplearning4j.nn.graph.ComputationGraph wide = (org.deeplearning4j.nn.graph.ComputationGraph)
                ModelKind.RESNET_MINI_16.buildAny(1);
        assertEquals(45_066, mini.numParams());
        assertEquals(176_650, wide.numParams());
        for (String conv : java.util.List.of("stem_conv", "s1b2b_conv", "s2b1_proj", "s3b2a_conv")) {
            assertEquals(2 * mini.getLayer(conv).getParam("W").size(0), wide.getLayer(conv).getParam("W").size(0),
                    conv);
        }
        assertEquals("width (0) must be in [1, 256]", assertThrows(IllegalArgumentException.class,
                () -> Models.resnetMini(1, 0)).getMessage());
    }
}
