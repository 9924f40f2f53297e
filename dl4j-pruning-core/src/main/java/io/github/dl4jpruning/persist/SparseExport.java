package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.files.AtomicFiles;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Compressed export of an unstructured-pruned network: the configuration JSON plus the flat parameter vector as a
 * bitmask (one bit per parameter: set where the value's bits are not those of +0.0) and the values under set bits,
 * float32. A network at density {@code s} takes about {@code n/8 + 4·s·n} bytes instead of {@code 4·n}. Loading
 * gives back the identical bits ({@code -0.0} included). For deployment of float32 networks (inference: no
 * optimizer state); write is atomic (temporary file + move).
 *
 * <p>Format (zip): {@code configuration.json}; {@code params.sparse}: magic {@code "DL4JPSP1"}, int64 length,
 * bitmask bytes (little-endian bit order within a byte), int64 number of stored values, the float32 values
 * (big-endian).
 */
public final class SparseExport {

    private static final byte[] MAGIC = "DL4JPSP1".getBytes(StandardCharsets.US_ASCII);

    private SparseExport() {
    }

    /**
     * Writes a network in the sparse format.
     *
     * @param model a float32 MultiLayerNetwork or ComputationGraph
     * @param file the target file (replaced only once the new one is complete)
     * @return the size of the written file in bytes
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the parameters are not float32
     */
    public static long write(Model model, Path file) throws IOException {
        NetworkAdapter.of(model);
        INDArray params = NetworkAdapter.flat(model.params());
        if (params.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("parameters data type (" + params.dataType() + ") must be FLOAT for the "
                    + "sparse export");
        }
        String json = model instanceof MultiLayerNetwork m ? m.getLayerWiseConfigurations().toJson()
                : ((ComputationGraph) model).getConfiguration().toJson();
        float[] v = params.toFloatVector();
        byte[] bits = new byte[(v.length + 7) / 8];
        int nonzero = 0;
        for (int i = 0; i < v.length; i++) {
            if (Float.floatToRawIntBits(v[i]) != 0) {
                bits[i >>> 3] |= (byte) (1 << (i & 7));
                nonzero++;
            }
        }
        Path target = file.toAbsolutePath();
        int stored = nonzero;   // effectively final, for the writer below
        AtomicFiles.write(target, tmp -> {
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                zip.putNextEntry(new ZipEntry("configuration.json"));
                zip.write(json.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("params.sparse"));
                DataOutputStream out = new DataOutputStream(zip);
                out.write(MAGIC);
                out.writeLong(v.length);
                out.write(bits);
                out.writeLong(stored);
                for (float f : v) {
                    if (Float.floatToRawIntBits(f) != 0) {
                        out.writeFloat(f);
                    }
                }
                out.flush();
                zip.closeEntry();
            }
        });
        return Files.size(target);
    }

    /**
     * Reads a network written by {@link #write}.
     *
     * @param file the sparse file
     * @return the network (MultiLayerNetwork or ComputationGraph), initialized with the stored parameters
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the file is not a sparse export or does not match its configuration
     */
    public static Model read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry conf = zip.getEntry("configuration.json");
            ZipEntry data = zip.getEntry("params.sparse");
            if (conf == null || data == null) {
                throw new IllegalArgumentException(file + ": not a sparse export (configuration.json and params.sparse "
                        + "expected)");
            }
            String json;
            try (InputStream in = zip.getInputStream(conf)) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Model model;
            if (json.contains("\"vertices\"")) {
                ComputationGraph g = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
                g.init();
                model = g;
            } else {
                MultiLayerNetwork m = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
                m.init();
                model = m;
            }
            try (DataInputStream in = new DataInputStream(zip.getInputStream(data))) {
                byte[] magic = in.readNBytes(MAGIC.length);
                if (!java.util.Arrays.equals(magic, MAGIC)) {
                    throw new IllegalArgumentException(file + ": params.sparse has no DL4JPSP1 header");
                }
                long n = in.readLong();
                if (n != model.numParams()) {
                    throw new IllegalArgumentException(file + ": params.sparse holds " + n + " parameters, the "
                            + "configuration has " + model.numParams());
                }
                byte[] bits = in.readNBytes((int) ((n + 7) / 8));
                long stored = in.readLong();
                float[] v = new float[(int) n];
                long read = 0;
                for (int i = 0; i < n; i++) {
                    if ((bits[i >>> 3] & (1 << (i & 7))) != 0) {
                        v[i] = in.readFloat();
                        read++;
                    }
                }
                if (read != stored) {
                    throw new IllegalArgumentException(file + ": params.sparse declares " + stored + " values, its "
                            + "bitmask " + read);
                }
                NetworkAdapter.flat(model.params()).assign(Nd4j.createFromArray(v));
            }
            return model;
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException(file + ": params.sparse is truncated", e);
        }
    }
}
