package io.github.dl4jpruning.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.engine.PruningCheckpoint;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.testing.Hostile;
import io.github.dl4jpruning.testing.TestNets;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Hostile inputs against {@code PrunedModels.save/load} and {@code SparseExport.write/read}: corrupted, truncated,
 * empty and misplaced files, missing or contradictory entries, serialized objects, impossible numbers. Each is refused
 * with the expected exception, a message that starts with the file (for reads) and names the value and what is
 * allowed, and leaves every network and file bit-identical ({@link Hostile#assertRefused}).
 *
 * <p>The base file is a tiny MLP (784-16-10, {@code TestNets.mlp(7, 16)}) after two magnitude rounds (0.5, 0.25):
 * prunable {@code layer0_W} at offset 0 (12,544 weights) and {@code layer1_W} at 12,560 (160), 12,730 parameters.
 */
class HostilePersistTest {

    @TempDir
    Path tmp;

    /**
     * What a case prepares.
     *
     * @param action the hostile call
     * @param models networks that must not change
     * @param paths files and folders that must not change
     * @param prefix what the message must start with ("" for no check)
     * @param words what the message must contain
     */
    record Prepared(Executable action, List<Model> models, List<Path> paths, String prefix, String... words) {
    }

    /** Builds a case in a fresh folder. */
    @FunctionalInterface
    interface Fixture {
        Prepared prepare(Path dir) throws Exception;
    }

    /** A saved pruned network and what it was saved from. */
    record Base(MultiLayerNetwork net, PruningListener listener, PruningCheckpoint c, Path file, String json) {
    }

    private static final long N = 12_730;

    static Base base(Path dir) throws IOException {
        MultiLayerNetwork net = TestNets.mlp(7, 16);
        PruningListener l = new PruningListener(PruningConfig.builder()
                .schedule(new IterativeSchedule(1, 0.5, 1, 0.1)).build());
        l.bind(net);
        l.prune(net, 0.5);
        l.prune(net, 0.25);
        Path file = dir.resolve("model.zip");
        PrunedModels.save(net, l, file);
        assertEquals(N, net.numParams());
        return new Base(net, l, l.checkpoint(), file,
                new String(ModelFiles.entry(file, PrunedModels.STATE_ENTRY), StandardCharsets.UTF_8));
    }

    /** The base file with entries replaced, added or (null) removed, as {@code dir/hostile.zip}. */
    static Path edited(Base b, Path dir, Map<String, byte[]> changes) throws IOException {
        Path out = dir.resolve("hostile.zip");
        ModelFiles.edit(b.file(), out, changes);
        return out;
    }

    static Map<String, byte[]> entry(String name, byte[] value) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(name, value);
        return m;
    }

    /** The base file with its state JSON edited (the edit must change it). */
    static Path withState(Base b, Path dir, UnaryOperator<String> edit) throws IOException {
        String json = edit.apply(b.json());
        assertNotEquals(b.json(), json, "the edit must change the state");
        return edited(b, dir, entry(PrunedModels.STATE_ENTRY, json.getBytes(StandardCharsets.UTF_8)));
    }

    static Path withMask(Base b, Path dir, INDArray mask) throws IOException {
        return edited(b, dir, entry(PrunedModels.MASK_ENTRY, Nd4j.toNpyByteArray(mask)));
    }

    static Path bytes(Path dir, String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    /** A load of {@code f} that must be refused: message starting with the file, holding the words. */
    static Prepared load(Base b, Path f, String... words) {
        return new Prepared(() -> PrunedModels.load(f), b == null ? List.of() : List.of(b.net()),
                List.of(f, f.getParent()), f.toAbsolutePath() + ": ", words);
    }

    static Prepared read(Path f, String... words) {
        return new Prepared(() -> SparseExport.read(f), List.of(), List.of(f, f.getParent()), f.toAbsolutePath() + ": ",
                words);
    }

    static byte[] serialized(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    static Set<Object> nestedHashSets(int depth) {
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

    static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("pattern not found");
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A sparse export of the base network, with params.sparse built by {@code body}. */
    static Path sparse(Path dir, Base b, SparseBody body) throws IOException {
        Path good = dir.resolve("good.sparse.zip");
        SparseExport.write(b.net(), good);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        body.write(new DataOutputStream(bytes));
        Path f = dir.resolve("hostile.sparse.zip");
        ModelFiles.edit(good, f, entry("params.sparse", bytes.toByteArray()));
        return f;
    }

    @FunctionalInterface
    interface SparseBody {
        void write(DataOutputStream out) throws IOException;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // ---- files that are not model zips ----
                hostile("empty file", IllegalArgumentException.class, dir -> load(null, bytes(dir, "empty.zip",
                        new byte[0]), "size (0 bytes) must be in [1, ", "the file is empty")),
                hostile("directory instead of file", IllegalArgumentException.class, dir -> {
                    Path d = Files.createDirectory(dir.resolve("model.zip"));
                    return new Prepared(() -> PrunedModels.load(d), List.of(), List.of(d, dir), "file (" + d + ")",
                            "must be an existing model zip, but it is a directory");
                }),
                hostile("missing file", IllegalArgumentException.class, dir -> new Prepared(() -> PrunedModels.load(
                        dir.resolve("none.zip")), List.of(), List.of(dir), "file (" + dir.resolve("none.zip") + ")",
                        "must be an existing model zip")),
                hostile("text file", IllegalArgumentException.class, dir -> load(null, bytes(dir, "text.zip",
                        "hello\n".getBytes(StandardCharsets.UTF_8)), "not a zip file (no zip entry found)")),
                hostile("zip that is not a DL4J model", IllegalArgumentException.class, dir -> load(null,
                        bytes(dir, "other.zip", zip(Map.of("readme.txt", "hi".getBytes(StandardCharsets.UTF_8)))),
                        "entry configuration.json is missing: not a model zip", "[readme.txt]")),
                hostile("truncated to half", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    byte[] all = Files.readAllBytes(b.file());
                    return load(b, bytes(dir, "half.zip", Arrays.copyOf(all, all.length / 2)),
                            "not a readable zip (corrupted or truncated)");
                }),
                hostile("truncated by 10 bytes", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    byte[] all = Files.readAllBytes(b.file());
                    return load(b, bytes(dir, "cut.zip", Arrays.copyOf(all, all.length - 10)),
                            "corrupted or truncated", "end-of-central-directory record is missing");
                }),
                hostile("flipped byte in coefficients.bin", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    byte[] all = Files.readAllBytes(b.file());
                    all[indexOf(all, "coefficients.bin".getBytes(StandardCharsets.US_ASCII), 0) + 60] ^= 0x5A;
                    return load(b, bytes(dir, "flipped.zip", all), "not a readable zip (corrupted or truncated)");
                }),
                hostile("flipped CRC in the central directory", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    byte[] all = Files.readAllBytes(b.file());
                    all[indexOf(all, new byte[] {'P', 'K', 1, 2}, 0) + 16] ^= 0x01;
                    return load(b, bytes(dir, "crc.zip", all), "central directory record 0 (configuration.json) must "
                            + "describe local entry 0 (configuration.json) with the same CRC and sizes");
                }),
                hostile("duplicate entry names", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    Path twice = edited(b, dir, entry("configuration.jsoX", ModelFiles.entry(b.file(),
                            "configuration.json")));
                    byte[] all = Files.readAllBytes(twice);
                    byte[] from = "configuration.jsoX".getBytes(StandardCharsets.US_ASCII);
                    for (int i = indexOf(all, from, 0); ; i = indexOf(all, from, i + 1)) {
                        all[i + from.length - 1] = 'n';
                        if (i > all.length - 200) {
                            break;
                        }
                    }
                    return load(b, bytes(dir, "twice.zip", all), "entry configuration.json must appear once");
                }),
                // ---- configuration.json ----
                hostile("configuration without confs or vertices", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, edited(b, dir, entry("configuration.json", "{\"layers\": []}".getBytes(
                            StandardCharsets.UTF_8))), "entry configuration.json: top-level keys ([layers]) must "
                            + "include exactly one of \"confs\"");
                }),
                hostile("configuration nested 100,000 deep", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    String deep = "{\"confs\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
                    return load(b, edited(b, dir, entry("configuration.json", deep.getBytes(StandardCharsets.UTF_8))),
                            "entry configuration.json: JSON nesting", "must be at most 256 levels deep");
                }),
                // ---- serialized objects ----
                hostile("nested HashSets in the format-1 state", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    Map<String, byte[]> m = entry(PrunedModels.STATE_ENTRY, null);
                    m.put(PrunedModels.MASK_ENTRY, null);
                    m.put("objects/dl4jpruning_state", serialized(nestedHashSets(100)));
                    m.put("objects/dl4jpruning_mask", serialized(Nd4j.toNpyByteArray(b.c().mask())));
                    return load(b, edited(b, dir, m), "entry objects/dl4jpruning_state must hold exactly a String",
                            "found a serialized object of class java.util.HashSet", "refused without deserializing");
                }),
                hostile("an Integer in place of the format-1 mask bytes", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    Map<String, byte[]> m = entry(PrunedModels.STATE_ENTRY, null);
                    m.put(PrunedModels.MASK_ENTRY, null);
                    m.put("objects/dl4jpruning_state", serialized(b.json().replace("\"format\" : 2",
                            "\"format\" : 1")));
                    m.put("objects/dl4jpruning_mask", serialized(42));
                    return load(b, edited(b, dir, m), "entry objects/dl4jpruning_mask must hold exactly a byte[]",
                            "found a serialized object of class java.lang.Integer");
                }),
                hostile("preprocessor.bin (DL4J would deserialize it)", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, edited(b, dir, entry("preprocessor.bin", serialized(nestedHashSets(100)))),
                            "entry preprocessor.bin must not be present", "ObjectInputStream");
                }),
                hostile("format 1 and format 2 entries mixed", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, edited(b, dir, entry("objects/dl4jpruning_mask", serialized(
                            Nd4j.toNpyByteArray(b.c().mask())))), "must all be of one format");
                }),
                // ---- entries missing or of the wrong shape ----
                hostile("mask entry missing", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, edited(b, dir, entry(PrunedModels.MASK_ENTRY, null)),
                            "entry " + PrunedModels.MASK_ENTRY + " is missing", "saved together");
                }),
                hostile("mask of the wrong length", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withMask(b, dir, Nd4j.ones(DataType.FLOAT, 10)),
                            "entry " + PrunedModels.MASK_ENTRY + " has 10 values, the network has 12730 parameters");
                }),
                hostile("mask declaring 2^31-1 values", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    byte[] npy = Nd4j.toNpyByteArray(b.c().mask());
                    String header = new String(npy, 10, (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8,
                            StandardCharsets.ISO_8859_1);
                    String huge = header.replace("(12730,)", "(2147483647,)");
                    assertTrue(huge.length() == header.length() + 5 && huge.endsWith("     \n"), huge);
                    huge = huge.substring(0, huge.length() - 6) + "\n";
                    byte[] out = npy.clone();
                    System.arraycopy(huge.getBytes(StandardCharsets.ISO_8859_1), 0, out, 10, huge.length());
                    return load(b, edited(b, dir, entry(PrunedModels.MASK_ENTRY, out)),
                            "NumPy shape (2147483647,) of 2147483647 values of 4 bytes must match the 50920 data bytes");
                }),
                hostile("mask of integers", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withMask(b, dir, b.c().mask().castTo(DataType.INT64)),
                            "must describe a little-endian float array");
                }),
                hostile("NaN in the mask", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    INDArray m = b.c().mask().dup();
                    m.putScalar(5, Double.NaN);
                    return load(b, withMask(b, dir, m), "holds 1 values other than 0 and 1 (NaN included)",
                            "must be 0 (pruned) or 1 (kept)");
                }),
                hostile("0.5 in the mask", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    INDArray m = b.c().mask().dup();
                    m.putScalar(7, 0.5);
                    return load(b, withMask(b, dir, m), "holds 1 values other than 0 and 1",
                            "must be 0 (pruned) or 1 (kept)");
                }),
                hostile("mask zero at a bias", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    INDArray m = b.c().mask().dup();
                    m.putScalar(12_550, 0.0);
                    return load(b, withMask(b, dir, m), "holds 1 zeros at offsets [12544, 12560)",
                            "which belong to no prunable parameter", "a mask must be 1 there");
                }),
                // ---- state values ----
                hostile("format 3", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.replace("\"format\" : 2", "\"format\" : 3")),
                            "format (3) must be 1 or 2", "newer dl4j-pruning");
                }),
                hostile("state JSON with an unknown field", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.replace("\"format\" : 2", "\"format\" : 2, \"x\" : 1")),
                            "must be the pruning state as JSON", "Unrecognized field \"x\"");
                }),
                hostile("state JSON truncated", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.substring(0, j.length() / 2)), "entry "
                            + PrunedModels.STATE_ENTRY + " must be valid JSON");
                }),
                hostile("state not UTF-8", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, edited(b, dir, entry(PrunedModels.STATE_ENTRY, new byte[] {'{', (byte) 0xFF, '}'})),
                            "must be UTF-8 text");
                }),
                hostile("negative rounds", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.replace("\"roundsCompleted\" : 2",
                            "\"roundsCompleted\" : -1")), "roundsCompleted (-1) must be >= 0");
                }),
                hostile("density 0", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.replace("\"currentDensity\" : 0.25",
                            "\"currentDensity\" : 0.0")), "currentDensity (0.0) must be in (0, 1]");
                }),
                hostile("density 1.5", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.replace("\"currentDensity\" : 0.25",
                            "\"currentDensity\" : 1.5")), "currentDensity (1.5) must be in (0, 1]");
                }),
                hostile("density NaN", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.replace("\"currentDensity\" : 0.25",
                            "\"currentDensity\" : \"NaN\"")), "currentDensity (NaN) must be in (0, 1]");
                }),
                hostile("density the mask contradicts", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.replace("\"currentDensity\" : 0.25",
                            "\"currentDensity\" : 0.3")), "currentDensity (0.3) must equal the targetDensity of the "
                            + "last round in history (0.25)");
                }),
                hostile("history shorter than rounds", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.replace("\"roundsCompleted\" : 2",
                            "\"roundsCompleted\" : 3")), "history (2 reports) must hold one report per completed "
                            + "round (3)");
                }),
                hostile("history over other parameters", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.replaceFirst("\"paramCount\" : 160",
                            "\"paramCount\" : 161")), "history[0] (round 1): its layers [layer0_W, layer1_W] with "
                            + "[12544, 161] weights must be the saved params");
                }),
                hostile("params null", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.replace("\"params\" : [ \"layer0_W\", \"layer1_W\" ]",
                            "\"params\" : null")), "params (null) must list the ids of the prunable parameters");
                }),
                hostile("offsets shorter than params", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.replace("\"offsets\" : [ 0, 12560 ]",
                            "\"offsets\" : [ 0 ]")), "offsets ([0]) must hold one number per parameter in params (2)");
                }),
                hostile("offsets that overlap", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.replace("\"offsets\" : [ 0, 12560 ]",
                            "\"offsets\" : [ 0, 100 ]")), "parameter layer1_W at offset (100) with length (160) must "
                            + "lie after the previous parameter (which ends at 12544)");
                }),
                hostile("offsets that disagree with the network", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    INDArray m = b.c().mask().dup();
                    m.get(NDArrayIndex.interval(12_560, 12_570)).assign(1.0);
                    Map<String, byte[]> changes = entry(PrunedModels.MASK_ENTRY, Nd4j.toNpyByteArray(m));
                    changes.put(PrunedModels.STATE_ENTRY, b.json().replace("\"offsets\" : [ 0, 12560 ]",
                            "\"offsets\" : [ 0, 12570 ]").getBytes(StandardCharsets.UTF_8));
                    return load(b, edited(b, dir, changes), "parameter layer1_W was saved at offset 12570 with 160 "
                            + "weights, the network has it at offset 12560 with 160");
                }),
                hostile("unknown parameter id", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.replace("\"layer1_W\"", "\"layer7_W\"")),
                            "names parameter layer7_W, which this network does not have");
                }),
                hostile("gradientBatches without gradients", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, withState(b, dir, j -> j.replace("\"gradientBatches\" : 0",
                            "\"gradientBatches\" : 5")), "gradientBatches (5) must be >= 0, and 0 without entry");
                }),
                hostile("gradients for a criterion that uses none", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, edited(b, dir, entry(PrunedModels.GRADIENTS_ENTRY,
                            Nd4j.toNpyByteArray(Nd4j.zeros(DataType.FLOAT, N)))), "entry "
                            + PrunedModels.GRADIENTS_ENTRY + ": gradient accumulator", "the criterion must use gradients");
                }),
                hostile("infinite gradients", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    INDArray g = Nd4j.zeros(DataType.FLOAT, N);
                    g.putScalar(3, Double.POSITIVE_INFINITY);
                    return load(b, edited(b, dir, entry(PrunedModels.GRADIENTS_ENTRY, Nd4j.toNpyByteArray(g))),
                            "holds 1 NaN or infinite values: they must be finite");
                }),
                hostile("rewind weights without rewinding", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    return load(b, edited(b, dir, entry(PrunedModels.REWIND_ENTRY,
                            Nd4j.toNpyByteArray(b.net().params()))), "holds rewind weights, but the configuration has "
                            + "no rewind");
                }),
                // ---- save ----
                hostile("save onto a directory", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    Path d = Files.createDirectory(dir.resolve("folder.zip"));
                    return new Prepared(() -> PrunedModels.save(b.net(), b.listener(), d), List.of(b.net()),
                            List.of(d, dir, b.file()), "", "target (" + d + ") must be a file path, but it is a "
                            + "directory");
                }),
                hostile("save below a regular file", FileAlreadyExistsException.class, dir -> {
                    Base b = base(dir);
                    Path target = b.file().resolve("inner.zip");
                    return new Prepared(() -> PrunedModels.save(b.net(), b.listener(), target), List.of(b.net()),
                            List.of(dir, b.file()), "", b.file().toString());
                }),
                hostile("save into a read-only directory", AccessDeniedException.class, dir -> {
                    Base b = base(dir);
                    Path ro = Files.createDirectory(dir.resolve("ro"));
                    Path target = ro.resolve("model.zip");
                    Files.copy(b.file(), target);
                    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
                    Assumptions.assumeFalse(Files.isWritable(ro), "permissions do not stop this user (root) from "
                            + "writing: the read-only case cannot be set up");
                    return new Prepared(() -> PrunedModels.save(b.net(), b.listener(), target), List.of(b.net()),
                            List.of(ro, target), "", ro.toString());
                }),
                hostile("save with a listener that never saw a network", IllegalStateException.class, dir -> {
                    Base b = base(dir);
                    PruningListener fresh = new PruningListener(b.listener().config());
                    return new Prepared(() -> PrunedModels.save(b.net(), fresh, b.file()), List.of(b.net()),
                            List.of(b.file(), dir), "", "has not seen a network yet", "bind(model)");
                }),
                hostile("save with a listener bound to another network", IllegalStateException.class, dir -> {
                    Base b = base(dir);
                    MultiLayerNetwork other = TestNets.mlp(8, 16);
                    return new Prepared(() -> PrunedModels.save(other, b.listener(), b.file()), List.of(b.net(), other),
                            List.of(b.file(), dir), "", "bound to another network",
                            "create one PruningListener per network");
                }),
                hostile("save a state a load would refuse", IllegalStateException.class, dir -> {
                    Base b = base(dir);
                    INDArray m = b.c().mask().dup();
                    m.putScalar(12_725, 0.0);
                    PruningCheckpoint c = b.c();
                    b.listener().restore(b.net(), new PruningCheckpoint(c.config(), c.params(), m, c.roundsCompleted(),
                            c.currentDensity(), c.history(), c.gradients(), c.gradientBatches(), c.rewindWeights()));
                    return new Prepared(() -> PrunedModels.save(b.net(), b.listener(), b.file()), List.of(b.net()),
                            List.of(b.file(), dir), "", "was not saved (a load would refuse it)",
                            "holds 1 zeros at offsets [12720, 12730)");
                }),
                // ---- sparse export ----
                hostile("sparse: write a float64 network", IllegalArgumentException.class, dir -> {
                    MultiLayerNetwork net = TestNets.mlp(9, 16).convertDataType(DataType.DOUBLE);
                    Path f = dir.resolve("d.sparse.zip");
                    return new Prepared(() -> SparseExport.write(net, f), List.of(net), List.of(f, dir), "",
                            "parameters data type (DOUBLE) must be FLOAT");
                }),
                hostile("sparse: write onto a directory", IllegalArgumentException.class, dir -> {
                    MultiLayerNetwork net = TestNets.mlp(9, 16);
                    Path d = Files.createDirectory(dir.resolve("s.sparse.zip"));
                    return new Prepared(() -> SparseExport.write(net, d), List.of(net), List.of(d, dir), "",
                            "target (" + d + ") must be a file path, but it is a directory");
                }),
                hostile("sparse: read a directory", IllegalArgumentException.class, dir -> {
                    Path d = Files.createDirectory(dir.resolve("s.sparse.zip"));
                    return new Prepared(() -> SparseExport.read(d), List.of(), List.of(d, dir), "file (" + d + ")",
                            "must be an existing sparse export, but it is a directory");
                }),
                hostile("sparse: read a model zip", IllegalArgumentException.class, dir -> read(base(dir).file(),
                        "not a sparse export (configuration.json and params.sparse expected")),
                hostile("sparse: huge declared length", IllegalArgumentException.class, dir -> read(sparse(dir,
                        base(dir), out -> {
                            out.write("DL4JPSP1".getBytes(StandardCharsets.US_ASCII));
                            out.writeLong(Long.MAX_VALUE);
                            out.writeLong(0);
                        }), "entry params.sparse holds 9223372036854775807 parameters, the configuration has 12730")),
                hostile("sparse: wrong magic", IllegalArgumentException.class, dir -> read(sparse(dir, base(dir),
                        out -> out.write("PK\3\4 not a sparse export".getBytes(StandardCharsets.US_ASCII))),
                        "entry params.sparse has no DL4JPSP1 header")),
                hostile("sparse: stored count disagrees with the bitmask", IllegalArgumentException.class, dir ->
                        read(sparse(dir, base(dir), out -> {
                            out.write("DL4JPSP1".getBytes(StandardCharsets.US_ASCII));
                            out.writeLong(N);
                            byte[] bits = new byte[(int) (N + 7) / 8];
                            bits[0] = 0b111;
                            out.write(bits);
                            out.writeLong(5);
                            for (int i = 0; i < 5; i++) {
                                out.writeFloat(1f);
                            }
                        }), "entry params.sparse: value count (5) must equal the number of set bits in its "
                                + "bitmask (3)")),
                hostile("sparse: values truncated", IllegalArgumentException.class, dir -> read(sparse(dir, base(dir),
                        out -> {
                            out.write("DL4JPSP1".getBytes(StandardCharsets.US_ASCII));
                            out.writeLong(N);
                            byte[] bits = new byte[(int) (N + 7) / 8];
                            bits[0] = 0b111;
                            out.write(bits);
                            out.writeLong(3);
                            out.writeFloat(1f);
                        }), "entry params.sparse holds 4 bytes of values, it is truncated")),
                hostile("sparse: trailing bytes", IllegalArgumentException.class, dir -> read(sparse(dir, base(dir),
                        out -> {
                            out.write("DL4JPSP1".getBytes(StandardCharsets.US_ASCII));
                            out.writeLong(N);
                            out.write(new byte[(int) (N + 7) / 8]);
                            out.writeLong(0);
                            out.writeInt(7);
                        }), "entry params.sparse holds 4 bytes of values, it has trailing bytes")),
                hostile("sparse: bitmask cut short", IllegalArgumentException.class, dir -> read(sparse(dir, base(dir),
                        out -> {
                            out.write("DL4JPSP1".getBytes(StandardCharsets.US_ASCII));
                            out.writeLong(N);
                            out.write(new byte[100]);
                        }), "entry params.sparse is truncated: its bitmask of 1592 bytes")),
                hostile("sparse: float64 configuration", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    Path good = dir.resolve("good.sparse.zip");
                    SparseExport.write(b.net(), good);
                    String conf = new String(ModelFiles.entry(good, "configuration.json"), StandardCharsets.UTF_8);
                    String dbl = conf.replace("\"dataType\" : \"FLOAT\"", "\"dataType\" : \"DOUBLE\"");
                    assertNotEquals(conf, dbl);
                    Path f = dir.resolve("double.sparse.zip");
                    ModelFiles.edit(good, f, entry("configuration.json", dbl.getBytes(StandardCharsets.UTF_8)));
                    return read(f, "entry configuration.json: dataType (DOUBLE) must be FLOAT");
                }),
                hostile("sparse: truncated file", IllegalArgumentException.class, dir -> {
                    Base b = base(dir);
                    Path good = dir.resolve("good.sparse.zip");
                    SparseExport.write(b.net(), good);
                    byte[] all = Files.readAllBytes(good);
                    return read(bytes(dir, "cut.sparse.zip", Arrays.copyOf(all, all.length * 2 / 3)),
                            "not a readable zip (corrupted or truncated)");
                }));
    }

    static Arguments hostile(String name, Class<? extends Throwable> type, Fixture fixture) {
        return Arguments.of(name, type, fixture);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAndChangesNothing(String name, Class<? extends Throwable> type, Fixture fixture) throws Exception {
        Prepared p = fixture.prepare(tmp);
        Hostile.Snapshot before = Hostile.snapshot(p.models(), p.paths());
        Throwable e = Hostile.assertRefused(type, p.action(), before, p.words());
        assertTrue(String.valueOf(e.getMessage()).startsWith(p.prefix()), "message must start with \"" + p.prefix()
                + "\": " + e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void theSuiteHoldsAtLeast25DistinctCases() {
        List<String> names = cases().map(a -> (String) a.get()[0]).toList();
        assertTrue(names.size() >= 25, names.size() + " cases");
        assertTrue(new HashSet<>(names).size() == names.size(), "distinct names");
    }
}
