package io.github.dl4jpruning.data;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
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

    static final String INSTALL_HINT = "install it with: apt-get update && apt-get install -y "
            + "dataset-fashion-mnist, or pass --data DIR / set " + ENV_VARIABLE;





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
        Split train = split(IdxReader.readSplit(dir.resolve(TRAIN_IMAGES_FILE), dir.resolve(TRAIN_LABELS_FILE),
                maxTrain));
        Split test = split(IdxReader.readSplit(dir.resolve(TEST_IMAGES_FILE), dir.resolve(TEST_LABELS_FILE),
                maxTest));
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

    static void requireAtLeastOne(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " (" + value + ") must be >= 1");
        }
    }

    private static Split split(IdxReader.RawSplit raw) {
        return new Split(raw.images(), raw.labels(), raw.count());
    }

    /**
     * Runs {@code create} with no workspace open, so arrays that outlive the caller's workspace scope (the
     * cached split, batches handed to a training loop) are never attached to one.
     */
    static <T> T outsideWorkspaces(Supplier<T> create) {
        MemoryWorkspace scope = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
        try {
            return create.get();
        } finally {
            scope.close();
        }
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
    record Tensors(INDArray features, INDArray labels) {
        int count() {
            return (int) features.size(0);
        }
    }
}
