package io.github.dl4jpruning.kernels;

import io.github.dl4jpruning.spi.MaskKernels;
import io.github.dl4jpruning.spi.SelectionKernel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The kernels available at run time: the built-in selection kernels and mask kernels plus every
 * {@link SelectionKernel} and {@link MaskKernels} found by {@link ServiceLoader}, highest priority first.
 */
public final class Kernels {

    private static final List<SelectionKernel> SELECTION = load();
    private static final List<MaskKernels> MASKS = loadMasks();

    /**
     * System property naming the mask-kernel provider to use whether or not it reports itself available (tests and
     * benchmarks; e.g. {@code -Ddl4jpruning.maskKernels=portable}).
     */
    public static final String FORCE_MASK_KERNELS = "dl4jpruning.maskKernels";

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

    private static List<MaskKernels> loadMasks() {
        List<MaskKernels> l = new ArrayList<>();
        l.add(new PortableMaskKernels());
        for (MaskKernels k : ServiceLoader.load(MaskKernels.class)) {
            l.add(k);
        }
        l.sort(Comparator.comparingInt(MaskKernels::priority).reversed());
        return List.copyOf(l);
    }

    /**
     * All mask-kernel providers, highest priority first (available or not).
     *
     * @return the providers
     */
    public static List<MaskKernels> maskKernels() {
        return MASKS;
    }

    /**
     * The available mask-kernel provider with the highest priority, or the one named by the system property
     * {@value #FORCE_MASK_KERNELS}.
     *
     * @return the provider (the portable one if nothing better is available)
     * @throws IllegalArgumentException if the property names no provider on the class path
     */
    public static MaskKernels masks() {
        String forced = System.getProperty(FORCE_MASK_KERNELS);
        if (forced != null && !forced.isBlank()) {
            return MASKS.stream().filter(k -> k.name().equals(forced)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException(FORCE_MASK_KERNELS + " (" + forced + ") must name one of the mask "
                            + "kernels on the class path: " + MASKS.stream().map(MaskKernels::name).toList()));
        }
        for (MaskKernels k : MASKS) {
            if (k.isAvailable()) {
                return k;
            }
        }
        throw new IllegalStateException("no mask kernels available");
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
