package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.config.PruningConfig;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every benchmark command takes (a picocli mixin): data, model, seed, batch size, thread count,
 * oneDNN on or off, and output. Instances are filled in by picocli and read once by the command.
 */
public final class CommonOptions {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Fashion-MNIST directory with the four gzip IDX files (default: env FMNIST_DIR, else "
                    + "/usr/share/datasets/fashion-mnist from the Debian package dataset-fashion-mnist)")
    Path data;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "lenet-300-100",
            converter = ModelConverter.class,
            description = "lenet-300-100, lenet-5, resnet-mini (a residual CNN, a ComputationGraph: imp and thin only) or "
                    + "resnet-mini-16 (the same with 16/32/64 channels instead of 8/16/32) (default: ${DEFAULT-VALUE})")
    ModelKind model;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "seed of weight initialisation, shuffling and pruning (default: ${DEFAULT-VALUE})")
    long seed = PruningConfig.DEFAULT_SEED;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "128",
            description = "minibatch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "ND4J CPU threads: OpenMP, libnd4j and BLAS, 1 to 1024 (default: ${DEFAULT-VALUE}, the "
                    + "fastest on small machines; recorded in the JSON)")
    int threads;

    @Option(names = "--onednn", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "run convolutions through oneDNN (DL4J's MKLDNNConvHelper; the benchmark jar carries ND4J's "
                    + "oneDNN build); --no-onednn runs them as DL4J's built-in im2col + GEMM. Only networks with "
                    + "convolution or pooling layers change; recorded in the JSON (default: on)")
    boolean onednn = true;

    @Option(names = "--skip-input-gradient", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "with --onednn: the convolution that reads the network input computes only its weight and "
                    + "bias gradients while training, not the input gradient DL4J throws away "
                    + "(OneDnn.skipInputGradients; same results up to float rounding order); recorded in the JSON "
                    + "(default: on)")
    boolean skipInputGradient = true;

    @Option(names = "--json", paramLabel = "FILE", description = "write the result as JSON to FILE (checked "
            + "before the run: its directory must exist and be writable)")
    Path json;

    @Option(names = "--quiet", description = "print nothing but errors (the JSON is still written)")
    boolean quiet;

    /** Creates the options with their defaults; picocli fills them in. */
    public CommonOptions() {
    }

    /** Converts {@code --model} names, with the error message listing the valid ones. */
    static final class ModelConverter implements ITypeConverter<ModelKind> {

        /**
         * Looks the name up.
         *
         * @param value the command-line value
         * @return the kind
         * @throws TypeConversionException if the name is unknown (picocli reports it as a usage error)
         */
        @Override
        public ModelKind convert(String value) {
            try {
                return ModelKind.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
