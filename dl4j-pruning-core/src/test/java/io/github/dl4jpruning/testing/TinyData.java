package io.github.dl4jpruning.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Small seeded synthetic minibatches for layer kinds the Fashion-MNIST fixture does not fit (sequences, token
 * indices). Every value comes from {@link Random} with the given seed: same seed, same data.
 */
public final class TinyData {

    private TinyData() {
    }

    /**
     * Sequences {@code [batch, nIn, length]} (NCW) with one-hot labels {@code [batch, classes, length]}.
     *
     * @param seed the seed
     * @param batch examples
     * @param nIn features per time step
     * @param length time steps
     * @param classes label classes
     * @return the minibatch
     */
    public static DataSet sequences(long seed, int batch, int nIn, int length, int classes) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(DataType.FLOAT, batch, nIn, length);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes, length);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                for (int f = 0; f < nIn; f++) {
                    x.putScalar(new long[] {b, f, t}, r.nextFloat() * 2 - 1);
                }
                y.putScalar(new long[] {b, r.nextInt(classes), t}, 1f);
            }
        }
        return new DataSet(x, y);
    }

    /**
     * Token indices {@code [batch, length]} (as floats, as DL4J's embedding layers read them) in
     * {@code [0, vocabulary)} with one-hot labels: {@code [batch, classes]} when {@code length} is 1 (for an
     * {@code EmbeddingLayer}), {@code [batch, classes, length]} otherwise (for an {@code EmbeddingSequenceLayer}).
     *
     * @param seed the seed
     * @param batch examples
     * @param length tokens per example
     * @param vocabulary number of distinct tokens
     * @param classes label classes
     * @return the minibatch
     */
    public static DataSet tokens(long seed, int batch, int length, int vocabulary, int classes) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(DataType.FLOAT, batch, length);
        INDArray y = length == 1 ? Nd4j.zeros(DataType.FLOAT, batch, classes)
                : Nd4j.zeros(DataType.FLOAT, batch, classes, length);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                x.putScalar(new long[] {b, t}, r.nextInt(vocabulary));
                int c = r.nextInt(classes);
                if (length == 1) {
                    y.putScalar(new long[] {b, c}, 1f);
                } else {
                    y.putScalar(new long[] {b, c, t}, 1f);
                }
            }
        }
        return new DataSet(x, y);
    }

    /**
     * An iterator over {@code batches} minibatches made by {@code make(seed + i)}, resettable (for epochs).
     *
     * @param batches number of minibatches
     * @param make makes minibatch {@code i} from seed {@code i}
     * @return the iterator (no asynchronous prefetch)
     */
    public static DataSetIterator iterator(int batches, java.util.function.LongFunction<DataSet> make) {
        List<DataSet> list = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            list.add(make.apply(i));
        }
        return new ListDataSetIterator<>(list, 1);
    }
}
