package io.github.dl4jpruning.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.Pruning;
import io.github.dl4jpruning.testing.TestNets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseExportTest {

    @TempDir
    Path tmp;

    private static int[] bits(Model m) {
        float[] v = m.params().toFloatVector();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    @Test
    void aPrunedNetworkRoundTripsBitIdenticalAndSmaller() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(3, 300, 100);
        Pruning.prune(net, 0.05);
        net.params().muli(1.0);                  // keeps -0.0 where a negative weight was masked
        Path sparse = tmp.resolve("net.sparse.zip");
        long size = SparseExport.write(net, sparse);
        Path dense = tmp.resolve("net.zip");
        ModelSerializer.writeModel(net, dense.toFile(), false);
        MultiLayerNetwork back = (MultiLayerNetwork) SparseExport.read(sparse);
        assertArrayEquals(bits(net), bits(back), "bit-identical, -0.0 included");
        assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
        // measured here: 107,278 bytes vs 141,282 for ModelSerializer's (deflated) zip and 1,066,440 raw float32
        assertTrue(size < Files.size(dense), "sparse " + size + " vs ModelSerializer " + Files.size(dense) + " bytes");
        assertTrue(size * 8 < 4 * net.numParams(), "sparse " + size + " vs raw " + 4 * net.numParams() + " bytes");
    }

    @Test
    void graphsRoundTripAndBadFilesAreRejected() throws IOException {
        ComputationGraph g = TestNets.graph(3, 32);
        Pruning.prune(g, 0.2);
        Path f = tmp.resolve("g.zip");
        SparseExport.write(g, f);
        assertArrayEquals(bits(g), bits(SparseExport.read(f)));
        Path plain = tmp.resolve("plain.zip");
        ModelSerializer.writeModel(g, plain.toFile(), false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparseExport.read(plain)).getMessage()
                .contains("not a sparse export"));
    }
}
