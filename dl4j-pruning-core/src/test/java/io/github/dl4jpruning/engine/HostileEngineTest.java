package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.Pruning;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.criterion.TaylorCriterion;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.Hostile;
import io.github.dl4jpruning.testing.TestNets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Hostile calls on the engine and the listener: each is refused with the exception type and a message that names the
 * value and what is allowed, and the networks (parameters and updater state) are bit-identical afterwards.
 */
class HostileEngineTest {

    /** A hostile call: the network it targets, the listener set up on it, the call, and what the refusal says. */
    private record Case(String name, Class<? extends Throwable> type, Setup setup, Call call, String... words) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    private interface Setup {
        PruningListener on(MultiLayerNetwork net);
    }

    @FunctionalInterface
    private interface Call {
        void run(MultiLayerNetwork net, PruningListener l) throws Throwable;
    }

    private static PruningConfig constant() {
        return PruningConfig.builder().schedule(new ConstantSchedule()).build();
    }

    private static Setup bound(PruningConfig c) {
        return net -> {
            PruningListener l = new PruningListener(c);
            l.bind(net);
            return l;
        };
    }

    private static Setup unbound(PruningConfig c) {
        return net -> new PruningListener(c);
    }

    static Stream<Arguments> cases() {
        Class<IllegalArgumentException> arg = IllegalArgumentException.class;
        Class<IllegalStateException> state = IllegalStateException.class;
        PruningConfig taylor = PruningConfig.builder().schedule(new ConstantSchedule()).criterion(new TaylorCriterion())
                .build();
        return Stream.of(
                new Case("density NaN", arg, bound(constant()), (n, l) -> l.prune(n, Double.NaN),
                        "targetDensity (NaN)", "(0, 1]"),
                new Case("density 0", arg, bound(constant()), (n, l) -> l.prune(n, 0.0),
                        "targetDensity (0.0)", "(0, 1]"),
                new Case("density 1.5", arg, bound(constant()), (n, l) -> l.prune(n, 1.5),
                        "targetDensity (1.5)", "(0, 1]"),
                new Case("density -0.2", arg, bound(constant()), (n, l) -> l.prune(n, -0.2),
                        "targetDensity (-0.2)", "(0, 1]"),
                new Case("pruneAtInitialization density 2", arg, bound(taylor),
                        (n, l) -> l.pruneAtInitialization(n, TestNets.data().trainIterator(32, 1), 1, 2.0),
                        "targetDensity (2.0)", "(0, 1]"),
                new Case("collect 0 batches", arg, bound(taylor),
                        (n, l) -> l.collectGradients(n, TestNets.data().trainIterator(32, 1), 0), "batches (0)", ">= 1"),
                new Case("collect from an empty iterator", arg, bound(taylor),
                        (n, l) -> l.collectGradients(n, exhausted(), 2),
                        "data has no minibatch left", "fresh iterator"),
                new Case("collect without a gradient criterion", state, bound(constant()),
                        (n, l) -> l.collectGradients(n, TestNets.data().trainIterator(32, 1), 1),
                        "does not use gradients", "TaylorCriterion"),
                new Case("checkpoint before bind", state, unbound(constant()), (n, l) -> l.checkpoint(),
                        "has not seen a network yet", "bind(model)"),
                new Case("masking listener before bind", state, unbound(constant()), (n, l) -> l.maskingListener(),
                        "has not seen a network yet", "bind(model)"),
                new Case("prune another network", state, bound(constant()), (n, l) -> l.prune(TestNets.mlp(2, 16), 0.5),
                        "bound to another network", "one PruningListener per network"),
                new Case("restore a mask of another length", arg, bound(constant()), (n, l) -> l.restore(n,
                        new PruningCheckpoint(constant(), l.state().orElseThrow().params(), Nd4j.ones(7), 0, 1.0,
                                List.of(), Optional.empty(), 0, Optional.empty())),
                        "mask length (7)", "must equal the network's parameter count"),
                new Case("restore gradients without a gradient criterion", arg, bound(constant()), (n, l) -> l.restore(n,
                        new PruningCheckpoint(constant(), l.state().orElseThrow().params(), Nd4j.ones(n.numParams()),
                                0, 1.0, List.of(), Optional.of(Nd4j.ones(n.numParams())), 1, Optional.empty())),
                        "gradient accumulator length", "the criterion must use gradients"),
                new Case("restore rewind weights of another length", arg, bound(constant()), (n, l) -> l.restore(n,
                        new PruningCheckpoint(constant(), l.state().orElseThrow().params(), Nd4j.ones(n.numParams()),
                                0, 1.0, List.of(), Optional.empty(), 0, Optional.of(Nd4j.ones(3)))),
                        "rewind weights length (3)", "must equal the network's parameter count"),
                new Case("ablation data null", arg, bound(constant()), (n, l) -> l.ablationData(null),
                        "heldOut must not be null"),
                new Case("N:M target below n/m", arg, bound(PruningConfig.builder().schedule(new ConstantSchedule())
                        .nm(2, 4).build()), (n, l) -> l.prune(n, 0.25), "targetDensity (0.25)", "must be n/m (0.5)"),
                new Case("NaN weight", arg, net -> {
                    PruningListener l = bound(constant()).on(net);
                    net.getParam("1_W").putScalar(0, Double.NaN);
                    return l;
                }, (n, l) -> l.prune(n, 0.5), "parameter layer1_W", "NaN or infinite"),
                new Case("half precision", arg, net -> new PruningListener(constant()),
                        (n, l) -> Pruning.attach(n.convertDataType(DataType.HALF), constant()),
                        "parameters data type (HALF)", "must be FLOAT or DOUBLE"),
                new Case("uninitialised network", state, net -> new PruningListener(constant()),
                        (n, l) -> l.bind(new MultiLayerNetwork(n.getLayerWiseConfigurations().clone())),
                        "has no parameters yet", "call init()"),
                new Case("units beside per-layer settings", arg, unbound(PruningConfig.builder()
                        .schedule(new ConstantSchedule()).granularity(Granularity.NEURON).layer("layer1",
                                io.github.dl4jpruning.nn.conf.LayerPruning.builder().targetDensity(0.5).build())
                        .build()), (n, l) -> l.bind(n), "per-layer settings ([layer1_W])",
                        "apply to unstructured pruning only"),
                new Case("blocks beside per-layer settings", arg, unbound(PruningConfig.builder()
                        .schedule(new ConstantSchedule()).blocks(2).layer("layer1",
                                io.github.dl4jpruning.nn.conf.LayerPruning.builder().targetDensity(0.5).build())
                        .build()), (n, l) -> l.bind(n), "per-layer settings ([layer1_W])",
                        "apply to unstructured pruning only"),
                new Case("N:M beside a layer's own criterion", arg, unbound(PruningConfig.builder()
                        .schedule(new ConstantSchedule()).nm(2, 4).layer("layer0",
                                io.github.dl4jpruning.nn.conf.LayerPruning.builder().criterion(new TaylorCriterion())
                                        .build()).build()), (n, l) -> l.bind(n), "per-layer settings ([layer0_W])",
                        "apply to unstructured pruning only"),
                new Case("a network without parameters", arg, net -> new PruningListener(constant()),
                        (n, l) -> l.bind(parameterless()), "has 0 parameters", "nothing to prune"),
                new Case("units on a network without hidden layers", arg, unbound(PruningConfig.builder()
                        .schedule(new ConstantSchedule()).granularity(Granularity.NEURON).build()),
                        (n, l) -> l.bind(noHidden()), "granularity (NEURON)", "no hidden Dense layer")
        ).map(c -> Arguments.of(c));
    }

    private static DataSetIterator exhausted() {
        DataSetIterator it = TestNets.data().trainIterator(500, 1);
        while (it.hasNext()) {
            it.next();
        }
        return it;
    }

    private static MultiLayerNetwork parameterless() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .list().layer(new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder()
                        .activation(Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.LossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .build()).build());
        net.init();
        return net;
    }

    private static MultiLayerNetwork noHidden() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).list().layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(4).nOut(3).activation(Activation.SOFTMAX).build()).build());
        net.init();
        return net;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAndChangesNothing(Case c) {
        MultiLayerNetwork net = TestNets.mlp(7, 16);
        net.fit(TestNets.data().trainIterator(64, 1).next());       // an updater state that must not change either
        PruningListener l = c.setup().on(net);
        Hostile.Snapshot before = Hostile.snapshot(List.of(net), List.of());
        int rounds = l.state().map(s -> s.roundsCompleted()).orElse(-1);
        Executable action = () -> c.call().run(net, l);
        Hostile.assertRefused(c.type(), action, before, c.words());
        org.junit.jupiter.api.Assertions.assertEquals(rounds, l.state().map(s -> s.roundsCompleted()).orElse(-1),
                "no round recorded");
    }
}
