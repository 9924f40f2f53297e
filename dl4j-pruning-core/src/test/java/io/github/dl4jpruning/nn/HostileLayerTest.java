package io.github.dl4jpruning.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.Pruning;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.config.PruningConfigBuilder;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.nn.conf.PrunedLayer;
import io.github.dl4jpruning.nn.layers.MaskOwnership;
import io.github.dl4jpruning.nn.layers.PrunedLayerImpl;
import io.github.dl4jpruning.registry.PrunableLayerRegistry;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.Hostile;
import io.github.dl4jpruning.testing.TestNets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Hostile inputs around layers (part of the project-wide hostile-input suite): unsupported or unknown layers, keys
 * that do not exist, wrappers in conflict with the configuration, networks that cannot be pruned, NaN weights and
 * mask views of the wrong shape. Every case is refused with the expected exception type and a message naming the
 * value or layer and what is allowed, and leaves the networks bit-identical (parameters and updater state) with no
 * wrapper handed over to an engine ({@link Hostile#assertRefused}).
 */
class HostileLayerTest {

    /**
     * One hostile case, set up fresh.
     *
     * @param models the networks that must not change
     * @param action the hostile call
     * @param type the exception expected
     * @param words the phrases the message must hold
     * @param after further checks once refused (e.g. an uninitialised network is still uninitialised)
     */
    record Setup(List<Model> models, Executable action, Class<? extends Throwable> type, List<String> words,
            Runnable after) {
    }

    /** A named hostile case. */
    record Case(String name, Supplier<Setup> setup) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static PruningConfigBuilder constant() {
        return PruningConfig.builder().schedule(new ConstantSchedule());
    }

    private static Setup bind(Model net, PruningConfig config, String... words) {
        return new Setup(List.of(net), () -> new PruningListener(config).bind(net), IllegalArgumentException.class,
                List.of(words), () -> { });
    }

    /** conv → BN → pool → dense → element-wise multiplication (unsupported) → output. */
    private static MultiLayerNetwork mixed() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(8).build())
                .layer(new ElementWiseMultiplicationLayer.Builder().nIn(8).nOut(8).build())
                .layer(new OutputLayer.Builder().nOut(3).build())
                .setInputType(InputType.convolutional(8, 8, 1)).build());
        net.init();
        return net;
    }

    private static MultiLayerNetwork wrappedOutput() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(4).build())
                .layer(new PrunedLayer.Builder().layer(new OutputLayer.Builder().nIn(4).nOut(2).build()).build())
                .build());
        net.init();
        return net;
    }

    private static MultiLayerNetwork wrappedBidirectional() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new PrunedLayer.Builder().layer(new Bidirectional(new LSTM.Builder().nOut(3).build())).build())
                .layer(new RnnOutputLayer.Builder().nOut(2).build())
                .setInputType(InputType.recurrent(2)).build());
        net.init();
        return net;
    }

    private static MultiLayerNetwork withNaN(MultiLayerNetwork net) {
        net.getLayer(0).getParam("W").putScalar(0, Float.NaN);
        return net;
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("unsupported layer type included by name", () -> bind(mixed(),
                        constant().includeLayers("layer4").build(),
                        "layer 4 (\"layer4\", ElementWiseMultiplicationLayer) is not a supported layer type for pruning",
                        "Supported: DenseLayer[W]", "PrunableLayerRegistry.toBuilder().prunable(...)")),
                new Case("layer with nothing to prune included by index", () -> bind(mixed(),
                        constant().includeLayers(1).build(),
                        "layer 1 (\"layer1\", BatchNormalization) has nothing to prune",
                        "remove it from the include list")),
                new Case("unknown layer name", () -> bind(TestNets.mlp(1, 4), constant().includeLayers("fc9").build(),
                        "layer name (\"fc9\") is not a layer of this MultiLayerNetwork",
                        "its layers are [0:layer0(DenseLayer), 1:layer1(OutputLayer)]")),
                new Case("unknown layer index", () -> bind(TestNets.mlp(1, 4), constant().excludeLayers(7).build(),
                        "layer index (7) is not a layer of this MultiLayerNetwork", "its layers are [0:layer0")),
                new Case("unknown vertex name in per-layer settings", () -> bind(TestNets.graph(1, 8),
                        constant().layer("d9", LayerPruning.builder().minDensity(0.1).build()).build(),
                        "layer settings name (\"d9\") is not a layer of this ComputationGraph",
                        "its layers are [1:d1(DenseLayer), 2:d2(DenseLayer), 3:out(OutputLayer)]")),
                new Case("excluded parameter the layer does not have", () -> bind(TestNets.mlp(1, 4),
                        constant().layer("layer0", LayerPruning.builder().excludeParams("RW").build()).build(),
                        "excludedParams (RW) of layer 0 (\"layer0\", DenseLayer) is not one of its prunable "
                                + "parameters [W]")),
                new Case("wrapped layer also excluded", () -> bind(TestNets.wrappedMlp(1, LayerPruning.DEFAULTS, 4),
                        constant().excludeLayers("layer0").build(),
                        "layer 0 (\"layer0\", DenseLayer) is wrapped in a PrunedLayer and also excluded",
                        "remove the wrapper or the exclusion")),
                new Case("wrapped layer also given settings by name", () -> bind(
                        TestNets.wrappedMlp(1, LayerPruning.DEFAULTS, 4),
                        constant().layer("layer0", LayerPruning.builder().targetDensity(0.5).build()).build(),
                        "layer 0 (\"layer0\", DenseLayer) has settings both in its PrunedLayer wrapper and in "
                                + "PruningConfig.layer(\"layer0\", ...)", "keep one of them")),
                new Case("wrapped output layer also given settings by name", () -> bind(wrappedOutput(),
                        constant().layer("layer1", LayerPruning.builder().targetDensity(0.5).build()).build(),
                        "layer 1 (\"layer1\", OutputLayer) has settings both in its PrunedLayer wrapper")),
                new Case("wrapped first LSTM without an input type", () -> {
                    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                            .layer(new PrunedLayer.Builder().layer(new LSTM.Builder().nIn(3).nOut(4).build()).build())
                            .layer(new RnnOutputLayer.Builder().nIn(4).nOut(2).build()).build());
                    net.init();
                    return bind(net, constant().build(), "layer 0 (\"layer0\", PrunedLayer around LSTM)",
                            ".setInputType(InputType.recurrent(3, RNNFormat.NCW))");
                }),
                new Case("network whose parameters are all in non-prunable layers", () -> {
                    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                            .layer(new BatchNormalization.Builder().build())
                            .layer(new PReLULayer.Builder().inputShape(4).build())
                            .layer(new LossLayer.Builder().build())
                            .setInputType(InputType.feedForward(4)).build());
                    net.init();
                    return bind(net, constant().build(), "no prunable parameters in this MultiLayerNetwork",
                            "1:layer1(PReLULayer)", "Supported: DenseLayer[W]");
                }),
                new Case("registry key the layer has no parameter for", () -> {
                    MultiLayerNetwork net = TestNets.mlp(1, 4);
                    PrunableLayerRegistry wrong = PrunableLayerRegistry.defaults().toBuilder()
                            .prunable(DenseLayer.class, "W", "Q").build();
                    return new Setup(List.of(net), () -> new PruningListener(constant().build(), wrong).bind(net),
                            IllegalArgumentException.class, List.of("layer 0 (\"layer0\", DenseLayer): prunable "
                                    + "parameter key (Q) is not one of its parameters [W, b]",
                                    "PrunableLayerRegistry.toBuilder().prunable(...)"), () -> { });
                }),
                new Case("uninitialised MultiLayerNetwork", () -> {
                    MultiLayerNetwork net = new MultiLayerNetwork(TestNets.mlp(1, 4).getLayerWiseConfigurations());
                    return new Setup(List.of(), () -> new PruningListener(constant().build()).bind(net),
                            IllegalStateException.class, List.of("the MultiLayerNetwork has no parameters yet",
                                    "call init() on it before pruning"), () -> assertNull(net.getLayers()));
                }),
                new Case("uninitialised ComputationGraph", () -> {
                    ComputationGraph g = new ComputationGraph(TestNets.graph(1, 8).getConfiguration());
                    return new Setup(List.of(), () -> Pruning.prune(g, 0.5), IllegalStateException.class,
                            List.of("the ComputationGraph has no parameters yet", "call init() on it"),
                            () -> assertNull(g.getVertices()));
                }),
                new Case("NaN weight at pruning", () -> {
                    MultiLayerNetwork net = withNaN(TestNets.mlp(1, 4));
                    PruningListener l = new PruningListener(constant().build());
                    l.bind(net);
                    return new Setup(List.of(net), () -> l.prune(net, 0.5), IllegalArgumentException.class,
                            List.of("parameter layer0_W (layer 0, DenseLayer) holds 1 NaN or infinite values",
                                    "lower the learning rate"), () -> assertEquals(0,
                                    l.state().orElseThrow().roundsCompleted()));
                }),
                new Case("NaN target density", () -> {
                    MultiLayerNetwork net = TestNets.wrappedMlp(1, LayerPruning.DEFAULTS, 4);
                    return new Setup(List.of(net), () -> new PruningListener(constant().build()).prune(net,
                            Double.NaN), IllegalArgumentException.class, List.of("targetDensity (NaN) must be in "
                            + "(0, 1]"), () -> { });
                }),
                new Case("mask view of the wrong shape handed to a wrapped layer", () -> {
                    MultiLayerNetwork net = TestNets.wrappedMlp(1, LayerPruning.DEFAULTS, 40);
                    PrunedLayerImpl w = (PrunedLayerImpl) net.getLayer(0);
                    Map<String, org.nd4j.linalg.api.ndarray.INDArray> before = Map.copyOf(w.masks());
                    return new Setup(List.of(net), () -> w.delegateMasking(Map.of("W", Nd4j.ones(40, 784)),
                            new MaskOwnership()), IllegalArgumentException.class, List.of("mask for parameter W of "
                            + "layer \"layer0\" has shape [40, 784], the parameter has [784, 40]"),
                            () -> assertEquals(before, w.masks()));
                }),
                new Case("mask views missing a key of a wrapped Bidirectional layer", () -> {
                    MultiLayerNetwork net = wrappedBidirectional();
                    PrunedLayerImpl w = (PrunedLayerImpl) net.getLayer(0);
                    return new Setup(List.of(net), () -> w.delegateMasking(Map.of("fW", w.getParam("fW").dup()),
                            new MaskOwnership()), IllegalArgumentException.class, List.of("mask for parameter fRW "
                            + "of layer \"layer0\" has shape (none), the parameter has [3, 12]"), () -> { });
                }),
                new Case("output layer without weights wrapped", () -> new Setup(List.of(),
                        () -> new PrunedLayer.Builder().layer(new LossLayer.Builder().name("loss").build()).build(),
                        IllegalArgumentException.class, List.of("layer (LossLayer \"loss\") is an output layer without "
                        + "weights", "nothing to prune; add it unwrapped"), () -> { })),
                new Case("wrapper around a wrapper", () -> new Setup(List.of(), () -> new PrunedLayer.Builder()
                        .layer(new FrozenLayerWithBackprop(new DenseLayer.Builder().nIn(2).nOut(2).build())).build(),
                        IllegalArgumentException.class, List.of("layer (FrozenLayerWithBackprop) is already a wrapper "
                        + "layer", "wrap the prunable layer itself, once"), () -> { })),
                new Case("wrapper excluding a key the layer does not have", () -> new Setup(List.of(),
                        () -> new PrunedLayer.Builder().layer(new Bidirectional(new LSTM.Builder().nIn(2).nOut(2)
                                .build())).excludeParams("RW").build(), IllegalArgumentException.class,
                        List.of("excludedParams (RW) is not a prunable parameter of Bidirectional",
                                "its prunable parameters are [fW, fRW, bW, bRW]"), () -> { })),
                new Case("listener bound to another network", () -> {
                    MultiLayerNetwork a = TestNets.mlp(1, 4);
                    MultiLayerNetwork b = TestNets.wrappedMlp(1, LayerPruning.DEFAULTS, 4);
                    PruningListener l = new PruningListener(constant().build());
                    l.bind(a);
                    return new Setup(List.of(a, b), () -> l.bind(b), IllegalStateException.class,
                            List.of("this PruningListener is bound to another network",
                                    "create one PruningListener per network"), () -> { });
                }),
                new Case("model that is no network", () -> new Setup(List.of(), () -> new PruningListener(
                        constant().build()).bind(null), IllegalArgumentException.class, List.of("model (null) must be "
                        + "a org.deeplearning4j.nn.multilayer.MultiLayerNetwork or a "
                        + "org.deeplearning4j.nn.graph.ComputationGraph"), () -> { })));
    }

    /** Whether each wrapped layer of the networks currently lets a listener mask for it. */
    private static List<Boolean> delegation(List<Model> models) {
        List<Boolean> out = new ArrayList<>();
        for (Model m : models) {
            Layer[] layers = m instanceof MultiLayerNetwork n ? n.getLayers() : ((ComputationGraph) m).getLayers();
            for (Layer l : layers) {
                if (l instanceof PrunedLayerImpl w) {
                    out.add(w.isDelegated());
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedNamingTheValueAndWhatIsAllowedAndChangesNothing(Case c) {
        Setup s = c.setup().get();
        Hostile.Snapshot before = Hostile.snapshot(s.models(), List.of());
        List<Boolean> delegatedBefore = delegation(s.models());
        Hostile.assertRefused(s.type(), s.action(), before, s.words().toArray(String[]::new));
        assertEquals(delegatedBefore, delegation(s.models()), "a refused call handed wrappers to an engine");
        s.after().run();
    }

    @Test
    void thereAreAtLeastTwelveCases() {
        assertTrue(cases().count() >= 12, "the hostile-input suite asks for at least 12 cases here");
    }

    /** A network with a wrapped layer, prepared, then refused by {@code refuse}; its wrappers must stay alone. */
    private static void assertWrappersUntouchedAfter(java.util.function.Consumer<MultiLayerNetwork> prepare,
            Function<MultiLayerNetwork, Executable> refuse, String... words) {
        MultiLayerNetwork net = TestNets.wrappedMlp(1, LayerPruning.DEFAULTS, 4);
        prepare.accept(net);
        Hostile.Snapshot before = Hostile.snapshot(List.of(net), List.of());
        Hostile.assertRefused(IllegalArgumentException.class, refuse.apply(net), before, words);
        assertFalse(((PrunedLayerImpl) net.getLayer(0)).isDelegated(), "a refused call handed the wrapper to an "
                + "engine nobody holds: it stops masking forward passes and gradients until it notices");
    }

    @Test
    void aBindRefusedForANegativeL1StrengthLeavesTheWrappersAlone() {
        // negative at epoch 2 only: PruningConfig samples epochs 0, 1, 10 and 100, the engine reads the network's
        PruningConfig config = constant().l1(new MapSchedule(ScheduleType.EPOCH, Map.of(0, 1e-4, 2, -1.0, 3, 1e-4)))
                .build();
        assertWrappersUntouchedAfter(net -> net.getLayerWiseConfigurations().setEpochCount(2),
                net -> () -> new PruningListener(config).bind(net), "l1 (at epoch 2) (-1.0)");
    }

    @Test
    void pruningANetworkWithNanWeightsLeavesItsWrappersAlone() {
        assertWrappersUntouchedAfter(net -> net.getLayer(0).getParam("W").putScalar(0, Float.NaN),
                net -> () -> Pruning.prune(net, 0.5), "parameter layer0_W (layer 0, DenseLayer) holds 1 NaN or "
                        + "infinite values");
    }

    @Test
    void aWrappedLossLayerIsRefusedBeforeAnyNetworkExists() {
        // the refusal comes from the builder: no MultiLayerNetwork with a weightless wrapped output can be made
        Hostile.assertRefused(IllegalArgumentException.class, () -> new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(2).build())
                .layer(new PrunedLayer.Builder().layer(new LossLayer.Builder().lossFunction(
                        LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build()).build()),
                Hostile.snapshot(List.of(), List.of()), "layer (LossLayer) is an output layer without weights");
    }
}
