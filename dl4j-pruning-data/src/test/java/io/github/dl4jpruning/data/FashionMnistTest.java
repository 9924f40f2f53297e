package io.github.dl4jpruning.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * {@link FashionMnist} on the unit-test fixture (first 1,000 training / 200 test examples of the Debian
 * package dataset-fashion-mnist, see src/test/resources/fashion-mnist-fixture/README.md).
 *
 * <p>Golden values were computed independently of this code, in the fixture folder, with
 * <pre>
 * python3 -c "import gzip
 * t=gzip.open('train-images-idx3-ubyte.gz').read()[16:]; l=gzip.open('train-labels-idx1-ubyte.gz').read()[8:]
 * T=gzip.open('t10k-images-idx3-ubyte.gz').read()[16:]; L=gzip.open('t10k-labels-idx1-ubyte.gz').read()[8:]
 * print(l[0], sum(t[:784]), l[999], sum(t[999*784:]), L[0], sum(T[:784]), L[199], sum(T[199*784:]))
 * print(sum(t), sum(T), [l.count(bytes([c])) for c in range(10)], [L.count(bytes([c])) for c in range(10)])"
 * </pre>
 * which printed {@code 9 76247 8 69838 9 33456 1 51291} and {@code 56558003 11795585
 * [107, 104, 86, 92, 95, 100, 100, 115, 102, 99] [20, 27, 27, 17, 21, 16, 16, 20, 18, 18]}. The same
 * values for training example 0 (label 9, pixel sum 76247) come out of the full Debian file. Per-pixel
 * checks compare with a plain {@link GZIPInputStream} parse in this class.
 */
class FashionMnistTest {

    private static final int TRAIN_0_LABEL = 9;
    private static final long TRAIN_0_PIXEL_SUM = 76_247;
    private static final long TRAIN_PIXEL_SUM = 56_558_003;
    private static final long TEST_PIXEL_SUM = 11_795_585;
    private static final int TEST_0_LABEL = 9;
    private static final long TEST_0_PIXEL_SUM = 33_456;
    private static final int TEST_199_LABEL = 1;
    private static final long TEST_199_PIXEL_SUM = 51_291;
    private static final int[] TRAIN_CLASS_COUNTS = {107, 104, 86, 92, 95, 100, 100, 115, 102, 99};
    private static final int[] TEST_CLASS_COUNTS = {20, 27, 27, 17, 21, 16, 16, 20, 18, 18};

    private static Path fixture;
    private static FashionMnist data;

    @TempDir
    Path temp;

    @BeforeAll
    static void loadFixture() {
        fixture = FashionMnistFixture.directory();
        data = FashionMnist.load(fixture);
    }

    // ---------------------------------------------------------------- good inputs, golden values

    @Test
    void countsAndDirectoryMatchTheFixture() {
        assertEquals(FashionMnistFixture.TRAIN_COUNT, data.trainCount());
        assertEquals(FashionMnistFixture.TEST_COUNT, data.testCount());
        assertEquals(fixture, data.directory());
        assertEquals("FashionMnist[directory=" + fixture + ", trainCount=1000, testCount=200]", data.toString());
    }

    @Test
    void trainingExampleZeroHasGoldenLabelAndPixelSum() {
        FashionMnist first = FashionMnist.load(fixture, 1, 1);
        assertEquals(1, first.trainCount());
        assertEquals(1, first.testCount());
        DataSet batch = first.trainIterator(8, 42).next();
        assertEquals(1, batch.numExamples());
        assertEquals(TRAIN_0_LABEL, batch.getLabels().argMax(1).getInt(0));
        assertEquals(TRAIN_0_PIXEL_SUM, rawSum(batch.getFeatures().ravel().toFloatVector()));
    }

    @Test
    void testSetHasGoldenValuesAndMatchesAnIndependentParse() throws IOException {
        DataSet testSet = data.testSet();
        INDArray features = testSet.getFeatures();
        INDArray labels = testSet.getLabels();
        assertArrayEquals(new long[] {200, 784}, features.shape());
        assertArrayEquals(new long[] {200, 10}, labels.shape());
        assertEquals(DataType.FLOAT, features.dataType());
        assertEquals(DataType.FLOAT, labels.dataType());
        assertEquals(FashionMnist.CLASS_NAMES, testSet.getLabelNamesList());

        float[][] f = features.toFloatMatrix();
        assertEquals(TEST_0_LABEL, labels.argMax(1).getInt(0));
        assertEquals(TEST_199_LABEL, labels.argMax(1).getInt(199));
        assertEquals(TEST_0_PIXEL_SUM, rawSum(f[0]));
        assertEquals(TEST_199_PIXEL_SUM, rawSum(f[199]));

        byte[] pixels = payload(fixture.resolve(FashionMnist.TEST_IMAGES_FILE), 16);
        byte[] rawLabels = payload(fixture.resolve(FashionMnist.TEST_LABELS_FILE), 8);
        long total = 0;
        int[] classCounts = new int[10];
        for (int i = 0; i < 200; i++) {
            for (int p = 0; p < 784; p++) {
                int raw = pixels[i * 784 + p] & 0xFF;
                assertEquals(raw / 255f, f[i][p], "example " + i + " pixel " + p);
                total += raw;
            }
            classCounts[rawLabels[i]]++;
            assertEquals(rawLabels[i], labels.argMax(1).getInt(i), "label of example " + i);
        }
        assertEquals(TEST_PIXEL_SUM, total);
        assertArrayEquals(TEST_CLASS_COUNTS, classCounts);
    }

    @Test
    void featuresAreInUnitRangeAndLabelsAreOneHot() {
        DataSetIterator it = data.trainIterator(128, 7);
        while (it.hasNext()) {
            DataSet batch = it.next();
            float[] features = batch.getFeatures().ravel().toFloatVector();
            for (float v : features) {
                assertTrue(v >= 0f && v <= 1f, "feature " + v + " outside [0, 1]");
            }
            for (float[] row : batch.getLabels().toFloatMatrix()) {
                float sum = 0;
                int ones = 0;
                for (float v : row) {
                    assertTrue(v == 0f || v == 1f, "label entry " + v + " is not 0 or 1");
                    sum += v;
                    ones += v == 1f ? 1 : 0;
                }
                assertEquals(1f, sum);
                assertEquals(1, ones);
            }
        }
        // the extremes occur: background 0 and full-intensity 255 pixels
        float[] all = data.testSet().getFeatures().ravel().toFloatVector();
        assertEquals(0f, min(all));
        assertEquals(1f, max(all));
    }

    @Test
    void trainEpochCoversEveryExampleExactlyOnceWithGoldenTotals() throws IOException {
        Map<String, Integer> expected = examplesOf(
                payload(fixture.resolve(FashionMnist.TRAIN_IMAGES_FILE), 16),
                payload(fixture.resolve(FashionMnist.TRAIN_LABELS_FILE), 8));
        DataSetIterator it = data.trainIterator(64, 123);
        for (int epoch = 0; epoch < 2; epoch++) {
            Map<String, Integer> seen = new HashMap<>();
            List<Integer> sizes = new ArrayList<>();
            long pixelSum = 0;
            int[] classCounts = new int[10];
            while (it.hasNext()) {
                DataSet batch = it.next();
                sizes.add(batch.numExamples());
                float[][] f = batch.getFeatures().toFloatMatrix();
                INDArray classes = batch.getLabels().argMax(1);
                for (int r = 0; r < f.length; r++) {
                    byte[] raw = toRaw(f[r]);
                    int label = classes.getInt(r);
                    seen.merge(key(raw, label), 1, Integer::sum);
                    pixelSum += rawSum(f[r]);
                    classCounts[label]++;
                }
            }
            // 1000 = 15 * 64 + 40: the partial last batch is served
            assertEquals(16, sizes.size());
            assertEquals(40, sizes.get(15));
            assertEquals(expected, seen, "epoch " + epoch + " must hold every example exactly once");
            assertEquals(TRAIN_PIXEL_SUM, pixelSum);
            assertArrayEquals(TRAIN_CLASS_COUNTS, classCounts);
            it.reset();
        }
    }

    @Test
    void partialLastBatchIsIncluded() {
        assertEquals(List.of(333, 333, 333, 1), batchSizes(data.trainIterator(333, 1)));
        assertEquals(List.of(64, 64, 64, 8), batchSizes(data.testIterator(64)));
        assertEquals(List.of(200), batchSizes(data.testIterator(1000)));
        DataSetIterator it = data.testIterator(50);
        assertEquals(7, it.next(7).numExamples());
        assertEquals(50, it.next().numExamples());
        assertEquals(143, it.next(1000).numExamples());
        assertFalse(it.hasNext());
    }

    @Test
    void sameSeedGivesTheSameSequenceOfEpochs() {
        DataSetIterator a = data.trainIterator(100, 2024);
        DataSetIterator b = data.trainIterator(100, 2024);
        for (int epoch = 0; epoch < 3; epoch++) {
            DataSet batchA = a.next();
            DataSet batchB = b.next();
            assertArrayEquals(batchA.getFeatures().ravel().toFloatVector(), batchB.getFeatures().ravel().toFloatVector(),
                    "epoch " + epoch);
            assertArrayEquals(batchA.getLabels().ravel().toFloatVector(), batchB.getLabels().ravel().toFloatVector(),
                    "epoch " + epoch);
            a.reset();
            b.reset();
        }
    }

    @Test
    void anIteratorStartedAtEpochKServesWhatAFreshOneServesAfterKResets() {
        DataSetIterator fresh = data.trainIterator(100, 2024);
        fresh.reset();
        fresh.reset();
        DataSetIterator resumed = data.trainIterator(100, 2024, 2);
        for (int epoch = 2; epoch < 4; epoch++) {
            while (fresh.hasNext()) {
                assertArrayEquals(fresh.next().getFeatures().ravel().toFloatVector(),
                        resumed.next().getFeatures().ravel().toFloatVector(), "epoch " + epoch);
            }
            assertFalse(resumed.hasNext());
            fresh.reset();
            resumed.reset();
        }
        assertEquals("firstEpoch (-1) must be >= 0", assertThrows(IllegalArgumentException.class,
                () -> data.trainIterator(100, 1, -1)).getMessage());
    }

    @Test
    void everyEpochAndEverySeedHasItsOwnOrder() throws IOException {
        DataSetIterator it = data.trainIterator(100, 2024);
        float[] epoch1 = it.next().getFeatures().ravel().toFloatVector();
        it.reset();
        float[] epoch2 = it.next().getFeatures().ravel().toFloatVector();
        float[] otherSeed = data.trainIterator(100, 2025).next().getFeatures().ravel().toFloatVector();
        assertFalse(Arrays.equals(epoch1, epoch2), "reset() must reshuffle");
        assertFalse(Arrays.equals(epoch1, otherSeed), "another seed must give another order");
        // and the training order is not the file order
        byte[] fileOrder = Arrays.copyOf(payload(fixture.resolve(FashionMnist.TRAIN_IMAGES_FILE), 16), 100 * 784);
        assertFalse(Arrays.equals(fileOrder, toRaw(epoch1)), "the training iterator must shuffle");
    }

    @Test
    void testIteratorKeepsFileOrderAcrossResets() {
        float[] whole = data.testSet().getFeatures().ravel().toFloatVector();
        DataSetIterator it = data.testIterator(64);
        for (int epoch = 0; epoch < 2; epoch++) {
            float[] joined = new float[whole.length];
            int at = 0;
            while (it.hasNext()) {
                float[] batch = it.next().getFeatures().ravel().toFloatVector();
                System.arraycopy(batch, 0, joined, at, batch.length);
                at += batch.length;
            }
            assertEquals(whole.length, at);
            assertArrayEquals(whole, joined, "epoch " + epoch);
            it.reset();
        }
    }

    @Test
    void iteratorDescribesItself() {
        DataSetIterator it = data.trainIterator(32, 5);
        assertEquals(784, it.inputColumns());
        assertEquals(10, it.totalOutcomes());
        assertEquals(32, it.batch());
        assertTrue(it.resetSupported());
        assertFalse(it.asyncSupported());
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                "Sneaker", "Bag", "Ankle boot"), it.getLabels());
        assertEquals("FashionMnistIterator[examples=1000, batchSize=32, shuffled=true, epoch=0, position=0]",
                it.toString());
        DataSet batch = it.next();
        assertArrayEquals(new long[] {32, 784}, batch.getFeatures().shape());
        assertArrayEquals(new long[] {32, 10}, batch.getLabels().shape());
        assertEquals(DataType.FLOAT, batch.getFeatures().dataType());
    }

    @Test
    void preProcessorIsAppliedToEveryBatchWithoutTouchingTheSharedData() {
        DataSetIterator it = data.testIterator(64);
        assertNull(it.getPreProcessor());
        int[] calls = {0};
        DataSetPreProcessor zeroFeatures = dataSet -> {
            calls[0]++;
            dataSet.getFeatures().assign(0);
        };
        it.setPreProcessor(zeroFeatures);
        assertSame(zeroFeatures, it.getPreProcessor());
        while (it.hasNext()) {
            assertEquals(0f, max(it.next().getFeatures().ravel().toFloatVector()));
        }
        assertEquals(4, calls[0]);
        // in-place changes by the pre-processor must not leak into other iterators or the test set
        assertEquals(TEST_0_PIXEL_SUM, rawSum(data.testIterator(1).next().getFeatures().ravel().toFloatVector()));
        assertEquals(TEST_PIXEL_SUM, rawSum(data.testSet().getFeatures().ravel().toFloatVector()));
    }

    @Test
    void maxCountsLimitWhatIsRead() {
        FashionMnist small = FashionMnist.load(fixture, 10, 5);
        assertEquals(10, small.trainCount());
        assertEquals(5, small.testCount());
        float[] expected = Arrays.copyOf(data.testSet().getFeatures().ravel().toFloatVector(), 5 * 784);
        assertArrayEquals(expected, small.testSet().getFeatures().ravel().toFloatVector());
        FashionMnist capped = FashionMnist.load(fixture, 5000, Integer.MAX_VALUE);
        assertEquals(1000, capped.trainCount());
        assertEquals(200, capped.testCount());
    }

    @Test
    void resolveDirectoryPrefersDataThenEnvironmentThenDefault() throws IOException {
        Path env = Files.createDirectory(temp.resolve("env"));
        assertEquals(fixture, FashionMnist.resolveDirectory(fixture));
        assertEquals(fixture, FashionMnist.resolveDirectory(fixture, env.toString()));
        assertEquals(env, FashionMnist.resolveDirectory(null, env.toString()));
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), FashionMnist.DEFAULT_DIRECTORY);
        if (Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY)) {
            assertEquals(FashionMnist.DEFAULT_DIRECTORY, FashionMnist.resolveDirectory(null, null));
            assertEquals(FashionMnist.DEFAULT_DIRECTORY, FashionMnist.resolveDirectory(null, ""));
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FashionMnist.resolveDirectory(null, ""));
            assertTrue(e.getMessage().contains("from the default"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- bad inputs

    @Test
    void resolveDirectoryNamesTheSourceOfAMissingDirectory() {
        Path missing = temp.resolve("no-such-dir");
        String hint = "install it with: apt-get update && apt-get install -y dataset-fashion-mnist, "
                + "or pass --data DIR / set FMNIST_DIR";
        IllegalArgumentException fromData = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.resolveDirectory(missing));
        assertEquals("Fashion-MNIST directory (" + missing + ", from --data) must be an existing directory; "
                + hint, fromData.getMessage());
        IllegalArgumentException fromEnv = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.resolveDirectory(null, missing.toString()));
        assertEquals("Fashion-MNIST directory (" + missing + ", from environment variable FMNIST_DIR) must be "
                + "an existing directory; " + hint, fromEnv.getMessage());
        Path file = fixture.resolve(FashionMnist.TRAIN_LABELS_FILE);
        IllegalArgumentException notADirectory = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.resolveDirectory(file));
        assertTrue(notADirectory.getMessage().contains("(" + file + ", from --data)"),
                notADirectory.getMessage());
        IllegalArgumentException badPath = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.resolveDirectory(null, "bad\0path"));
        assertTrue(badPath.getMessage().startsWith("FMNIST_DIR (bad\0path) must be a valid directory path"),
                badPath.getMessage());
    }

    @Test
    void missingDirectoryIsRejected() {
        Path missing = temp.resolve("absent");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.load(missing));
        assertTrue(e.getMessage().startsWith("Fashion-MNIST directory (" + missing.toAbsolutePath()
                + ") must be an existing directory; install it with: apt-get update"), e.getMessage());
        assertThrows(NullPointerException.class, () -> FashionMnist.load(null));
    }

    @Test
    void missingFileIsNamedWithItsFullPath() throws IOException {
        Path dir = copyOfFixture();
        Path labels = dir.resolve(FashionMnist.TEST_LABELS_FILE);
        Files.delete(labels);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().startsWith("Fashion-MNIST file (" + labels.toAbsolutePath()
                + ") must exist and be a regular file; install it with"), e.getMessage());
    }

    @Test
    void maxCountsBelowOneAreRejected() {
        IllegalArgumentException train = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.load(fixture, 0, 10));
        assertEquals("maxTrain (0) must be >= 1", train.getMessage());
        IllegalArgumentException test = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.load(fixture, 10, -3));
        assertEquals("maxTest (-3) must be >= 1", test.getMessage());
    }

    @Test
    void batchSizeBelowOneIsRejected() {
        IllegalArgumentException train = assertThrows(IllegalArgumentException.class,
                () -> data.trainIterator(0, 1));
        assertEquals("batchSize (0) must be >= 1", train.getMessage());
        IllegalArgumentException test = assertThrows(IllegalArgumentException.class,
                () -> data.testIterator(-1));
        assertEquals("batchSize (-1) must be >= 1", test.getMessage());
        IllegalArgumentException num = assertThrows(IllegalArgumentException.class,
                () -> data.testIterator(5).next(0));
        assertEquals("num (0) must be >= 1", num.getMessage());
    }

    @Test
    void nextAfterTheEpochEndsSaysToReset() {
        DataSetIterator it = data.testIterator(200);
        it.next();
        assertFalse(it.hasNext());
        NoSuchElementException e = assertThrows(NoSuchElementException.class, it::next);
        assertEquals("all 200 examples of this epoch were served; call reset() to start the next epoch",
                e.getMessage());
        it.reset();
        assertTrue(it.hasNext());
    }

    @Test
    void wrongMagicNumberIsNamed() throws IOException {
        Path dir = copyOfFixture();
        Path images = dir.resolve(FashionMnist.TRAIN_IMAGES_FILE);
        byte[] content = gunzip(images);
        ByteBuffer.wrap(content).putInt(0, 2049);
        gzip(images, content);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));
        assertEquals(images.toAbsolutePath(), e.file());
        assertTrue(e.getMessage().startsWith(images.toAbsolutePath()
                + ": IDX magic number (2049) must be 2051 (unsigned-byte images)"), e.getMessage());

        Path labels = dir.resolve(FashionMnist.TEST_LABELS_FILE);
        Files.copy(fixture.resolve(FashionMnist.TRAIN_IMAGES_FILE), images,
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(fixture.resolve(FashionMnist.TEST_IMAGES_FILE), labels,
                StandardCopyOption.REPLACE_EXISTING);
        DatasetFormatException swapped = assertThrows(DatasetFormatException.class,
                () -> FashionMnist.load(dir));
        assertTrue(swapped.getMessage().startsWith(labels.toAbsolutePath()
                + ": IDX magic number (2051) must be 2049 (unsigned-byte labels)"), swapped.getMessage());
    }

    @Test
    void wrongImageSizeIsNamed() throws IOException {
        Path dir = copyOfFixture();
        Path images = dir.resolve(FashionMnist.TEST_IMAGES_FILE);
        byte[] content = gunzip(images);
        ByteBuffer.wrap(content).putInt(8, 27);
        gzip(images, content);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().startsWith(images.toAbsolutePath() + ": image size (27x28) must be 28x28"),
                e.getMessage());
    }

    @Test
    void truncatedContentNamesExpectedAndFoundBytes() throws IOException {
        Path dir = copyOfFixture();
        Path images = dir.resolve(FashionMnist.TRAIN_IMAGES_FILE);
        byte[] content = gunzip(images);
        gzip(images, Arrays.copyOf(content, 16 + 500 * 784 + 100));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().startsWith(images.toAbsolutePath() + ": is truncated: expected 784000 bytes "
                + "of images data (1000 of the 1000 declared images) after the 16-byte header, found only "
                + "392100 bytes"), e.getMessage());
        // reading only the part that is present succeeds
        assertEquals(500, FashionMnist.load(dir, 500, 200).trainCount());

        gzip(images, Arrays.copyOf(content, 10));
        DatasetFormatException header = assertThrows(DatasetFormatException.class,
                () -> FashionMnist.load(dir));
        assertTrue(header.getMessage().startsWith(images.toAbsolutePath()
                + ": is truncated: expected a 16-byte IDX header, found only 10 bytes"), header.getMessage());
    }

    @Test
    void cutGzipFileIsNamed() throws IOException {
        Path dir = copyOfFixture();
        Path images = dir.resolve(FashionMnist.TEST_IMAGES_FILE);
        byte[] compressed = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(compressed, compressed.length / 2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().startsWith(images.toAbsolutePath()
                + ": is truncated: the gzip stream ends early"), e.getMessage());

        Files.write(images, new byte[0]);
        DatasetFormatException empty = assertThrows(DatasetFormatException.class,
                () -> FashionMnist.load(dir));
        assertTrue(empty.getMessage().startsWith(images.toAbsolutePath() + ": is truncated"),
                empty.getMessage());
    }

    @Test
    void nonGzipGarbageIsNamed() throws IOException {
        Path dir = copyOfFixture();
        Path labels = dir.resolve(FashionMnist.TRAIN_LABELS_FILE);
        Files.write(labels, "this is not gzip at all".getBytes(StandardCharsets.US_ASCII));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().startsWith(labels.toAbsolutePath()
                + ": is not a valid gzip file (Not in GZIP format)"), e.getMessage());
    }

    @Test
    void corruptGzipChecksumIsNamed() throws IOException {
        Path dir = copyOfFixture();
        Path labels = dir.resolve(FashionMnist.TEST_LABELS_FILE);
        byte[] compressed = Files.readAllBytes(labels);
        compressed[compressed.length - 8] ^= 0x55; // first byte of the CRC-32 in the gzip trailer
        Files.write(labels, compressed);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().startsWith(labels.toAbsolutePath() + ": is not a valid gzip file"),
                e.getMessage());
    }

    @Test
    void labelCountMismatchNamesBothFiles() throws IOException {
        Path dir = copyOfFixture();
        Path labels = dir.resolve(FashionMnist.TRAIN_LABELS_FILE);
        byte[] content = gunzip(labels);
        byte[] shorter = Arrays.copyOf(content, content.length - 1);
        ByteBuffer.wrap(shorter).putInt(4, 999);
        gzip(labels, shorter);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().startsWith(labels.toAbsolutePath() + ": label count (999) must equal the "
                + "image count (1000) declared by " + dir.resolve(FashionMnist.TRAIN_IMAGES_FILE)),
                e.getMessage());
    }

    @Test
    void labelOutOfRangeIsNamed() throws IOException {
        Path dir = copyOfFixture();
        Path labels = dir.resolve(FashionMnist.TEST_LABELS_FILE);
        byte[] content = gunzip(labels);
        content[8 + 5] = 10;
        gzip(labels, content);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().startsWith(labels.toAbsolutePath()
                + ": label of example 5 (10) must be in 0..9"), e.getMessage());
        content[8 + 5] = (byte) 200;
        gzip(labels, content);
        DatasetFormatException unsigned = assertThrows(DatasetFormatException.class,
                () -> FashionMnist.load(dir));
        assertTrue(unsigned.getMessage().contains("label of example 5 (200) must be in 0..9"),
                unsigned.getMessage());
    }

    @Test
    void bytesAfterTheDeclaredExamplesAreRejected() throws IOException {
        Path dir = copyOfFixture();
        Path labels = dir.resolve(FashionMnist.TEST_LABELS_FILE);
        byte[] content = gunzip(labels);
        gzip(labels, Arrays.copyOf(content, content.length + 3));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().startsWith(labels.toAbsolutePath()
                + ": has bytes after the 200 labels its header declares"), e.getMessage());
    }

    @Test
    void zeroDeclaredCountIsRejected() throws IOException {
        Path dir = copyOfFixture();
        Path images = dir.resolve(FashionMnist.TEST_IMAGES_FILE);
        byte[] header = Arrays.copyOf(gunzip(images), 16);
        ByteBuffer.wrap(header).putInt(4, 0);
        gzip(images, header);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().startsWith(images.toAbsolutePath() + ": declared images count (0) must be >= 1"),
                e.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    private Path copyOfFixture() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("fixture-copy"));
        for (String name : FashionMnistFixture.FILES) {
            Files.copy(fixture.resolve(name), dir.resolve(name));
        }
        return dir;
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

    /** The bytes after an IDX header of {@code headerBytes} bytes, parsed without the code under test. */
    private static byte[] payload(Path file, int headerBytes) throws IOException {
        byte[] all = gunzip(file);
        return Arrays.copyOfRange(all, headerBytes, all.length);
    }

    /** Undoes the b / 255 scaling exactly (every b / 255f rounds back to b). */
    private static byte[] toRaw(float[] features) {
        byte[] raw = new byte[features.length];
        for (int i = 0; i < features.length; i++) {
            raw[i] = (byte) Math.round(features[i] * 255f);
        }
        return raw;
    }

    private static long rawSum(float[] features) {
        long sum = 0;
        for (byte b : toRaw(features)) {
            sum += b & 0xFF;
        }
        return sum;
    }

    private static String key(byte[] pixels, int label) {
        return label + ":" + new String(pixels, StandardCharsets.ISO_8859_1);
    }

    private static Map<String, Integer> examplesOf(byte[] pixels, byte[] labels) {
        Map<String, Integer> examples = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            examples.merge(key(Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784), labels[i]), 1, Integer::sum);
        }
        return examples;
    }

    private static List<Integer> batchSizes(DataSetIterator it) {
        List<Integer> sizes = new ArrayList<>();
        while (it.hasNext()) {
            sizes.add(it.next().numExamples());
        }
        return sizes;
    }

    private static float min(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    private static float max(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
