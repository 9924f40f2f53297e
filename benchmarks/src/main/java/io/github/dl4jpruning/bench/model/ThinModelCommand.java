package io.github.dl4jpruning.bench.model;

import io.github.dl4jpruning.Pruning;
import io.github.dl4jpruning.mask.Granularity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.api.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code thin-model MODEL.zip --out OUT.zip}: the physically smaller network after unit pruning ({@link Pruning#thin}):
 * hidden Dense neurons and convolution filters whose outputs no longer reach the next layer are removed, the kept
 * weights and optimizer state copied, outputs unchanged. Named {@code thin-model} because {@code thin} is the
 * benchmark that trains, thins and times the Fashion-MNIST models.
 *
 * <p>Thinning needs unit masks: a zip saved with unstructured (or block, N:M) masks ({@code prune --granularity
 * unstructured}, the default) is refused with exit code 2, and so is a plain DL4J zip in which no hidden unit is all
 * zero; prune with {@code --granularity neuron} (or {@code filter}, {@code channel}) first. A plain zip whose zeros
 * happen to cover whole units is thinned. A {@code ComputationGraph} must be a chain of layer vertices.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar prune model.zip --density 0.5 --granularity neuron --out units.zip
 * java -jar benchmarks/target/benchmarks.jar thin-model units.zip --out small.zip
 * </pre>
 */
@Command(name = "thin-model", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        versionProvider = io.github.dl4jpruning.bench.BenchmarkCli.Version.class,
        description = "Remove the pruned neurons and filters of a model zip (pruned with --granularity "
                + "neuron|filter|channel): a smaller plain DL4J network with the same outputs. (The benchmark on the "
                + "Fashion-MNIST models is 'thin'.)")
public final class ThinModelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL_ZIP", description = "a model zip whose hidden units were pruned "
            + "(e.g. by prune --granularity neuron)")
    Path model;

    @Option(names = "--out", paramLabel = "OUT_ZIP", required = true,
            description = "where to write the thinned model (replaced atomically)")
    Path out;

    /** Creates the command; picocli fills in its arguments. */
    public ThinModelCommand() {
    }

    /**
     * Loads, thins and writes the model.
     *
     * @return 0 on success, 2 on invalid input (including a model without removable units), 1 if a file cannot be
     *     read or written
     * @throws Exception an unexpected failure, reported by picocli
     */
    @Override
    public Integer call() throws Exception {
        return ModelCommands.run(spec, () -> {
            Path target = ModelCommands.outputTarget("out", out, model);
            ModelFile file = ModelFile.load(model);
            Granularity g = file.listener().config().granularity().kind();
            String fix = "; prune the dense model with --granularity neuron or filter instead, e.g. prune model.zip "
                    + "--density 0.5 --granularity neuron --out units.zip";
            if (file.hasMasks() && !g.isStructured()) {
                throw new IllegalArgumentException("model (" + model + ") has " + g.toString().toLowerCase(Locale.ROOT)
                        + " masks: thinning needs unit or filter masks (whole hidden neurons or convolution filters "
                        + "pruned)" + fix);
            }
            Model thinned = Pruning.thin(file.model());
            long before = file.model().numParams();
            long after = thinned.numParams();
            if (after == before) {
                throw new IllegalArgumentException("model (" + model + ") has no unit to remove: thinning needs unit "
                        + "or filter masks (whole hidden neurons or convolution filters at zero), but "
                        + (file.hasMasks() ? "its " + g + " masks removed none" : "no hidden unit of it is all zero")
                        + fix);
            }
            ModelCommands.writeModel(thinned, target);
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "Thinned %s: %,d -> %,d parameters (%.2fx fewer), written to %s%n", file.kind(),
                    before, after, (double) before / after, target);
            o.flush();
            return ModelCommands.EXIT_OK;
        });
    }
}
