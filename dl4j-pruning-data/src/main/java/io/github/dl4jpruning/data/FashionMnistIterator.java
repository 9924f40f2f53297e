package io.github.dl4jpruning.data;

import static io.github.dl4jpruning.data.FashionMnist.CLASSES;
import static io.github.dl4jpruning.data.FashionMnist.CLASS_NAMES;
import static io.github.dl4jpruning.data.FashionMnist.PIXELS;
import static io.github.dl4jpruning.data.FashionMnist.outsideWorkspaces;
import static io.github.dl4jpruning.data.FashionMnist.requireAtLeastOne;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/** Batches over a split, in a seeded shuffled order (reshuffled on reset) or in file order. */
final class FashionMnistIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final FashionMnist.Tensors tensors;
    private final int batchSize;
    /** Null for file order. */
    private final Random random;
    private int epoch;
    private final int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    FashionMnistIterator(FashionMnist.Tensors tensors, int batchSize, long seed, int firstEpoch) {
        this.tensors = tensors;
        this.batchSize = batchSize;
        this.random = new Random(seed);
        this.order = new int[tensors.count()];
        for (int e = 0; e <= firstEpoch; e++) {
            arrangeOrder();
        }
        this.epoch = firstEpoch;
    }

    FashionMnistIterator(FashionMnist.Tensors tensors, int batchSize) {
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
        DataSet dataSet = outsideWorkspaces(() -> new DataSet(Nd4j.pullRows(tensors.features(), 1, rows),
                Nd4j.pullRows(tensors.labels(), 1, rows)));
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
