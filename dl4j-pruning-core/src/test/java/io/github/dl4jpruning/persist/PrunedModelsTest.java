package io.github.dl4jpruning.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

    private static INDArray output(Model m, INDArray x) {
        return m instanceof MultiLayerNetwork mln ? mln.output(x) : ((ComputationGraph) m).outputSingle(x);
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
        Path bad = replaceObject(file, PrunedModels.MASK_ENTRY, Nd4j.toNpyByteArray(Nd4j.ones(10)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(bad));
        assertTrue(e.getMessage().contains("entry " + PrunedModels.MASK_ENTRY + " has 10 values, the network has "
                + net.numParams() + " parameters"), e.getMessage());
    }

    @Test
    void aStateNamingAMissingLayerOrABadDensityNamesItsEntry() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(9, 16);
        Path file = tmp.resolve("model.zip");
        PrunedModels.save(net, pruned(net), file);
        String json = ModelSerializer.getObjectFromFile(file.toFile(), PrunedModels.STATE_ENTRY);
        Path ghost = replaceObject(file, PrunedModels.STATE_ENTRY, json.replace("\"layer1_W\"", "\"layer7_W\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(ghost));
        assertTrue(e.getMessage().contains("entry " + PrunedModels.STATE_ENTRY + " names parameter layer7_W, which "
                + "this network does not have"), e.getMessage());
        Path dense = replaceObject(file, PrunedModels.STATE_ENTRY,
                json.replace("\"currentDensity\" : 0.25", "\"currentDensity\" : 1.5"));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> PrunedModels.load(dense));
        assertTrue(e2.getMessage().contains("entry " + PrunedModels.STATE_ENTRY + ": currentDensity (1.5) must be in "
                + "(0, 1]"), e2.getMessage());
    }

    /** Copies the zip without the object entry {@code key}, then adds {@code value} under that key. */
    private Path replaceObject(Path file, String key, Object value) throws IOException {
        Path out = Files.createTempFile(tmp, "edited", ".zip");
        try (ZipFile zip = new ZipFile(file.toFile());
                ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(out))) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry en = entries.nextElement();
                if (en.getName().endsWith("/" + key)) {
                    continue;
                }
                zos.putNextEntry(new ZipEntry(en.getName()));
                try (InputStream in = zip.getInputStream(en)) {
                    in.transferTo(zos);
                }
                zos.closeEntry();
            }
        }
        ModelSerializer.addObjectToFile(out.toFile(), key, value);
        return out;
    }
}
