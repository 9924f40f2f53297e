package io.github.dl4jpruning.bench.model;

import io.github.dl4jpruning.persist.SparseExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code export-sparse MODEL.zip --out OUT.sparse.zip}: the compressed deployment format of {@link SparseExport}
 * (configuration, one bit per parameter, the non-zero float32 values; about {@code n/8 + 4·s·n} bytes at density
 * {@code s}), read back with {@code SparseExport.read}. Float32 networks only; no optimizer state.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar export-sparse pruned.zip --out pruned.sparse.zip
 * </pre>
 */
@Command(name = "export-sparse", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        versionProvider = io.github.dl4jpruning.bench.BenchmarkCli.Version.class,
        description = "Write a pruned model zip in the sparse format (bitmask + non-zero float32 values), read back "
                + "with SparseExport.read.")
public final class ExportSparseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL_ZIP", description = "a float32 model zip written by DL4J's "
            + "ModelSerializer or by PrunedModels.save")
    Path model;

    @Option(names = "--out", paramLabel = "OUT_ZIP", required = true,
            description = "where to write the sparse export (replaced atomically)")
    Path out;

    /** Creates the command; picocli fills in its arguments. */
    public ExportSparseCommand() {
    }

    /**
     * Loads the model and writes the sparse export.
     *
     * @return 0 on success, 2 on invalid input, 1 if a file cannot be read or written
     * @throws Exception an unexpected failure, reported by picocli
     */
    @Override
    public Integer call() throws Exception {
        return ModelCommands.run(spec, () -> {
            Path target = ModelCommands.outputTarget("out", out, model);
            ModelFile file = ModelFile.load(model);
            long bytes = SparseExport.write(file.model(), target);
            long n = file.model().numParams();
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "Sparse export of %s (%,d parameters): %,d bytes (raw float32: %,d bytes, %.2fx), "
                    + "written to %s%n", file.kind(), n, bytes, 4 * n, 4.0 * n / bytes, target);
            o.flush();
            return ModelCommands.EXIT_OK;
        });
    }
}
