package io.github.dl4jpruning.persist;

import static io.github.dl4jpruning.testing.TestNets.output;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.criterion.RandomCriterion;
import io.github.dl4jpruning.criterion.TaylorCriterion;
import io.github.dl4jpruning.engine.PruningCheckpoint;
import io.github.dl4jpruning.internal.Json;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.MaskUpdater;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.report.LayerStats;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.schedule.Rewind;
import io.github.dl4jpruning.testing.TestNets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class PrunedModelsTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> models() {
        return Stream.of(Arguments.of("MultiLayerNetwork", (Model) TestNets.mlp(3, 32, 16)),
                Arguments.of("ComputationGraph", (Model) TestNets.graph(3, 32)));
    }

    /** Two IMP rounds (0.5, 0.25) on the fixture. */
    private static PruningListener pruned(Model m) {
        PruningListener l = new PruningListener(PruningConfig.builder()
                .schedule(new IterativeSchedule(1, 0.5, 1, 0.1)).build());
        if (m instanceof MultiLayerNetwork mln) {
            mln.addListeners(l);
            mln.fit(TestNets.data().trainIterator(100, 3), 3);
        } else {
            ((ComputationGraph) m).addListeners(l);
            ((ComputationGraph) m).fit(TestNets.data().trainIterator(100, 3), 3);
        }
        return l;
    }


    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void roundTripRestoresOutputsMasksAndSchedulePosition(String kind, Model model) throws IOException {
        PruningListener l = pruned(model);
        Path file = tmp.resolve("pruned.zip");
        PrunedModels.save(model, l, file);
        PrunedModels.Loaded loaded = PrunedModels.load(file);
        INDArray x = TestNets.data().testSet().getFeatures();
        assertEquals(output(model, x), output(loaded.model(), x), "identical outputs");
        MaskState a = l.state().orElseThrow();
        MaskState b = loaded.listener().state().orElseThrow();
        assertEquals(a.mask(), b.mask(), "identical masks");
        assertEquals(2, b.roundsCompleted());
        assertEquals(0.25, b.currentDensity(), 0.0);
        assertEquals(a.history(), b.history());
        assertEquals(l.config(), loaded.listener().config());
        assertTrue(loaded.model() instanceof MultiLayerNetwork mln ? mln.getListeners().contains(loaded.listener())
                : ((ComputationGraph) loaded.model()).getListeners().contains(loaded.listener()));
        // resumed training continues the schedule (round 3 = 0.125) and keeps every pruned weight at 0.0
        if (loaded.model() instanceof MultiLayerNetwork mln) {
            mln.fit(TestNets.data().trainIterator(100, 3), 1);
        } else {
            ((ComputationGraph) loaded.model()).fit(TestNets.data().trainIterator(100, 3), 1);
        }
        assertEquals(3, b.roundsCompleted());
        assertEquals(0.125, b.currentDensity(), 0.0);
        for (PrunableParam p : b.params()) {
            assertEquals(0, TestNets.revivedCount(MaskState.segment(loaded.model().params(), p),
                    MaskState.segment(b.mask(), p)), p.id());
        }
    }

    @Test
    void plainDl4jStillLoadsThePrunedFileWithItsZeros() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(4, 32);
        PruningListener l = pruned(net);
        Path file = tmp.resolve("pruned.zip");
        PrunedModels.save(net, l, file);
        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(file.toFile());
        assertEquals(net.params(), plain.params());
        assertEquals(l.report(net).nonzeroCount(), plain.params().neq(0.0).castTo(
                org.nd4j.linalg.api.buffer.DataType.INT64).sumNumber().longValue() - biasNonzeros(plain));
    }

    private static long biasNonzeros(MultiLayerNetwork net) {
        long n = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            n += net.getParam(i + "_b").neq(0.0).castTo(org.nd4j.linalg.api.buffer.DataType.INT64).sumNumber()
                    .longValue();
        }
        return n;
    }

    @Test
    void aPlainDl4jSaveLoadsWithMasksRebuiltFromZeros() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(5, 32);
        PruningListener l = pruned(net);
        Path file = tmp.resolve("plain.zip");
        ModelSerializer.writeModel(net, file.toFile(), true);
        PrunedModels.Loaded loaded = PrunedModels.load(file);
        MaskState s = loaded.listener().state().orElseThrow();
        assertEquals(0, s.roundsCompleted());
        assertEquals(l.report(net).density(), s.currentDensity(), 1e-12);
        assertEquals(l.state().orElseThrow().mask(), s.mask());
    }

    @Test
    void aFailedSaveLeavesThePreviousFileIntact() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(6, 32);
        PruningListener l = pruned(net);
        Path file = tmp.resolve("model.zip");
        PrunedModels.save(net, l, file);
        byte[] before = Files.readAllBytes(file);
        l.prune(net, 0.1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PrunedModels.save(net, l, file, () -> {
                    throw new IllegalStateException("disk full (injected)");
                }));
        assertEquals("disk full (injected)", e.getMessage());
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(Files.readAllBytes(file)));
        assertEquals(2, PrunedModels.load(file).listener().state().orElseThrow().roundsCompleted());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void corruptedOrTruncatedFilesAreRejected() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(7, 16);
        Path file = tmp.resolve("model.zip");
        PrunedModels.save(net, pruned(net), file);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = tmp.resolve("cut.zip");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(cut));
        assertTrue(e.getMessage().contains("corrupted or truncated"), e.getMessage());
        Path missing = tmp.resolve("missing.zip");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(missing)).getMessage()
                .startsWith("file (" + missing.toAbsolutePath() + ") must be an existing model zip"));
    }

    @Test
    void aMaskOfTheWrongLengthNamesItsEntry() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(8, 16);
        Path file = tmp.resolve("model.zip");
        PrunedModels.save(net, pruned(net), file);
        Path bad = replaceEntry(file, PrunedModels.MASK_ENTRY, Nd4j.toNpyByteArray(Nd4j.ones(10)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(bad));
        assertTrue(e.getMessage().contains("entry " + PrunedModels.MASK_ENTRY + " has 10 values, the network has "
                + net.numParams() + " parameters"), e.getMessage());
    }

    @Test
    void aStateNamingAMissingLayerOrABadDensityNamesItsEntry() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(9, 16);
        Path file = tmp.resolve("model.zip");
        PrunedModels.save(net, pruned(net), file);
        String json = new String(ModelFiles.entry(file, PrunedModels.STATE_ENTRY), StandardCharsets.UTF_8);
        Path ghost = replaceEntry(file, PrunedModels.STATE_ENTRY, json.replace("\"layer1_W\"", "\"layer7_W\"")
                .getBytes(StandardCharsets.UTF_8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(ghost));
        assertTrue(e.getMessage().contains("entry " + PrunedModels.STATE_ENTRY + " names parameter layer7_W, which "
                + "this network does not have"), e.getMessage());
        Path dense = replaceEntry(file, PrunedModels.STATE_ENTRY,
                json.replace("\"currentDensity\" : 0.25", "\"currentDensity\" : 1.5").getBytes(StandardCharsets.UTF_8));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(dense));
        assertTrue(e2.getMessage().contains("entry " + PrunedModels.STATE_ENTRY + ": currentDensity (1.5) must be in "
                + "(0, 1]"), e2.getMessage());
    }

    // ---- defect 1: no Java deserialization; format 1 still loads ----

    /** Nested HashSets whose deserialization takes 2^depth hashCode calls (a classic, about 6 KB at depth 100). */
    private static Set<Object> nestedHashSets(int depth) {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < depth; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("foo");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        return root;
    }

    /** One magnitude round at 0.5, no training. */
    private static PruningListener prunedOnce(Model m) {
        PruningListener l = new PruningListener(PruningConfig.builder()
                .schedule(new IterativeSchedule(1, 0.5, 1, 0.1)).build());
        l.bind(m);
        l.prune(m, 0.5);
        return l;
    }

    @Test
    void aSerializedObjectInAPruningEntryIsRefusedFastWithoutDeserializingIt() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(10, 16);
        PruningListener l = prunedOnce(net);
        Path file = tmp.resolve("bomb.zip");
        ModelSerializer.writeModel(net, file.toFile(), true);
        ModelSerializer.addObjectToFile(file.toFile(), ModelFiles.V1_STATE, nestedHashSets(100));
        ModelSerializer.addObjectToFile(file.toFile(), ModelFiles.V1_MASK, Nd4j.toNpyByteArray(l.checkpoint().mask()));
        assertTrue(Files.size(file) < 200_000);
        byte[] before = Files.readAllBytes(file);
        IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(file)));
        assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + ": entry objects/dl4jpruning_state"), e.getMessage());
        assertTrue(e.getMessage().contains("a serialized object of class java.util.HashSet"), e.getMessage());
        assertTrue(e.getMessage().contains("refused without deserializing it"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aSerializedObjectInPlaceOfTheFormat1MaskBytesIsRefused() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(10, 16);
        PruningListener l = prunedOnce(net);
        Path file = tmp.resolve("object-mask.zip");
        ModelSerializer.writeModel(net, file.toFile(), true);
        ModelSerializer.addObjectToFile(file.toFile(), ModelFiles.V1_STATE, ModelFiles.stateJson(l.checkpoint(), 1));
        ModelSerializer.addObjectToFile(file.toFile(), ModelFiles.V1_MASK, new java.util.ArrayList<>(List.of(1, 2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(file));
        assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + ": entry objects/dl4jpruning_mask must hold "
                + "exactly a byte[] serialized by format 1, found a serialized object of class java.util.ArrayList"),
                e.getMessage());
    }

    @Test
    void saveWritesRawEntriesWithoutJavaSerialization() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(11, 16);
        PruningListener l = prunedOnce(net);
        Path file = tmp.resolve("raw.zip");
        PrunedModels.save(net, l, file);
        assertEquals(2, SavedState.FORMAT);
        List<String> names = ModelFiles.names(file);
        assertTrue(names.stream().noneMatch(n -> n.startsWith("objects/")), names.toString());
        assertTrue(names.containsAll(List.of("configuration.json", "coefficients.bin", "updaterState.bin",
                PrunedModels.STATE_ENTRY, PrunedModels.MASK_ENTRY)), names.toString());
        String json = new String(ModelFiles.entry(file, PrunedModels.STATE_ENTRY), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{") && json.contains("\"format\" : 2"), json);
        byte[] mask = ModelFiles.entry(file, PrunedModels.MASK_ENTRY);
        assertEquals("NUMPY", new String(mask, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(l.checkpoint().mask(), Nd4j.createNpyFromByteArray(mask));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void aFormat1FileWrittenByTheEarlierSaveStillLoadsWithIdenticalMasks(String kind, Model model) throws IOException {
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new IterativeSchedule(1, 0.5, 1, 0.1))
                .criterion(new TaylorCriterion()).rewind(Rewind.toInitialization()).build());
        TestNets.attach(model, l);
        for (int epoch = 0; epoch < 3; epoch++) {
            TestNets.fitEpoch(model, TestNets.data().trainIterator(100, 3));
        }
        PruningCheckpoint c = l.checkpoint();
        assertEquals(2, c.roundsCompleted());
        Path file = tmp.resolve("format1.zip");
        ModelFiles.writeFormat1(model, file, ModelFiles.stateJson(c, 1), c.mask(), c.gradients().orElseThrow(),
                c.rewindWeights().orElseThrow());
        assertTrue(ModelFiles.names(file).contains("objects/dl4jpruning_state"));
        PrunedModels.Loaded loaded = PrunedModels.load(file);
        PruningCheckpoint b = loaded.listener().checkpoint();
        assertEquals(c.mask(), b.mask(), "identical masks");
        assertEquals(c.roundsCompleted(), b.roundsCompleted());
        assertEquals(c.currentDensity(), b.currentDensity(), 0.0);
        assertEquals(c.history(), b.history());
        assertEquals(c.gradientBatches(), b.gradientBatches());
        assertEquals(c.gradients().orElseThrow(), b.gradients().orElseThrow());
        assertEquals(c.rewindWeights().orElseThrow(), b.rewindWeights().orElseThrow());
        INDArray x = TestNets.data().testSet().getFeatures();
        assertEquals(output(model, x), output(loaded.model(), x));
        // saving again writes format 2, which loads to the same state
        Path again = tmp.resolve("format2.zip");
        PrunedModels.save(loaded.model(), loaded.listener(), again);
        assertEquals(c.mask(), PrunedModels.load(again).listener().checkpoint().mask());
    }

    @Test
    void dl4jEntriesThatDl4jWouldDeserializeAreRefused() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(12, 16);
        Path file = tmp.resolve("model.zip");
        PrunedModels.save(net, prunedOnce(net), file);
        Path pre = tmp.resolve("preprocessor.zip");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(nestedHashSets(100));
        }
        ModelFiles.edit(file, pre, java.util.Map.of("preprocessor.bin", bytes.toByteArray()));
        IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(pre)));
        assertTrue(e.getMessage().startsWith(pre.toAbsolutePath() + ": entry preprocessor.bin must not be present"),
                e.getMessage());
    }

    // ---- defect 2: the state must agree with the mask, the layout and itself ----

    private static long biasOffset(PruningCheckpoint c) {
        PrunableParam first = c.params().get(0);
        long gap = first.offset() + first.length();
        assertTrue(c.params().get(1).offset() > gap, "a bias lies between the first two prunable parameters");
        return gap;
    }

    @ParameterizedTest(name = "format {0}")
    @ValueSource(ints = {1, 2})
    void aMaskZeroAtABiasIsRefused(int format) throws IOException {
        MultiLayerNetwork net = TestNets.mlp(13, 16);
        PruningCheckpoint c = prunedOnce(net).checkpoint();
        INDArray mask = c.mask().dup();
        long bias = biasOffset(c);
        mask.putScalar(bias + 3, 0.0);
        Path file = tmp.resolve("bias" + format + ".zip");
        ModelFiles.write(format, net, file, ModelFiles.stateJson(c, format), mask);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(file));
        String entry = format == 1 ? "objects/dl4jpruning_mask" : PrunedModels.MASK_ENTRY;
        assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + ": entry " + entry + " holds 1 zeros at offsets ["
                + bias + ", " + c.params().get(1).offset() + "), which belong to no prunable parameter"), e.getMessage());
    }

    @ParameterizedTest(name = "format {0}")
    @ValueSource(ints = {1, 2})
    void aDensityOrHistoryThatContradictsTheMaskIsRefused(int format) throws IOException {
        MultiLayerNetwork net = TestNets.mlp(14, 16);
        PruningListener l = prunedOnce(net);
        l.prune(net, 0.25);
        PruningCheckpoint c = l.checkpoint();
        String entry = format == 1 ? "objects/dl4jpruning_state" : PrunedModels.STATE_ENTRY;
        String maskEntry = format == 1 ? "objects/dl4jpruning_mask" : PrunedModels.MASK_ENTRY;
        // rounds 0: the density is measured from the mask, here 0.25 of the weights are kept, not 1.0
        assertRefused(format, net, ModelFiles.state(c, format, 0, 1.0, List.of()), c.mask(),
                entry + ": currentDensity (1.0) must equal the mask's kept share of prunable weights");
        // after a round: the density is the last report's target
        assertRefused(format, net, ModelFiles.state(c, format, 2, 0.3, c.history()), c.mask(),
                entry + ": currentDensity (0.3) must equal the targetDensity of the last round in history (0.25)");
        // a mask that keeps fewer weights than the last round counted non-zero
        INDArray fewer = c.mask().dup();
        PrunableParam w0 = c.params().get(0);
        MaskState.segment(fewer, w0).assign(0.0);
        assertRefused(format, net, ModelFiles.state(c, format, 2, 0.25, c.history()), fewer,
                maskEntry + " keeps 0 weights of layer0_W, but round 2 in history counted");
        // history reports over other parameters or with another numbering
        PruningReport last = c.history().get(1);
        List<LayerStats> renamed = new java.util.ArrayList<>(last.layers());
        LayerStats ls = renamed.get(0);
        renamed.set(0, new LayerStats("layer5_W", ls.layerName(), ls.layerIndex(), ls.paramKey(), ls.paramCount(),
                ls.nonzeroCount()));
        PruningReport other = new PruningReport(2, last.epochsCompleted(), last.targetDensity(), last.scope(),
                last.criterion(), last.pruneSeconds(), renamed, last.units());
        assertRefused(format, net, ModelFiles.state(c, format, 2, 0.25, List.of(c.history().get(0), other)), c.mask(),
                entry + ": history[1] (round 2): its layers [layer5_W, layer1_W]");
        assertRefused(format, net, ModelFiles.state(c, format, 2, 0.25, List.of(c.history().get(1),
                c.history().get(0))), c.mask(), entry + ": history[0] (round 2, ");
    }

    @Test
    void statesThatKeepMoreOrFewerWeightsThanTheirDensityLoad() throws IOException {
        // N:M keeps exactly 2 of 4 (the engine refuses any other target)
        MultiLayerNetwork nm = TestNets.mlp(15, 16);
        PruningListener l1 = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).nm(2, 4)
                .build());
        l1.bind(nm);
        l1.prune(nm, 0.5);
        assertEquals(0.5, l1.report(nm).density(), 1e-9);
        Path f1 = tmp.resolve("nm.zip");
        PrunedModels.save(nm, l1, f1);
        assertEquals(l1.checkpoint().mask(), PrunedModels.load(f1).listener().checkpoint().mask());
        // 2x2 blocks, local: every layer keeps whole tiles
        MultiLayerNetwork blocks = TestNets.mlp(24, 16);
        PruningListener lb = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).blocks(2)
                .scope(Scope.LOCAL).build());
        lb.bind(blocks);
        lb.prune(blocks, 0.3);
        Path fb = tmp.resolve("blocks.zip");
        PrunedModels.save(blocks, lb, fb);
        assertEquals(lb.checkpoint().mask(), PrunedModels.load(fb).listener().checkpoint().mask());
        // a layer with its own lower density: kept share below currentDensity
        MultiLayerNetwork own = TestNets.mlp(16, 16);
        PruningListener l2 = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .layer("layer0", LayerPruning.builder().targetDensity(0.05).build()).build());
        l2.bind(own);
        l2.prune(own, 0.5);
        assertTrue(l2.report(own).density() < 0.5);
        Path f2 = tmp.resolve("own.zip");
        PrunedModels.save(own, l2, f2);
        assertEquals(l2.checkpoint().mask(), PrunedModels.load(f2).listener().checkpoint().mask());
        // kept weights that are exactly zero: the mask keeps more than the report counted
        MultiLayerNetwork zero = TestNets.mlp(17, 16);
        PruningListener l3 = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .criterion(new RandomCriterion()).build());
        l3.bind(zero);
        MaskState.segment(zero.params(), l3.checkpoint().params().get(0)).get(NDArrayIndex.interval(0, 1000)).assign(0.0);
        l3.prune(zero, 0.5);
        long keptByMask = MaskUpdater.countNonzero(MaskState.segment(l3.checkpoint().mask(),
                l3.checkpoint().params().get(0)));
        assertTrue(l3.report(zero).layers().get(0).nonzeroCount() < keptByMask);
        Path f3 = tmp.resolve("zero.zip");
        PrunedModels.save(zero, l3, f3);
        assertEquals(l3.checkpoint().mask(), PrunedModels.load(f3).listener().checkpoint().mask());
    }

    /** A small LeNet (as StructuredPruningTest's): conv 8 [BatchNorm] pool conv 12 pool dense 20 out 10. */
    private static MultiLayerNetwork smallLeNet(long seed, boolean batchNorm) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).activation(Activation.RELU).build());
        if (batchNorm) {
            b.layer(new BatchNormalization.Builder().build());
        }
        b.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(12).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(20).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    static Stream<Arguments> unitGranularities() {
        return Stream.of(Arguments.of(Granularity.NEURON, (Model) TestNets.mlp(21, 32, 16)),
                Arguments.of(Granularity.FILTER, (Model) smallLeNet(22, true)),
                Arguments.of(Granularity.CHANNEL, (Model) smallLeNet(23, false)));
    }

    /** Unit granularities mask a removed unit's bias and BatchNormalization parameters too: those zeros load. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("unitGranularities")
    void unitPrunedNetworksSaveAndLoadWithTheZerosTheirUnitsOwn(Granularity g, Model net) throws IOException {
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).granularity(g)
                .scope(Scope.LOCAL).build());
        l.bind(net);
        l.prune(net, 0.5);
        PruningCheckpoint c = l.checkpoint();
        long outside = MaskUpdater.countNonzero(c.mask().eq(0.0)) - c.params().stream()
                .mapToLong(p -> MaskUpdater.countNonzero(MaskState.segment(c.mask(), p).eq(0.0))).sum();
        assertTrue(outside > 0, "removed units have masked biases: " + outside);
        Path file = tmp.resolve(g + ".zip");
        PrunedModels.save(net, l, file);
        PrunedModels.Loaded loaded = PrunedModels.load(file);
        assertEquals(c.mask(), loaded.listener().checkpoint().mask());
        INDArray x = TestNets.data().testSet().getFeatures();
        assertEquals(output(net, x), output(loaded.model(), x));
        // a zero at the bias of a unit that is kept is refused
        long bias = 0;
        for (var p : ((MultiLayerNetwork) net).paramTable().entrySet()) {
            if (p.getKey().equals("0_b")) {
                break;
            }
            bias += p.getValue().length();
        }
        INDArray mask = c.mask().dup();
        long unit = 0;
        while (mask.getDouble(bias + unit) == 0.0) {
            unit++;
        }
        mask.putScalar(bias + unit, 0.0);
        Path bad = tmp.resolve(g + "-bad.zip");
        ModelFiles.writeFormat2(net, bad, ModelFiles.stateJson(c, 2), mask);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(bad));
        assertTrue(e.getMessage().startsWith(bad.toAbsolutePath() + ": entry " + PrunedModels.MASK_ENTRY + " holds 1 "
                + "zeros at offsets"), e.getMessage());
    }

    private void assertRefused(int format, Model net, SavedState state, INDArray mask, String words)
            throws IOException {
        Path file = Files.createTempFile(tmp, "state", ".zip");
        Files.delete(file);
        ModelFiles.write(format, net, file, Json.write(state), mask);
        byte[] before = Files.readAllBytes(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(file));
        assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + ": entry "), e.getMessage());
        assertTrue(e.getMessage().contains(words), "expected \"" + words + "\" in: " + e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void saveRefusesAStateThatALoadWouldRefuseAndLeavesTheFileAlone() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(18, 16);
        PruningListener l = prunedOnce(net);
        Path file = tmp.resolve("model.zip");
        PrunedModels.save(net, l, file);
        byte[] before = Files.readAllBytes(file);
        PruningCheckpoint c = l.checkpoint();
        INDArray mask = c.mask().dup();
        mask.putScalar(biasOffset(c), 0.0);      // a checkpoint installed by hand, zero at a bias
        l.restore(net, new PruningCheckpoint(c.config(), c.params(), mask, c.roundsCompleted(), c.currentDensity(),
                c.history(), c.gradients(), c.gradientBatches(), c.rewindWeights()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PrunedModels.save(net, l, file));
        assertTrue(e.getMessage().contains(file.toAbsolutePath() + ": entry " + PrunedModels.MASK_ENTRY + " holds 1 zeros"),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    // ---- defect 3: the network kind is read from configuration.json by content ----

    @Test
    void aMultiLayerNetworkWithALayerNamedVerticesSavesAndLoads() throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(19)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().name("vertices").nIn(784).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nIn(16).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        PruningListener l = prunedOnce(net);
        Path file = tmp.resolve("vertices.zip");
        PrunedModels.save(net, l, file);
        PrunedModels.Loaded loaded = PrunedModels.load(file);
        assertTrue(loaded.model() instanceof MultiLayerNetwork);
        INDArray x = TestNets.data().testSet().getFeatures();
        assertEquals(net.output(x), output(loaded.model(), x));
        assertEquals(l.checkpoint().mask(), loaded.listener().checkpoint().mask());
    }

    // ---- defect 5: every damaged file names itself, its entry and the problem ----

    @Test
    void flippedBytesTruncatedZipsAndBadStateListsNameTheFileAndTheEntry() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(20, 16);
        PruningListener l = prunedOnce(net);
        Path file = tmp.resolve("model.zip");
        PrunedModels.save(net, l, file);
        byte[] bytes = Files.readAllBytes(file);
        for (int at : new int[] {bytes.length / 3, bytes.length / 2, bytes.length - 30, bytes.length - 100}) {
            byte[] flipped = bytes.clone();
            flipped[at] ^= 0x5A;
            Path f = tmp.resolve("flipped" + at + ".zip");
            Files.write(f, flipped);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(f),
                    "byte " + at + " of " + bytes.length);
            assertTrue(e.getMessage().startsWith(f.toAbsolutePath() + ": "), e.getMessage());
        }
        for (int length : new int[] {bytes.length - 1, bytes.length - 22, bytes.length / 2, 100, 4}) {
            Path f = tmp.resolve("cut" + length + ".zip");
            Files.write(f, java.util.Arrays.copyOf(bytes, length));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(f));
            assertTrue(e.getMessage().startsWith(f.toAbsolutePath() + ": "), e.getMessage());
        }
        String json = new String(ModelFiles.entry(file, PrunedModels.STATE_ENTRY), StandardCharsets.UTF_8);
        java.util.Map<String, String> edits = new java.util.LinkedHashMap<>();
        edits.put("\"params\" : [ \"layer0_W\", \"layer1_W\" ]", "\"params\" : null");
        edits.put("\"offsets\" : [ 0, 12560 ]", "\"offsets\" : [ 0 ]");
        edits.put("\"lengths\" : [ 12544, 160 ]", "\"lengths\" : [ 12544, null ]");
        edits.put("\"history\" : [", "\"history\" : null, \"x\" : [");
        for (var edit : edits.entrySet()) {
            assertTrue(json.contains(edit.getKey()), edit.getKey() + " in " + json);
            Path f = replaceEntry(file, PrunedModels.STATE_ENTRY, json.replace(edit.getKey(), edit.getValue())
                    .getBytes(StandardCharsets.UTF_8));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(f));
            assertTrue(e.getMessage().startsWith(f.toAbsolutePath() + ": entry " + PrunedModels.STATE_ENTRY), e.getMessage());
        }
    }

    /**
     * Copies the zip with entry {@code name} replaced by {@code value}. (Format 1 replaced a Java-serialized object entry
     * with ModelSerializer.addObjectToFile; format 2's entries are raw bytes.)
     */
    private Path replaceEntry(Path file, String name, byte[] value) throws IOException {
        Path out = Files.createTempFile(tmp, "edited", ".zip");
        ModelFiles.edit(file, out, java.util.Map.of(name, value));
        return out;
    }
}
