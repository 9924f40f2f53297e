package io.github.dl4jpruning.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The assertion of the hostile-input suites: a bad input is refused with the expected exception type and a message
 * that names the value and what is allowed, and nothing changed: the networks' parameters and updater state are
 * bit-identical, and every file listed (and the listing of each directory) is byte-identical, afterwards.
 *
 * <pre>{@code
 * Hostile.Snapshot before = Hostile.snapshot(List.of(net), List.of(file));
 * Hostile.assertRefused(IllegalArgumentException.class, () -> l.prune(net, 1.5), before,
 *         "targetDensity (1.5)", "(0, 1]");
 * }</pre>
 */
public final class Hostile {

    private Hostile() {
    }

    /** What must not change: raw bits of parameters and updater state per network, bytes per file, names per folder. */
    public record Snapshot(List<Model> models, List<Path> paths, Map<String, Object> values) {
    }

    /**
     * Takes a snapshot.
     *
     * @param models networks whose parameters and updater state must not change
     * @param paths files whose bytes (or directories whose listing) must not change; missing ones must stay missing
     * @return the snapshot
     */
    public static Snapshot snapshot(List<? extends Model> models, List<Path> paths) {
        return new Snapshot(List.copyOf(models), List.copyOf(paths), read(models, paths));
    }

    /**
     * Asserts that {@code action} throws {@code type} with every one of {@code words} in its message, and that the
     * snapshot's networks and files are unchanged.
     *
     * @param type the exception type expected
     * @param action the hostile call
     * @param before what must not change
     * @param words phrases the message must contain (the value and the allowed range or the fix)
     * @param <T> the exception type
     * @return the exception, for further checks
     */
    public static <T extends Throwable> T assertRefused(Class<T> type, Executable action, Snapshot before,
            String... words) {
        T e = assertThrows(type, action);
        String m = String.valueOf(e.getMessage());
        for (String w : words) {
            assertTrue(m.contains(w), "message lacks \"" + w + "\": " + m);
        }
        Map<String, Object> after = read(before.models(), before.paths());
        for (Map.Entry<String, Object> v : before.values().entrySet()) {
            Object a = after.get(v.getKey());
            if (v.getValue() instanceof byte[] b) {
                assertArrayEquals(b, (byte[]) a, v.getKey() + " changed after a refused call");
            } else if (v.getValue() instanceof int[] b) {
                assertArrayEquals(b, (int[]) a, v.getKey() + " changed after a refused call");
            } else {
                assertTrue(java.util.Objects.equals(v.getValue(), a), v.getKey() + " changed after a refused call: "
                        + v.getValue() + " -> " + a);
            }
        }
        return e;
    }

    private static Map<String, Object> read(List<? extends Model> models, List<Path> paths) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            out.put("model " + i + " parameters", bits(m.params()));
            BaseMultiLayerUpdater<?> u = m instanceof MultiLayerNetwork n ? (BaseMultiLayerUpdater<?>) n.getUpdater(false)
                    : m instanceof ComputationGraph g ? g.getUpdater(false) : null;
            out.put("model " + i + " updater state", u == null || u.getStateViewArray() == null ? "none"
                    : bits(u.getStateViewArray()));
        }
        for (Path p : paths) {
            try {
                if (Files.isDirectory(p)) {
                    try (var s = Files.list(p)) {
                        List<String> names = new ArrayList<>(s.map(f -> f.getFileName().toString()).sorted().toList());
                        out.put(p + " listing", names);
                    }
                } else {
                    out.put(p.toString(), Files.exists(p) ? Files.readAllBytes(p) : "missing");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static int[] bits(INDArray a) {
        INDArray flat = a.reshape(a.length());
        if (flat.dataType() == DataType.FLOAT) {
            float[] f = flat.toFloatVector();
            int[] b = new int[f.length];
            for (int i = 0; i < f.length; i++) {
                b[i] = Float.floatToRawIntBits(f[i]);
            }
            return b;
        }
        double[] d = flat.toDoubleVector();
        int[] b = new int[d.length * 2];
        for (int i = 0; i < d.length; i++) {
            long l = Double.doubleToRawLongBits(d[i]);
            b[2 * i] = (int) (l >>> 32);
            b[2 * i + 1] = (int) l;
        }
        return b;
    }
}
