package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.files.AtomicFiles;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Compressed export of an unstructured-pruned network: the configuration JSON plus the flat parameter vector as a
 * bitmask (one bit per parameter, set where the value is not zero) and the non-zero values, float32. A network at
 * density {@code s} takes about {@code n/8 + 4·s·n} bytes instead of {@code 4·n}. For deployment of float32 networks
 * (inference: no optimizer state); write is atomic (temporary file + move).
 *
 * <p>Zeros: a weight that is zero, {@code +0.0} or {@code -0.0} (masking by multiplication leaves {@code -0.0} where a
 * negative weight was pruned), is not stored: its bit is clear, and it reads back as {@code +0.0}. Every other value
 * (NaN and infinities included) is stored with its exact bits and reads back bit-identical. So the file stores
 * exactly the non-zero values, and the loaded network computes the same outputs.
 *
 * <p>Format (zip): {@code configuration.json} (a {@code MultiLayerConfiguration} or
 * {@code ComputationGraphConfiguration}, told apart by its top-level key {@code confs} or {@code vertices});
 * {@code params.sparse}: magic {@code "DL4JPSP1"}, int64 parameter count {@code n}, {@code ceil(n/8)} bitmask bytes
 * (bit {@code i & 7} of byte {@code i >> 3} for parameter {@code i}; unused high bits of the last byte clear), int64
 * number of stored values (the number of set bits), then the float32 values under the set bits, in parameter order,
 * big-endian raw bits. Files of earlier versions, which also stored {@code -0.0}, read with the same rule (a stored
 * zero reads back as {@code +0.0}). Reading checks everything against the configuration before the network is
 * allocated; a refusal is an {@link IllegalArgumentException} whose message starts with the file's path and names the
 * entry.
 */
public final class SparseExport {

    private static final byte[] MAGIC = "DL4JPSP1".getBytes(StandardCharsets.US_ASCII);
    private static final String CONFIGURATION = "configuration.json";
    private static final String PARAMS = "params.sparse";
    private static final String KIND = "sparse export";

    private SparseExport() {
    }

    /**
     * Writes a network in the sparse format.
     *
     * @param model a float32 MultiLayerNetwork or ComputationGraph
     * @param file the target file (replaced only once the new one is complete)
     * @return the size of the written file in bytes
     * @throws IOException if writing fails (the previous file, if any, is left as it was)
     * @throws IllegalArgumentException if the parameters are not float32 or {@code file} is a directory
     */
    public static long write(Model model, Path file) throws IOException {
        NetworkAdapter.of(model);
        INDArray params = NetworkAdapter.flat(model.params());
        if (params.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("parameters data type (" + params.dataType() + ") must be FLOAT for the "
                    + "sparse export: convert the network with convertDataType(DataType.FLOAT) first");
        }
        String json = model instanceof MultiLayerNetwork m ? m.getLayerWiseConfigurations().toJson()
                : ((ComputationGraph) model).getConfiguration().toJson();
        float[] v = params.toFloatVector();
        byte[] bits = new byte[(v.length + 7) / 8];
        int nonzero = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0f) {        // NaN != 0: stored; +0.0 and -0.0: not stored
                bits[i >>> 3] |= (byte) (1 << (i & 7));
                nonzero++;
            }
        }
        Path target = file.toAbsolutePath();
        int stored = nonzero;   // effectively final, for the writer below
        AtomicFiles.write(target, tmp -> {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
                zip.putNextEntry(new ZipEntry(CONFIGURATION));
                zip.write(json.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(PARAMS));
                DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(zip));
                out.write(MAGIC);
                out.writeLong(v.length);
                out.write(bits);
                out.writeLong(stored);
                for (float f : v) {
                    if (f != 0f) {
                        out.writeInt(Float.floatToRawIntBits(f));
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
     * @throws IllegalArgumentException if the file is missing or a directory, or (message starting with the file's
     *         path, naming the entry) not a sound sparse export or does not match its configuration
     */
    public static Model read(Path file) throws IOException {
        ModelZip zip = ModelZip.read(file, KIND);
        Path source = zip.file();
        if (zip.entry(CONFIGURATION).isEmpty() || zip.entry(PARAMS).isEmpty()) {
            throw new IllegalArgumentException(source + ": not a sparse export (" + CONFIGURATION + " and " + PARAMS
                    + " expected, found " + zip.names() + ")");
        }
        NetworkJson conf = NetworkJson.parse(new String(zip.required(CONFIGURATION, KIND), StandardCharsets.UTF_8),
                source + ": entry " + CONFIGURATION);
        if (conf.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException(source + ": entry " + CONFIGURATION + ": dataType (" + conf.dataType()
                    + ") must be FLOAT: the sparse export holds float32 values");
        }
        float[] v = values(zip.required(PARAMS, KIND), conf.numParams(), source + ": entry " + PARAMS);
        INDArray params = Nd4j.createFromArray(v).reshape(1, v.length);
        try {
            if (conf.graph()) {
                ComputationGraph g = new ComputationGraph(conf.computationGraph());
                g.init(params, false);
                return g;
            }
            MultiLayerNetwork m = new MultiLayerNetwork(conf.multiLayer());
            m.init(params, false);
            return m;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": entry " + CONFIGURATION + ": the network cannot be built: "
                    + e.getMessage(), e);
        }
    }

    /** Decodes {@code params.sparse}, checking every count against the data before allocating. */
    private static float[] values(byte[] data, long expected, String where) {
        ByteBuffer in = ByteBuffer.wrap(data);
        if (data.length < MAGIC.length + 8 || !Arrays.equals(Arrays.copyOf(data, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException(where + " has no DL4JPSP1 header: not a sparse export");
        }
        in.position(MAGIC.length);
        long n = in.getLong();
        if (n != expected || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(where + " holds " + n + " parameters, the configuration has "
                    + expected + ": the parameter count must match");
        }
        int bitBytes = (int) ((n + 7) / 8);
        if (in.remaining() < bitBytes + 8L) {
            throw new IllegalArgumentException(where + " is truncated: its bitmask of " + bitBytes + " bytes and the "
                    + "value count must follow the header, " + in.remaining() + " bytes do");
        }
        byte[] bits = new byte[bitBytes];
        in.get(bits);
        long set = 0;
        for (byte b : bits) {
            set += Integer.bitCount(b & 0xFF);
        }
        if (n % 8 != 0 && (bits[bitBytes - 1] & 0xFF) >>> (n % 8) != 0) {
            throw new IllegalArgumentException(where + ": bitmask bits beyond parameter " + n + " must be clear");
        }
        long stored = in.getLong();
        if (stored != set) {
            throw new IllegalArgumentException(where + ": value count (" + stored + ") must equal the number of set "
                    + "bits in its bitmask (" + set + ")");
        }
        if (in.remaining() != 4 * set) {
            throw new IllegalArgumentException(where + " holds " + in.remaining() + " bytes of values, "
                    + (in.remaining() < 4 * set ? "it is truncated" : "it has trailing bytes") + ": " + set
                    + " float32 values (" + 4 * set + " bytes) must follow the bitmask");
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < n; i++) {
            if ((bits[i >>> 3] & (1 << (i & 7))) != 0) {
                float f = Float.intBitsToFloat(in.getInt());
                v[i] = f == 0f ? 0f : f;          // a stored zero (earlier versions kept -0.0) reads back as +0.0
            }
        }
        return v;
    }
}
