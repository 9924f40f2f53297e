package io.github.dl4jpruning.bench.model;

import io.github.dl4jpruning.Pruning;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.api.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strip MODEL.zip --out OUT.zip}: a plain DL4J zip for deployment ({@link Pruning#strip}): no pruning entries,
 * no {@code PrunedLayer} wrappers, the same parameters (exact zeros included), updater state and outputs; any DL4J
 * 1.0.0-M2.1 loads it with {@code ModelSerializer} without this library.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar strip pruned.zip --out deploy.zip
 * </pre>
 */
@Command(name = "strip", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        versionProvider = io.github.dl4jpruning.bench.BenchmarkCli.Version.class,
        description = "Write a plain DL4J copy of a model zip: masks and PrunedLayer wrappers removed, same weights "
                + "and outputs, loadable without dl4j-pruning.")
public final class StripCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL_ZIP", description = "a model zip written by DL4J's "
            + "ModelSerializer or by PrunedModels.save")
    Path model;

    @Option(names = "--out", paramLabel = "OUT_ZIP", required = true,
            description = "where to write the plain model (replaced atomically)")
    Path out;

    /** Creates the command; picocli fills in its arguments. */
    public StripCommand() {
    }

    /**
     * Loads, strips and writes the model.
     *
     * @return 0 on success, 2 on invalid input, 1 if a file cannot be read or written
     * @throws Exception an unexpected failure, reported by picocli
     */
    @Override
    public Integer call() throws Exception {
        return ModelCommands.run(spec, () -> {
            Path target = ModelCommands.outputTarget("out", out, model);
            ModelFile file = ModelFile.load(model);
            Model plain = Pruning.strip(file.model());
            ModelCommands.writeModel(plain, target);
            PrintWriter o = spec.commandLine().getOut();
            o.printf(java.util.Locale.ROOT, "Plain %s (%,d parameters, density %.4f of the prunable weights) written "
                    + "to %s%n", file.kind(), plain.numParams(), Pruning.measure(plain).density(), target);
            o.flush();
            return ModelCommands.EXIT_OK;
        });
    }
}
