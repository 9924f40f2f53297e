package io.github.dl4jpruning.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile inputs to the Fashion-MNIST loader: corrupt files in a copy of the fixture, and absurd arguments. Each is
 * refused with the expected exception type, a message naming the file or argument, the value and what is allowed,
 * and leaves every file byte-identical (the loader only reads). Cases marked "new" failed before the hardening:
 * a header declaring millions of examples allocated the declared size before reading, and a start epoch of
 * {@code Integer.MAX_VALUE} replayed shuffles for weeks.
 */
class HostileLoaderTest {

    private static Path fixture;
    private static FashionMnist data;

    @TempDir
    Path temp;

    @BeforeAll
    static void loadFixture() {
        fixture = FashionMnistFixture.directory();
        data = FashionMnist.load(fixture);
    }

    /** Changes one file of a copy of the fixture. */
    @FunctionalInterface
    interface Corruption {
        void apply(Path dir) throws IOException;
    }

    static Stream<Arguments> corruptFiles() {
        return Stream.of(
                arguments("cut gzip", FashionMnist.TEST_IMAGES_FILE, (Corruption) dir -> {
                    Path f = dir.resolve(FashionMnist.TEST_IMAGES_FILE);
                    byte[] compressed = Files.readAllBytes(f);
                    Files.write(f, Arrays.copyOf(compressed, compressed.length / 3));
                }, List.of("is truncated", "gzip stream ends early")),
                arguments("empty file", FashionMnist.TRAIN_LABELS_FILE, (Corruption) dir ->
                        Files.write(dir.resolve(FashionMnist.TRAIN_LABELS_FILE), new byte[0]),
                        List.of("is truncated")),
                arguments("not gzip", FashionMnist.TRAIN_IMAGES_FILE, (Corruption) dir ->
                        Files.writeString(dir.resolve(FashionMnist.TRAIN_IMAGES_FILE), "<html>404</html>"),
                        List.of("is not a valid gzip file", "gzip-compressed IDX")),
                arguments("wrong magic", FashionMnist.TRAIN_IMAGES_FILE, (Corruption) dir ->
                        editIdx(dir.resolve(FashionMnist.TRAIN_IMAGES_FILE), b -> b.putInt(0, 2049)),
                        List.of("IDX magic number (2049) must be 2051")),
                arguments("image size", FashionMnist.TEST_IMAGES_FILE, (Corruption) dir ->
                        editIdx(dir.resolve(FashionMnist.TEST_IMAGES_FILE), b -> b.putInt(12, 29)),
                        List.of("image size (28x29) must be 28x28")),
                arguments("count mismatch", FashionMnist.TRAIN_LABELS_FILE, (Corruption) dir -> {
                    Path f = dir.resolve(FashionMnist.TRAIN_LABELS_FILE);
                    byte[] content = gunzip(f);
                    byte[] shorter = Arrays.copyOf(content, content.length - 10);
                    ByteBuffer.wrap(shorter).putInt(4, 990);
                    gzip(f, shorter);
                }, List.of("label count (990) must equal the image count (1000)")),
                arguments("label out of range", FashionMnist.TEST_LABELS_FILE, (Corruption) dir ->
                        editIdx(dir.resolve(FashionMnist.TEST_LABELS_FILE), b -> b.put(8 + 17, (byte) 11)),
                        List.of("label of example 17 (11) must be in 0..9")),
                arguments("zero count", FashionMnist.TEST_LABELS_FILE, (Corruption) dir ->
                        gzip(dir.resolve(FashionMnist.TEST_LABELS_FILE), header(2049, 0)),
                        List.of("declared labels count (0) must be >= 1")),
                arguments("negative count", FashionMnist.TRAIN_IMAGES_FILE, (Corruption) dir ->
                        gzip(dir.resolve(FashionMnist.TRAIN_IMAGES_FILE), header(2051, -5, 28, 28)),
                        List.of("declared images count (-5) must be >= 1")),
                arguments("count beyond memory", FashionMnist.TRAIN_IMAGES_FILE, (Corruption) dir ->
                        gzip(dir.resolve(FashionMnist.TRAIN_IMAGES_FILE), header(2051, 3_000_000, 28, 28)),
                        List.of("declared images count (3000000) must be at most 2739137")),
                // new: allocated 1.6 GB for a 100-byte file before finding it truncated
                arguments("header claims 2,000,000 images", FashionMnist.TRAIN_IMAGES_FILE, (Corruption) dir ->
                        gzip(dir.resolve(FashionMnist.TRAIN_IMAGES_FILE), withBytes(header(2051, 2_000_000, 28, 28),
                                100)),
                        List.of("is truncated", "expected 1568000000 bytes", "found only 100 bytes")),
                // new: allocated 2 GB for a 50-byte file
                arguments("header claims 2,000,000,000 labels", FashionMnist.TEST_LABELS_FILE, (Corruption) dir ->
                        gzip(dir.resolve(FashionMnist.TEST_LABELS_FILE), withBytes(header(2049, 2_000_000_000), 50)),
                        List.of("is truncated", "expected 2000000000 bytes", "found only 50 bytes")),
                arguments("trailing bytes", FashionMnist.TEST_LABELS_FILE, (Corruption) dir -> {
                    Path f = dir.resolve(FashionMnist.TEST_LABELS_FILE);
                    byte[] content = gunzip(f);
                    gzip(f, Arrays.copyOf(content, content.length + 1));
                }, List.of("has bytes after the 200 labels its header declares")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void corruptFilesAreRefusedCheaplyAndLeftAlone(String name, String file, Corruption corruption,
            List<String> words) throws IOException {
        Path dir = Files.createDirectory(temp.resolve("copy"));
        for (String f : FashionMnistFixture.FILES) {
            Files.copy(fixture.resolve(f), dir.resolve(f));
        }
        corruption.apply(dir);
        Map<String, byte[]> before = snapshot(dir);
        long allocated = allocatedBytes();
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));
        allocated = allocatedBytes() - allocated;
        assertEquals(dir.resolve(file).toAbsolutePath(), e.file());
        assertTrue(e.getMessage().startsWith(dir.resolve(file).toAbsolutePath() + ": "), e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "message lacks \"" + w + "\": " + e.getMessage());
        }
        assertUnchanged(before, dir);
        // the fixture's four files hold 1,000 + 200 examples (under 1 MB); what a header claims must not be allocated
        assertTrue(allocated < 64L << 20, name + ": allocated " + (allocated >> 20) + " MB");
    }

    static Stream<Arguments> absurdArguments() {
        return Stream.of(
                arguments("batch 0", (Runnable) () -> data.trainIterator(0, 1), List.of("batchSize (0)", ">= 1")),
                arguments("batch MIN_VALUE", (Runnable) () -> data.testIterator(Integer.MIN_VALUE),
                        List.of("batchSize (-2147483648)", ">= 1")),
                arguments("negative first epoch", (Runnable) () -> data.trainIterator(32, 1, -1),
                        List.of("firstEpoch (-1)", ">= 0")),
                // new: replayed 2^31 shuffles (weeks) instead of answering
                arguments("first epoch MAX_VALUE", (Runnable) () -> data.trainIterator(32, 1, Integer.MAX_VALUE),
                        List.of("firstEpoch (2147483647)", "[0, 10000]", "getEpochCount()")),
                arguments("first epoch just past the bound", (Runnable) () -> data.trainIterator(32, 1,
                        FashionMnist.MAX_FIRST_EPOCH + 1), List.of("firstEpoch (10001)", "[0, 10000]")),
                arguments("next(-5)", (Runnable) () -> data.testIterator(10).next(-5), List.of("num (-5)", ">= 1")),
                arguments("maxTrain 0", (Runnable) () -> FashionMnist.load(fixture, 0, 1),
                        List.of("maxTrain (0)", ">= 1")),
                arguments("maxTest MIN_VALUE", (Runnable) () -> FashionMnist.load(fixture, 1, Integer.MIN_VALUE),
                        List.of("maxTest (-2147483648)", ">= 1")),
                arguments("a file as the data directory", (Runnable) () -> FashionMnist.load(
                        fixture.resolve(FashionMnist.TRAIN_IMAGES_FILE)), List.of("must be an existing directory")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("absurdArguments")
    void absurdArgumentsAreRefusedAtOnce(String name, Runnable action, List<String> words) throws IOException {
        Map<String, byte[]> before = snapshot(fixture);
        IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(IllegalArgumentException.class, action::run));
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "message lacks \"" + w + "\": " + e.getMessage());
        }
        assertUnchanged(before, fixture);
    }

    @Test
    void theLatestAllowedFirstEpochServesWhatResetsWouldServe() {
        // the bound is an argument check, not a change of the order: epoch 3 reached by replay or by resets agree
        var resumed = data.trainIterator(250, 9, 3);
        var fresh = data.trainIterator(250, 9);
        for (int i = 0; i < 3; i++) {
            fresh.reset();
        }
        while (fresh.hasNext()) {
            assertArrayEquals(fresh.next().getLabels().ravel().toFloatVector(),
                    resumed.next().getLabels().ravel().toFloatVector());
        }
        long start = System.nanoTime();
        data.trainIterator(250, 9, FashionMnist.MAX_FIRST_EPOCH);
        assertTrue(System.nanoTime() - start < 20e9, "replaying 10,000 shuffles of 1,000 examples takes well under 20 s");
    }

    // ---------------------------------------------------------------- helpers

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    private static void assertUnchanged(Map<String, byte[]> before, Path dir) throws IOException {
        Map<String, byte[]> after = snapshot(dir);
        assertEquals(before.keySet(), after.keySet(), "files of " + dir);
        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            assertArrayEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " changed");
        }
    }

    /** A big-endian IDX header: magic number, then the dimensions. */
    private static byte[] header(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    private static byte[] withBytes(byte[] header, int extra) {
        byte[] all = Arrays.copyOf(header, header.length + extra);
        Arrays.fill(all, header.length, all.length, (byte) 1);
        return all;
    }

    private interface BufferEdit {
        void apply(ByteBuffer b);
    }

    private static void editIdx(Path file, BufferEdit edit) throws IOException {
        byte[] content = gunzip(file);
        edit.apply(ByteBuffer.wrap(content));
        gzip(file, content);
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static void gzip(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }
}
