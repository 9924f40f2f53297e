package io.github.dl4jpruning.bench.model;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code inspect MODEL.zip}: per parameter of every layer its element count, exact zeros, density and compression,
 * whether it is prunable, and for a zip saved with pruning masks the mask's density and whether the mask's zeros
 * match the weights; then totals ({@link Inspection}). {@code --json FILE} writes the same as JSON.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar inspect pruned.zip --json pruned-inspect.json
 * </pre>
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        versionProvider = io.github.dl4jpruning.bench.BenchmarkCli.Version.class,
        description = "Count the parameters, exact zeros and densities of a DL4J model zip (MultiLayerNetwork or "
                + "ComputationGraph, with or without pruning masks), per parameter and in total.")
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL_ZIP", description = "a model zip written by DL4J's "
            + "ModelSerializer or by PrunedModels.save")
    Path model;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the counts as JSON to FILE")
    Path json;

    /** Creates the command; picocli fills in its arguments. */
    public InspectCommand() {
    }

    /**
     * Loads the zip, prints the counts and writes the JSON.
     *
     * @return 0 on success, 2 on invalid input, 1 if a file cannot be read or written
     * @throws Exception an unexpected failure, reported by picocli
     */
    @Override
    public Integer call() throws Exception {
        return ModelCommands.run(spec, () -> {
            Path jsonFile = ModelCommands.outputTarget("json", json, model);
            Inspection inspection = Inspection.of(ModelFile.load(model));
            PrintWriter out = spec.commandLine().getOut();
            print(inspection, out);
            ModelCommands.writeJson(jsonFile, inspection);
            if (jsonFile != null) {
                out.println("JSON written to " + jsonFile);
            }
            out.flush();
            return ModelCommands.EXIT_OK;
        });
    }

    /**
     * Prints an inspection as a table with a totals section.
     *
     * @param in the inspection
     * @param out where to print
     */
    static void print(Inspection in, PrintWriter out) {
        Inspection.Totals t = in.totals();
        out.printf(Locale.ROOT, "%s: %s, %,d parameters, %s%n", in.file(), in.kind(), t.paramCount(),
                in.hasMasks() ? "with pruning masks" : "no pruning masks (plain DL4J zip)");
        int idWidth = Math.max(5, in.params().stream().mapToInt(r -> r.id().length()).max().orElse(5));
        int typeWidth = Math.max(4, in.params().stream().mapToInt(r -> r.layerType().length()).max().orElse(4));
        String head = "%-" + idWidth + "s  %-" + typeWidth + "s  %-14s %10s %10s %8s %11s  %-8s";
        String mask = in.hasMasks() ? "  %12s  %s" : "";   // without masks, format ignores the last two arguments
        out.println(String.format(Locale.ROOT, head + mask, "param", "type", "shape", "count", "zeros", "density",
                "compression", "prunable", "mask density", "mask = weights").stripTrailing());
        for (Inspection.ParamRow r : in.params()) {
            String shape = Arrays.stream(r.shape()).mapToObj(Long::toString).collect(Collectors.joining("x"));
            Object[] base = {r.id(), r.layerType(), shape, r.count(), r.zeros(), String.format(Locale.ROOT, "%.4f",
                    r.density()), compression(r.compression()), r.prunable() ? "yes" : "no"};
            if (in.hasMasks()) {
                out.println(String.format(Locale.ROOT, head + mask, concat(base, String.format(Locale.ROOT, "%.4f",
                        r.maskDensity()), r.maskMismatches() == 0 ? "yes"
                        : "NO (" + r.maskMismatches() + " non-zero under a mask zero)")).stripTrailing());
            } else {
                out.println(String.format(Locale.ROOT, head, base).stripTrailing());
            }
        }
        out.printf(Locale.ROOT, "prunable weights: %,d of which %,d non-zero: density %.4f, pruning rate %.4f, "
                + "compression %s%n", t.prunableCount(), t.prunableNonzero(), t.density(), t.pruningRate(),
                compression(t.compression()));
        out.printf(Locale.ROOT, "all parameters: %,d of which %,d non-zero (%.4f)%n", t.paramCount(),
                t.paramNonzero(), (double) t.paramNonzero() / t.paramCount());
        if (in.hasMasks()) {
            out.printf(Locale.ROOT, "masks: density %.4f over the prunable weights; zeros of the masks match the "
                    + "weights: %s%n", t.maskDensity(), t.masksMatchWeights() ? "yes"
                    : "NO (" + t.maskMismatches() + " non-zero parameters under a mask zero)");
        }
    }

    private static String compression(Double c) {
        return c == null ? "-" : String.format(Locale.ROOT, "%.1fx", c);
    }

    private static Object[] concat(Object[] a, Object... b) {
        Object[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
