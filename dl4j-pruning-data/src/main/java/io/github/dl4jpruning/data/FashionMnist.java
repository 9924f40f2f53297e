package io.github.dl4jpruning.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, "Fashion-MNIST: a Novel Image Dataset for Benchmarking
 * Machine Learning Algorithms", arXiv:1708.07747; Zalando Research, MIT license), read from its four gzip
 * IDX files.
 *
 * <p>{@link #resolveDirectory(Path)} finds the files ({@code --data DIR}, then {@code FMNIST_DIR}, then the
 * Debian package {@code dataset-fashion-mnist} at {@link #DEFAULT_DIRECTORY}); {@link #load(Path)} validates
 * and reads them. The examples are kept compactly as bytes (one byte per pixel and per label). The first
 * iterator over a split converts that split once to a float32 {@code [n, 784]} feature matrix (pixels / 255,
 * in [0, 1]) and a one-hot {@code [n, 10]} label matrix, shared by every later iterator; each batch is then
 * gathered with {@link Nd4j#pullRows(INDArray, int, int...)} into fresh arrays, so a pre-processor may modify
 * a batch in place without touching the shared data.
 *
 * <p>Instances are immutable apart from that cached conversion and are safe to share between threads; the
 * iterators they hand out are not thread-safe.
 */
public final class FashionMnist {

    /** Where the Debian package {@code dataset-fashion-mnist} installs the four files. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** Environment variable consulted when no {@code --data DIR} is given. */
    public static final String ENV_VARIABLE = "FMNIST_DIR";

    /** File name of the training images (IDX3, gzip). */
    public static final String TRAIN_IMAGES_FILE = "train-images-idx3-ubyte.gz";

    /** File name of the training labels (IDX1, gzip). */
    public static final String TRAIN_LABELS_FILE = "train-labels-idx1-ubyte.gz";

    /** File name of the test images (IDX3, gzip). */
    public static final String TEST_IMAGES_FILE = "t10k-images-idx3-ubyte.gz";

    /** File name of the test labels (IDX1, gzip). */
    public static final String TEST_LABELS_FILE = "t10k-labels-idx1-ubyte.gz";

    /** Image height in pixels. */
    public static final int ROWS = 28;

    /** Image width in pixels. */
    public static final int COLUMNS = 28;

    /** Pixels per image, the number of input columns: 784. */
    public static final int PIXELS = ROWS * COLUMNS;

    /** Number of classes: 10. */
    public static final int CLASSES = 10;

    /** Class names, indexed by label value. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /**
     * The latest epoch {@link #trainIterator(int, long, int)} can start at. Epoch {@code e}'s order is the
     * {@code e}-th draw of one {@link Random}, and the draws consume a varying number of values (rejection
     * sampling in {@link Random#nextInt(int)}), so reaching it means drawing every earlier shuffle, about a
     * millisecond each for the 60,000 training examples: 10,000 epochs (more than any Fashion-MNIST run needs by
     * two orders of magnitude) cost seconds, while {@code Integer.MAX_VALUE} would take weeks.
     */
    public static final int MAX_FIRST_EPOCH = 10_000;

    /** IDX magic number of an unsigned-byte rank-3 tensor (images). */
    static final int IMAGE_MAGIC = 2051;

    /** IDX magic number of an unsigned-byte rank-1 tensor (labels). */
    static final int LABEL_MAGIC = 2049;

    private static final Logger LOG = LoggerFactory.getLogger(FashionMnist.class);

    private static final String INSTALL_HINT = "install it with: apt-get update && apt-get install -y "
            + "dataset-fashion-mnist, or pass --data DIR / set " + ENV_VARIABLE;

    private static final String REINSTALL_HINT = "re-download the file or re-install dataset-fashion-mnist";

    private static final int IMAGE_HEADER_BYTES = 16;

    private static final int LABEL_HEADER_BYTES = 8;

    private static final int BUFFER_BYTES = 1 << 16;

    /** {@code PIXEL_VALUE[b] == b / 255f}: the conversion of one unsigned pixel byte. */
    private static final float[] PIXEL_VALUE = new float[256];

    static {
        for (int b = 0; b < PIXEL_VALUE.length; b++) {
            PIXEL_VALUE[b] = b / 255f;
        }
    }

    private final Path directory;
    private final Split train;
    private final Split test;

    private FashionMnist(Path directory, Split train, Split test) {
        this.directory = directory;
        this.train = train;
        this.test = test;
    }

    /**
     * Chooses the Fashion-MNIST directory: {@code explicitDirOrNull} (the {@code --data DIR} value) if
     * non-null, else the {@value #ENV_VARIABLE} environment variable if set and non-empty, else
     * {@link #DEFAULT_DIRECTORY}.
     *
     * @param explicitDirOrNull the directory given on the command line, or null if none was given
     * @return the chosen directory, which exists
     * @throws IllegalArgumentException if the chosen directory does not exist or is not a directory; the
     *     message says where the choice came from and how to install the data
     */
    public static Path resolveDirectory(Path explicitDirOrNull) {
        return resolveDirectory(explicitDirOrNull, System.getenv(ENV_VARIABLE));
    }

    /**
     * {@link #resolveDirectory(Path)} with the environment variable's value passed in, so that tests can
     * cover every branch without changing the process environment.
     *
     * @param explicitDirOrNull the {@code --data} directory, or null
     * @param envValueOrNull the value of {@value #ENV_VARIABLE}, or null if it is not set
     * @return the chosen directory, which exists
     * @throws IllegalArgumentException if the chosen directory does not exist, is not a directory, or the
     *     environment value is not a valid path
     */
    static Path resolveDirectory(Path explicitDirOrNull, String envValueOrNull) {
        Path dir;
        String source;
        if (explicitDirOrNull != null) {
            dir = explicitDirOrNull;
            source = "--data";
        } else if (envValueOrNull != null && !envValueOrNull.isEmpty()) {
            source = "environment variable " + ENV_VARIABLE;
            try {
                dir = Path.of(envValueOrNull);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(ENV_VARIABLE + " (" + envValueOrNull
                        + ") must be a valid directory path (" + e.getMessage() + "); " + INSTALL_HINT, e);
            }
        } else {
            dir = DEFAULT_DIRECTORY;
            source = "the default, as neither --data nor " + ENV_VARIABLE + " was given";
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Fashion-MNIST directory (" + dir + ", from " + source
                    + ") must be an existing directory; " + INSTALL_HINT);
        }
        return dir;
    }

    /**
     * Loads every example of both splits.
     *
     * @param dir the directory holding the four gzip IDX files (see {@link #resolveDirectory(Path)})
     * @return the loaded dataset
     * @throws NullPointerException if {@code dir} is null
     * @throws IllegalArgumentException if {@code dir} or one of the four files does not exist
     * @throws DatasetFormatException if a file is malformed (the message names the file and the problem)
     * @throws UncheckedIOException if reading a file fails for another reason (permissions, disk errors)
     */
    public static FashionMnist load(Path dir) {
        return load(dir, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * Loads the first {@code maxTrain} training and the first {@code maxTest} test examples (all of them
     * where a file holds fewer). Only the requested part of each file is decompressed; a file read to its
     * declared end is also checked for trailing bytes and its gzip checksum.
     *
     * @param dir the directory holding the four gzip IDX files (see {@link #resolveDirectory(Path)})
     * @param maxTrain the most training examples to read; at least 1 ({@link Integer#MAX_VALUE} for all)
     * @param maxTest the most test examples to read; at least 1 ({@link Integer#MAX_VALUE} for all)
     * @return the loaded dataset
     * @throws NullPointerException if {@code dir} is null
     * @throws IllegalArgumentException if {@code maxTrain} or {@code maxTest} is below 1, or if {@code dir} or
     *     one of the four files does not exist
     * @throws DatasetFormatException if a file is malformed (the message names the file and the problem)
     * @throws UncheckedIOException if reading a file fails for another reason (permissions, disk errors)
     */
    public static FashionMnist load(Path dir, int maxTrain, int maxTest) {
        Objects.requireNonNull(dir, "dir");
        requireAtLeastOne("maxTrain", maxTrain);
        requireAtLeastOne("maxTest", maxTest);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Fashion-MNIST directory (" + dir.toAbsolutePath()
                    + ") must be an existing directory; " + INSTALL_HINT);
        }
        long start = System.nanoTime();
        Split train = readSplit(dir.resolve(TRAIN_IMAGES_FILE), dir.resolve(TRAIN_LABELS_FILE), maxTrain);
        Split test = readSplit(dir.resolve(TEST_IMAGES_FILE), dir.resolve(TEST_LABELS_FILE), maxTest);
        LOG.info("Loaded Fashion-MNIST from {}: {} training and {} test examples in {} ms",
                dir.toAbsolutePath(), train.count, test.count, (System.nanoTime() - start) / 1_000_000);
        return new FashionMnist(dir, train, test);
    }

    /**
     * The directory the data was loaded from.
     *
     * @return the directory passed to {@link #load(Path, int, int)}
     */
    public Path directory() {
        return directory;
    }

    /**
     * Number of training examples loaded.
     *
     * @return the training-set size, at least 1
     */
    public int trainCount() {
        return train.count;
    }

    /**
     * Number of test examples loaded.
     *
     * @return the test-set size, at least 1
     */
    public int testCount() {
        return test.count;
    }

    /**
     * An iterator over the training set, shuffled: epoch 0's order comes from a {@link Random} seeded with
     * {@code seed}, and every {@link DataSetIterator#reset()} draws the next epoch's order from the same
     * generator. So every epoch has a different order, and two iterators with the same seed give the same
     * sequence of orders; training resumed at epoch {@code e} sees the order uninterrupted training would
     * have seen with {@link #trainIterator(int, long, int)}. Features are float32 {@code [batch, 784]} in
     * [0, 1]; labels are one-hot float32 {@code [batch, 10]}; the last batch of an epoch holds the remainder.
     *
     * @param batchSize examples per batch; at least 1
     * @param seed seed of the shuffling generator
     * @return a new iterator, positioned at the start of epoch 0
     * @throws IllegalArgumentException if {@code batchSize} is below 1
     */
    public DataSetIterator trainIterator(int batchSize, long seed) {
        return trainIterator(batchSize, seed, 0);
    }

    /**
     * As {@link #trainIterator(int, long)}, positioned at the start of epoch {@code firstEpoch} (the
     * shuffles of the earlier epochs are drawn and discarded, a few milliseconds each): for training
     * resumed from a model saved after {@code firstEpoch} epochs (DL4J's {@code getEpochCount()}).
     *
     * @param batchSize examples per batch; at least 1
     * @param seed seed of the shuffling generator
     * @param firstEpoch the epoch whose order is served first; in [0, {@value #MAX_FIRST_EPOCH}]
     * @return a new iterator
     * @throws IllegalArgumentException if {@code batchSize} is below 1 or {@code firstEpoch} is negative or above
     *     {@value #MAX_FIRST_EPOCH}
     */
    public DataSetIterator trainIterator(int batchSize, long seed, int firstEpoch) {
        requireAtLeastOne("batchSize", batchSize);
        if (firstEpoch < 0) {
            throw new IllegalArgumentException("firstEpoch (" + firstEpoch + ") must be >= 0");
        }
        if (firstEpoch > MAX_FIRST_EPOCH) {
            throw new IllegalArgumentException("firstEpoch (" + firstEpoch + ") must be in [0, " + MAX_FIRST_EPOCH
                    + "]: the shuffles of all earlier epochs are replayed to reach it; pass the epoch count of the "
                    + "saved model (getEpochCount()), not an iteration count");
        }
        return new FashionMnistIterator(train.tensors(), batchSize, seed, firstEpoch);
    }

    /**
     * An iterator over the test set in file order (no shuffling); otherwise as
     * {@link #trainIterator(int, long)}.
     *
     * @param batchSize examples per batch; at least 1
     * @return a new iterator, positioned at the first test example
     * @throws IllegalArgumentException if {@code batchSize} is below 1
     */
    public DataSetIterator testIterator(int batchSize) {
        requireAtLeastOne("batchSize", batchSize);
        return new FashionMnistIterator(test.tensors(), batchSize);
    }

    /**
     * The whole test set as one data set, in file order: features {@code [testCount, 784]} in [0, 1], one-hot
     * labels {@code [testCount, 10]}. The arrays are fresh copies the caller may modify.
     *
     * @return the test set
     */
    public DataSet testSet() {
        Tensors tensors = test.tensors();
        DataSet dataSet = outsideWorkspaces(() -> new DataSet(tensors.features.dup(), tensors.labels.dup()));
        dataSet.setLabelNames(CLASS_NAMES);
        return dataSet;
    }

    /**
     * Describes the loaded data.
     *
     * @return directory and split sizes
     */
    @Override
    public String toString() {
        return "FashionMnist[directory=" + directory + ", trainCount=" + train.count + ", testCount="
                + test.count + "]";
    }

    private static void requireAtLeastOne(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " (" + value + ") must be >= 1");
        }
    }

    private static Split readSplit(Path imagesFile, Path labelsFile, int max) {
        requireFile(imagesFile);
        requireFile(labelsFile);
        IdxContent images = readIdx(imagesFile, IMAGE_MAGIC, max);
        IdxContent labels = readIdx(labelsFile, LABEL_MAGIC, max);
        if (labels.declaredCount != images.declaredCount) {
            throw new DatasetFormatException(labelsFile, "label count (" + labels.declaredCount
                    + ") must equal the image count (" + images.declaredCount + ") declared by " + imagesFile
                    + "; both files must come from the same split of the same release, " + REINSTALL_HINT);
        }
        byte[] labelBytes = labels.data;
        for (int i = 0; i < labelBytes.length; i++) {
            if (labelBytes[i] < 0 || labelBytes[i] >= CLASSES) {
                throw new DatasetFormatException(labelsFile, "label of example " + i + " ("
                        + Byte.toUnsignedInt(labelBytes[i]) + ") must be in 0.." + (CLASSES - 1) + "; "
                        + REINSTALL_HINT);
            }
        }
        return new Split(images.data, labelBytes, labelBytes.length);
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Fashion-MNIST file (" + file.toAbsolutePath()
                    + ") must exist and be a regular file; " + INSTALL_HINT);
        }
    }

    /**
     * Reads the header and the first {@code max} items of one gzip IDX file.
     *
     * @param file the file
     * @param magic the IDX magic number the file must start with: {@link #IMAGE_MAGIC} or {@link #LABEL_MAGIC}
     * @param max the most items to read
     * @return the declared item count and the bytes of the items read
     */
    private static IdxContent readIdx(Path file, int magic, int max) {
        boolean images = magic == IMAGE_MAGIC;
        String what = images ? "images" : "labels";
        int itemBytes = images ? PIXELS : 1;
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(
                        new BufferedInputStream(new GZIPInputStream(raw, BUFFER_BYTES), BUFFER_BYTES))) {
            int headerBytes = images ? IMAGE_HEADER_BYTES : LABEL_HEADER_BYTES;
            byte[] headerData = in.readNBytes(headerBytes);
            if (headerData.length < headerBytes) {
                throw new DatasetFormatException(file, "is truncated: expected a " + headerBytes
                        + "-byte IDX header, found only " + headerData.length + " bytes; " + REINSTALL_HINT);
            }
            ByteBuffer header = ByteBuffer.wrap(headerData);
            int foundMagic = header.getInt();
            if (foundMagic != magic) {
                throw new DatasetFormatException(file, "IDX magic number (" + foundMagic + ") must be " + magic
                        + " (unsigned-byte " + what + "); the file is not a Fashion-MNIST " + what
                        + " file, check the file name or " + REINSTALL_HINT);
            }
            int declared = header.getInt();
            if (declared < 1) {
                throw new DatasetFormatException(file, "declared " + what + " count (" + declared
                        + ") must be >= 1; " + REINSTALL_HINT);
            }
            if (images) {
                int rows = header.getInt();
                int columns = header.getInt();
                if (rows != ROWS || columns != COLUMNS) {
                    throw new DatasetFormatException(file, "image size (" + rows + "x" + columns + ") must be "
                            + ROWS + "x" + COLUMNS + "; the file is not Fashion-MNIST, " + REINSTALL_HINT);
                }
            }
            int count = Math.min(declared, max);
            long expected = (long) count * itemBytes;
            if (expected > Integer.MAX_VALUE - 8) {
                throw new DatasetFormatException(file, "declared " + what + " count (" + declared + ") must be "
                        + "at most " + (Integer.MAX_VALUE - 8) / itemBytes + " to fit in memory; "
                        + "pass a smaller maximum or " + REINSTALL_HINT);
            }
            byte[] data = readUpTo(in, (int) expected);
            int read = data.length;
            if (read < expected) {
                throw new DatasetFormatException(file, "is truncated: expected " + expected + " bytes of "
                        + what + " data (" + count + " of the " + declared + " declared " + what + ") after the "
                        + headerBytes + "-byte header, found only " + read + " bytes; " + REINSTALL_HINT);
            }
            if (count == declared && in.read() != -1) {
                // reading to the end also verifies the gzip trailer (CRC-32 and length)
                throw new DatasetFormatException(file, "has bytes after the " + declared + " " + what
                        + " its header declares; the header must match the data, " + REINSTALL_HINT);
            }
            return new IdxContent(declared, data);
        } catch (ZipException e) {
            throw new DatasetFormatException(file, "is not a valid gzip file (" + describe(e)
                    + "); the Fashion-MNIST files must be gzip-compressed IDX files, " + REINSTALL_HINT, e);
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "is truncated: the gzip stream ends early ("
                    + describe(e) + "); " + REINSTALL_HINT, e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file.toAbsolutePath() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads up to {@code length} bytes, growing the buffer as data arrives: memory follows what the file holds,
     * not what its header claims (a 100-byte file declaring 2,000,000 images must not allocate 1.5 GB).
     *
     * @return the bytes read; shorter than {@code length} only if the stream ended first
     */
    private static byte[] readUpTo(InputStream in, int length) throws IOException {
        byte[] data = new byte[Math.min(length, BUFFER_BYTES)];
        int read = 0;
        while (true) {
            int n = in.readNBytes(data, read, data.length - read);
            read += n;
            if (read < data.length || data.length == length) {
                return read == data.length ? data : Arrays.copyOf(data, read);
            }
            data = Arrays.copyOf(data, (int) Math.min(length, 2L * data.length));
        }
    }

    /**
     * Runs {@code create} with no workspace open, so arrays that outlive the caller's workspace scope (the
     * cached split, batches handed to a training loop) are never attached to one.
     */
    private static <T> T outsideWorkspaces(Supplier<T> create) {
        MemoryWorkspace scope = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
        try {
            return create.get();
        } finally {
            scope.close();
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Header count and the items read from one IDX file. */
    private record IdxContent(int declaredCount, byte[] data) {
    }

    /** A split (train or test) as bytes, with its float conversion built on first use. */
    private static final class Split {
        private final byte[] pixels;
        private final byte[] labels;
        private final int count;
        private Tensors tensors;

        Split(byte[] pixels, byte[] labels, int count) {
            this.pixels = pixels;
            this.labels = labels;
            this.count = count;
        }

        synchronized Tensors tensors() {
            if (tensors == null) {
                float[] features = new float[count * PIXELS];
                for (int i = 0; i < features.length; i++) {
                    features[i] = PIXEL_VALUE[pixels[i] & 0xFF];
                }
                float[] oneHot = new float[count * CLASSES];
                for (int i = 0; i < count; i++) {
                    oneHot[i * CLASSES + labels[i]] = 1f;
                }
                tensors = outsideWorkspaces(() -> new Tensors(
                        Nd4j.create(features, new int[] {count, PIXELS}, 'c'),
                        Nd4j.create(oneHot, new int[] {count, CLASSES}, 'c')));
            }
            return tensors;
        }
    }

    /** The float32 feature and one-hot label matrices of a split, shared by its iterators; never modified. */
    private record Tensors(INDArray features, INDArray labels) {
        int count() {
            return (int) features.size(0);
        }
    }

    /** Batches over a split, in a seeded shuffled order (reshuffled on reset) or in file order. */
    private static final class FashionMnistIterator implements DataSetIterator {

        private static final long serialVersionUID = 1L;

        private final Tensors tensors;
        private final int batchSize;
        /** Null for file order. */
        private final Random random;
        private int epoch;
        private final int[] order;
        private int cursor;
        private DataSetPreProcessor preProcessor;

        FashionMnistIterator(Tensors tensors, int batchSize, long seed, int firstEpoch) {
            this.tensors = tensors;
            this.batchSize = batchSize;
            this.random = new Random(seed);
            this.order = new int[tensors.count()];
            for (int e = 0; e <= firstEpoch; e++) {
                arrangeOrder();
            }
            this.epoch = firstEpoch;
        }

        FashionMnistIterator(Tensors tensors, int batchSize) {
            this.tensors = tensors;
            this.batchSize = batchSize;
            this.random = null;
            this.order = new int[tensors.count()];
            arrangeOrder();
        }

        /** File order, then (when shuffling) a Fisher-Yates shuffle drawn from {@link #random}. */
        private void arrangeOrder() {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            if (random != null) {
                for (int i = order.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int swap = order[i];
                    order[i] = order[j];
                    order[j] = swap;
                }
            }
        }

        @Override
        public boolean hasNext() {
            return cursor < order.length;
        }

        @Override
        public DataSet next() {
            return next(batchSize);
        }

        @Override
        public DataSet next(int num) {
            requireAtLeastOne("num", num);
            if (!hasNext()) {
                throw new NoSuchElementException("all " + order.length + " examples of this epoch were served;"
                        + " call reset() to start the next epoch");
            }
            int end = (int) Math.min(order.length, (long) cursor + num);
            int[] rows = Arrays.copyOfRange(order, cursor, end);
            cursor = end;
            DataSet dataSet = outsideWorkspaces(() -> new DataSet(Nd4j.pullRows(tensors.features, 1, rows),
                    Nd4j.pullRows(tensors.labels, 1, rows)));
            dataSet.setLabelNames(CLASS_NAMES);
            if (preProcessor != null) {
                preProcessor.preProcess(dataSet);
            }
            return dataSet;
        }

        @Override
        public int inputColumns() {
            return PIXELS;
        }

        @Override
        public int totalOutcomes() {
            return CLASSES;
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            cursor = 0;
            if (random != null) {
                epoch++;
                arrangeOrder();
            }
        }

        @Override
        public int batch() {
            return batchSize;
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            this.preProcessor = preProcessor;
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return preProcessor;
        }

        @Override
        public List<String> getLabels() {
            return CLASS_NAMES;
        }

        @Override
        public String toString() {
            return "FashionMnistIterator[examples=" + order.length + ", batchSize=" + batchSize + ", shuffled="
                    + (random != null) + (random != null ? ", epoch=" + epoch : "") + ", position=" + cursor + "]";
        }
    }
}
