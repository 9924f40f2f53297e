package io.github.dl4jpruning.structured;

import static io.github.dl4jpruning.testing.TestNets.fit;
import static io.github.dl4jpruning.testing.TestNets.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.graph.RecurrentNets;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.report.UnitStats;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Neuron pruning of recurrent hidden units (LSTM, SimpleRnn, an LSTM inside LastTimeStep) and thinning: the removed
 * units are exactly zero at every time step, the thinned network computes what the masked one does and has the
 * predicted size, both train on, and the listener keeps the removed weights at zero.
 */
class RecurrentThinningTest {

    private static final int MB = 5;
    private static final int T = 7;

    /** One recurrent case: the network, its parameter count after halving, its recurrent layers' names. */
    private record Case(String name, Supplier<Model> net, long thinParams, boolean sequenceLabels,
            List<String> recurrent) {
    }

    static Stream<Arguments> cases() {
        return Stream.of(new Case("LSTM -> LSTM -> RnnOutputLayer", () -> RecurrentNets.lstmStack(Activation.TANH),
                        // LSTM 8 -> 8: 8*32 + 8*32 + 32; LSTM 8 -> 6: 8*24 + 6*24 + 24; RnnOutputLayer 6*3 + 3
                        544 + 360 + 21, true, List.of("layer0", "layer1")),
                new Case("PrunedLayer(LSTM) -> LSTM -> RnnOutputLayer", RecurrentNets::wrappedLstmStack,
                        544 + 360 + 21, true, List.of("layer0", "layer1")),
                new Case("SimpleRnn -> Dense -> RnnOutputLayer", RecurrentNets::simpleRnn,
                        // SimpleRnn 8 -> 5: 40 + 25 + 5; Dense 5 -> 3: 15 + 3; RnnOutputLayer 3*3 + 3
                        70 + 18 + 12, true, List.of("layer0")),
                new Case("graph LSTM -> LastTimeStep(LSTM) -> Dense -> OutputLayer", RecurrentNets::lastTimeStep,
                        // a 8 -> 5: 8*20 + 5*20 + 20; b 5 -> 3: 5*12 + 3*12 + 12; d 3 -> 2: 6 + 2; out 2*3 + 3
                        280 + 108 + 8 + 9, false, List.of("a", "b")))
                .map(Arguments::of);
    }

    private static DataSet batch(boolean sequenceLabels) {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, MB, 8, T).subi(0.5).muli(4);
        INDArray y = Nd4j.zeros(DataType.FLOAT, sequenceLabels ? new long[] {MB, 3, T} : new long[] {MB, 3});
        for (int i = 0; i < MB; i++) {
            if (sequenceLabels) {
                for (int t = 0; t < T; t++) {
                    y.putScalar(new long[] {i, (i + t) % 3, t}, 1f);
                }
            } else {
                y.putScalar(new long[] {i, i % 3}, 1f);
            }
        }
        return new DataSet(x, y);
    }



    /** Activations by layer name. */
    private static Map<String, INDArray> activations(Model m, INDArray x) {
        if (m instanceof ComputationGraph g) {
            return g.feedForward(x, false);
        }
        MultiLayerNetwork n = (MultiLayerNetwork) m;
        List<INDArray> acts = n.feedForward(x, false);
        Map<String, INDArray> out = new java.util.HashMap<>();
        for (int i = 0; i < n.getnLayers(); i++) {
            out.put(n.getLayer(i).conf().getLayer().getLayerName(), acts.get(i + 1));
        }
        return out;
    }

    private static org.deeplearning4j.nn.api.Layer layer(Model m, String name) {
        return m instanceof MultiLayerNetwork n ? n.getLayer(name) : ((ComputationGraph) m).getLayer(name);
    }

    /** Units whose input weights (every gate block) are all exactly zero. */
    private static boolean[] removed(Model m, String name) {
        INDArray w = layer(m, name).getParam("W");
        long n = layer(m, name).getParam("RW").size(0);
        INDArray colSums = Nd4j.math().abs(w).sum(0).reshape(w.size(1) / n, n).sum(0);
        boolean[] out = new boolean[(int) n];
        for (int u = 0; u < n; u++) {
            out[u] = colSums.getDouble(u) == 0.0;
        }
        return out;
    }

    private static long zeros(INDArray flat) {
        return flat.length() - flat.neq(0.0).castTo(DataType.INT64).sumNumber().longValue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void removedRecurrentUnitsAreExactlyZeroAndThinningKeepsTheOutputs(Case c) {
        Model net = c.net().get();
        DataSet d = batch(c.sequenceLabels());
        fit(net, d);                                    // Adam state exists, every weight and bias moved off zero
        assertEquals(0, zeros(net.params()), c.name());
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .granularity(Granularity.NEURON).scope(Scope.LOCAL).build());
        PruningReport report = l.prune(net, 0.5);
        for (UnitStats u : report.units()) {
            assertEquals(Math.round(0.5 * u.totalUnits()), u.keptUnits(), c.name() + ": " + u);
        }
        assertTrue(report.units().stream().map(UnitStats::layerName).toList().containsAll(c.recurrent()),
                report.units().toString());

        INDArray x = d.getFeatures();
        Map<String, INDArray> acts = activations(net, x);
        for (String r : c.recurrent()) {
            boolean[] gone = removed(net, r);
            INDArray h = acts.get(r);
            int dead = 0;
            for (int u = 0; u < gone.length; u++) {
                INDArray unit = h.get(NDArrayIndex.all(), NDArrayIndex.point(u));
                double max = Nd4j.math().abs(unit).maxNumber().doubleValue();
                if (gone[u]) {
                    dead++;
                    assertEquals(0.0, max, 0.0, c.name() + ": removed unit " + u + " of " + r + " at every step");
                } else {
                    assertTrue(max > 0, c.name() + ": kept unit " + u + " of " + r + " is active");
                }
            }
            assertEquals(gone.length / 2, dead, c.name() + ": " + r);
        }

        Model thin = Thinning.thin(net);
        assertEquals(c.thinParams(), thin.numParams(), c.name());
        assertEquals(net.numParams() - c.thinParams(), zeros(net.params()),
                c.name() + ": every masked weight and bias is a position thinning removes");
        for (String r : c.recurrent()) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layer(thin, r).conf().getLayer();
            FeedForwardLayer f = (FeedForwardLayer) (conf instanceof LastTimeStep t ? t.getUnderlying() : conf);
            assertEquals(removed(net, r).length / 2, f.getNOut(), c.name() + ": nOut of " + r);
        }
        double diff = output(net, x).sub(output(thin, x)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5, c.name() + ": thinned vs masked max abs diff " + diff);

        Function<Model, INDArray> out = m -> output(m, x);
        INDArray zerosBefore = net.params().eq(0.0);
        net.addListeners(l);
        fit(net, d);
        fit(thin, d);
        double after = out.apply(net).sub(out.apply(thin)).amaxNumber().doubleValue();
        assertTrue(after <= 1e-4, c.name() + ": after one more step on both, max abs diff " + after);
        fit(net, d);
        fit(net, d);
        INDArray stillZero = net.params().eq(0.0);
        assertEquals(zerosBefore.castTo(DataType.INT64).sumNumber().longValue(),
                zerosBefore.castTo(DataType.INT64).mul(stillZero.castTo(DataType.INT64)).sumNumber().longValue(),
                c.name() + ": every removed weight and bias stays exactly zero after three steps");
    }

    @Test
    void layersThatAreNotFollowedKeepTheirSizesWhenTheRestIsThinned() {
        MultiLayerNetwork bi = RecurrentNets.bidirectional();
        DataSet d = batch(true);
        bi.fit(d);
        new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).granularity(Granularity.NEURON)
                .scope(Scope.LOCAL).build()).prune(bi, 0.5);
        MultiLayerNetwork thin = Thinning.thin(bi);
        assertEquals(2, ((FeedForwardLayer) thin.getLayer(1).conf().getLayer()).getNOut(), "the LSTM after it");
        assertEquals(10, ((FeedForwardLayer) thin.getLayer(1).conf().getLayer()).getNIn(), "reads both directions");
        double diff = bi.output(d.getFeatures()).sub(thin.output(d.getFeatures())).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5, "thinned vs masked max abs diff " + diff);
        MultiLayerNetwork graves = RecurrentNets.graves();
        MultiLayerNetwork copy = Thinning.thin(graves);
        assertEquals(graves.params(), copy.params(), "nothing to remove: a plain copy");
        assertEquals(6, ((FeedForwardLayer) copy.getLayer(0).conf().getLayer()).getNOut());
    }

    @Test
    void neuronPruningOfANetworkWhoseOnlyRecurrentLayerIsAGravesLstmNamesIt() {
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .granularity(Granularity.NEURON).scope(Scope.LOCAL).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.prune(RecurrentNets.graves(), 0.5));
        assertTrue(e.getMessage().contains("layer \"layer0\" (GravesLSTM) has peephole connections"), e.getMessage());
    }
}
