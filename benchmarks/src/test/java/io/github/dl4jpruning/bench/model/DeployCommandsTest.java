package io.github.dl4jpruning.bench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.persist.PrunedModels;
import io.github.dl4jpruning.persist.SparseExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link StripCommand}, {@link ExportSparseCommand} and {@link ThinModelCommand} on a pruned MultiLayerNetwork and a
 * pruned ComputationGraph: every output loads (strip and thin with plain DL4J, the sparse export with
 * {@link SparseExport#read}) and computes the masked model's outputs: bitwise for strip and the sparse export, within
 * 1e-6 for thinning (fewer terms in each sum). Thinning an unstructured-pruned model is refused.
 */
class DeployCommandsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "graph {0}")
    @ValueSource(booleans = {false, true})
    void stripAndSparseExportKeepTheOutputsBitwise(boolean graph) throws Exception {
        Path pruned = pruned(graph, "unstructured", "0.2");
        Model masked = PrunedModels.load(pruned).model();
        INDArray x = ModelFixtures.input();
        float[] expected = ModelFixtures.output(masked, x);

        Path stripped = dir.resolve("plain.zip");
        ModelFixtures.Run strip = ModelFixtures.cli("strip", pruned.toString(), "--out", stripped.toString());
        assertEquals(0, strip.exitCode(), strip.err());
        try (ZipFile zip = new ZipFile(stripped.toFile())) {
            assertTrue(zip.getEntry(PrunedModels.MASK_ENTRY) == null && zip.getEntry(PrunedModels.STATE_ENTRY) == null,
                    "no pruning entries in the stripped zip");
        }
        Model plain = ModelFixtures.restore(stripped, graph);
        assertArrayEquals(expected, ModelFixtures.output(plain, x));
        assertEquals(ModelFixtures.weightNonzeros(masked), ModelFixtures.weightNonzeros(plain));

        Path sparse = dir.resolve("model.sparse.zip");
        ModelFixtures.Run export = ModelFixtures.cli("export-sparse", pruned.toString(), "--out", sparse.toString());
        assertEquals(0, export.exitCode(), export.err());
        assertTrue(export.out().contains(Files.size(sparse) + " bytes") || export.out().contains(
                String.format(java.util.Locale.ROOT, "%,d bytes", Files.size(sparse))), export.out());
        Model read = SparseExport.read(sparse);
        assertArrayEquals(expected, ModelFixtures.output(read, x));
    }

    @ParameterizedTest(name = "graph {0}")
    @ValueSource(booleans = {false, true})
    void thinModelRemovesPrunedNeuronsAndKeepsTheOutputs(boolean graph) throws Exception {
        Path pruned = pruned(graph, "neuron", "0.5");
        Model masked = PrunedModels.load(pruned).model();
        Path thin = dir.resolve("thin.zip");
        ModelFixtures.Run run = ModelFixtures.cli("thin-model", pruned.toString(), "--out", thin.toString());
        assertEquals(0, run.exitCode(), run.err());
        Model thinned = ModelFixtures.restore(thin, graph);
        // 6-10-8-3 with half the hidden neurons: 6*5+5 + 5*4+4 + 4*3+3 = 74 parameters
        assertEquals(74, thinned.numParams(), run.out());
        assertTrue(run.out().contains(String.format(java.util.Locale.ROOT, "%,d -> %,d parameters",
                masked.numParams(), 74)), run.out());
        INDArray x = ModelFixtures.input();
        float[] expected = ModelFixtures.output(masked, x);
        float[] actual = ModelFixtures.output(thinned, x);
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6, "output " + i);
        }
    }

    @ParameterizedTest(name = "graph {0}")
    @ValueSource(booleans = {false, true})
    void thinModelRefusesUnstructuredMasks(boolean graph) throws Exception {
        Path pruned = pruned(graph, "unstructured", "0.2");
        Path thin = dir.resolve("thin.zip");
        ModelFixtures.Run run = ModelFixtures.cli("thin-model", pruned.toString(), "--out", thin.toString());
        assertEquals(2, run.exitCode(), run.out());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("thin-model: model (" + pruned + ") has unstructured masks: thinning needs "
                + "unit or filter masks"), run.err());
        assertTrue(run.err().contains("--granularity neuron"), run.err());
        assertFalse(Files.exists(thin));
    }

    @ParameterizedTest(name = "graph {0}")
    @ValueSource(booleans = {false, true})
    void thinModelRefusesAPlainZipWithoutZeroUnits(boolean graph) throws Exception {
        Path in = ModelFixtures.write(graph ? ModelFixtures.graph() : ModelFixtures.mln(), dir.resolve("dense.zip"));
        Path thin = dir.resolve("thin.zip");
        ModelFixtures.Run run = ModelFixtures.cli("thin-model", in.toString(), "--out", thin.toString());
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().startsWith("thin-model: model (" + in + ") has no unit to remove: thinning needs unit "
                + "or filter masks"), run.err());
        assertFalse(Files.exists(thin));
    }

    private Path pruned(boolean graph, String granularity, String density) throws Exception {
        Path in = ModelFixtures.write(graph ? ModelFixtures.graph() : ModelFixtures.mln(), dir.resolve("in.zip"));
        Path out = dir.resolve("pruned-" + granularity + ".zip");
        ModelFixtures.Run run = ModelFixtures.cli("prune", in.toString(), "--density", density, "--granularity",
                granularity, "--scope", "local", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        return out;
    }
}
