package io.github.dl4jpruning.internal;

import io.github.dl4jpruning.spi.SelectionKernel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The selection kernels available at run time: the built-in ones plus every {@link SelectionKernel} found by
 * {@link ServiceLoader}, highest priority first.
 */
public final class Kernels {

    private static final List<SelectionKernel> SELECTION = load();

    private Kernels() {
    }

    private static List<SelectionKernel> load() {
        List<SelectionKernel> l = new ArrayList<>();
        l.add(new CpuRadixSelectionKernel());
        l.add(new SortSelectionKernel());
        for (SelectionKernel k : ServiceLoader.load(SelectionKernel.class)) {
            l.add(k);
        }
        l.sort(Comparator.comparingInt(SelectionKernel::priority).reversed());
        return List.copyOf(l);
    }

    /**
     * All selection kernels, highest priority first.
     *
     * @return the kernels
     */
    public static List<SelectionKernel> selectionKernels() {
        return SELECTION;
    }

    /**
     * The best kernel for an array.
     *
     * @param scores the array to select from
     * @return the supporting kernel with the highest priority (the portable sort supports everything)
     */
    public static SelectionKernel selectionFor(INDArray scores) {
        for (SelectionKernel k : SELECTION) {
            if (k.supports(scores)) {
                return k;
            }
        }
        throw new IllegalStateException("no selection kernel supports " + scores.shapeInfoToString());
    }
}
