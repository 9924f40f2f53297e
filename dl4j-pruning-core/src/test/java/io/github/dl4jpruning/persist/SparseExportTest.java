package io.github.dl4jpruning.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.Pruning;
import io.github.dl4jpruning.testing.TestNets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

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

    /** As {@link #bits}, with -0.0 as +0.0: the export stores no zero and reads every zero back as +0.0. */
    private static int[] bitsZerosPositive(Model m) {
        int[] b = bits(m);
        for (int i = 0; i < b.length; i++) {
            b[i] = b[i] == 0x80000000 ? 0 : b[i];
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
        // was "bit-identical, -0.0 included": the export stored -0.0 as a value (defect); now every zero is left
        // out and reads back as +0.0, and every non-zero value is bit-identical
        assertArrayEquals(bitsZerosPositive(net), bits(back), "bit-identical, -0.0 read back as +0.0");
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
        assertArrayEquals(bitsZerosPositive(g), bits(SparseExport.read(f)));    // was bits(g): -0.0 is now +0.0
        Path plain = tmp.resolve("plain.zip");
        ModelSerializer.writeModel(g, plain.toFile(), false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparseExport.read(plain)).getMessage()
                .contains("not a sparse export"));
    }

    /** Counts the values of params.sparse: its declared count, and the bytes that follow the bitmask. */
    private static long[] storedValues(Path file, long n) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(ModelFiles.entry(file, "params.sparse"));
        b.position(8);
        assertEquals(n, b.getLong());
        b.position(b.position() + (int) ((n + 7) / 8));
        long declared = b.getLong();
        return new long[] {declared, b.remaining() / 4};
    }

    @Test
    void aPrunedNetworkStoresExactlyItsNonzeroValues() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(3, 300, 100);             // LeNet-300-100
        Pruning.prune(net, 0.1);
        float[] v = net.params().toFloatVector();
        long nonzero = 0;
        long negativeZeros = 0;
        for (float f : v) {
            nonzero += f != 0f ? 1 : 0;
            negativeZeros += Float.floatToRawIntBits(f) == 0x80000000 ? 1 : 0;
        }
        assertTrue(negativeZeros > 1000, "masking by multiplication left -0.0 at pruned negative weights: "
                + negativeZeros);
        Path f = tmp.resolve("lenet.sparse.zip");
        SparseExport.write(net, f);
        assertArrayEquals(new long[] {nonzero, nonzero}, storedValues(f, v.length), "stored values = non-zero weights "
                + "(" + nonzero + "), not the " + (nonzero + negativeZeros) + " whose bits differ from +0.0");
        MultiLayerNetwork back = (MultiLayerNetwork) SparseExport.read(f);
        INDArray x = TestNets.data().testSet().getFeatures();
        assertEquals(net.output(x), back.output(x));
        float[] w = back.params().toFloatVector();
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i] == 0f ? 0 : Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(w[i]), "parameter " + i);
        }
    }

    @Test
    void aMultiLayerNetworkWithALayerNamedVerticesRoundTrips() throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().name("vertices").nIn(784).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        Pruning.prune(net, 0.3);
        Path f = tmp.resolve("vertices.sparse.zip");
        SparseExport.write(net, f);
        Model back = SparseExport.read(f);
        assertInstanceOf(MultiLayerNetwork.class, back);
        assertArrayEquals(bitsZerosPositive(net), bits(back));
    }
}
