package io.github.dl4jpruning.bench.model;

import io.github.dl4jpruning.Pruning;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.criterion.MagnitudeCriterion;
import io.github.dl4jpruning.criterion.RandomCriterion;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.persist.PrunedModels;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.ConstantSchedule;
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
 * {@code prune MODEL.zip --density D --out OUT.zip}: one-shot pruning of a trained network to a density, written with
 * its masks ({@link PrunedModels#save}), so that fine-tuning it later with a {@code PruningListener} (loaded with
 * {@link PrunedModels#load}) keeps the pruned weights at zero.
 *
 * <p>The network is first made plain ({@link Pruning#strip}: {@code PrunedLayer} wrappers replaced by the layers they
 * wrap), then a {@link PruningListener} with a {@link ConstantSchedule} and the given scope, floor, criterion and
 * granularity is attached ({@link Pruning#attach}; its masks start from the exact zeros already in the weights) and
 * {@link PruningListener#prune} prunes once. Unstructured pruning keeps exactly {@code round(D * n)} of the {@code n}
 * prunable weights ({@code global}) or {@code round(D * n_layer)} per layer ({@code local}); weights that are already
 * zero are never revived, so {@code D} above the model's current density is refused.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar prune model.zip --density 0.1 --scope global --out pruned.zip
 * java -jar benchmarks/target/benchmarks.jar prune model.zip --density 0.5 --granularity neuron --out units.zip
 * </pre>
 */
@Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        versionProvider = io.github.dl4jpruning.bench.BenchmarkCli.Version.class,
        description = "Prune a DL4J model zip once to a density (magnitude ranking, global or per layer) and write it "
                + "with its pruning masks.")
public final class PruneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL_ZIP", description = "a model zip written by DL4J's "
            + "ModelSerializer or by PrunedModels.save")
    Path model;

    @Option(names = "--density", paramLabel = "D", required = true,
            description = "share of the prunable weights to keep, in (0, 1] (with --granularity neuron|filter|channel: "
                    + "share of the hidden units)")
    double density;

    @Option(names = "--scope", paramLabel = "global|local", defaultValue = "global",
            description = "global: one ranking over all layers; local: every layer to the same density "
                    + "(default: ${DEFAULT-VALUE})")
    String scope;

    @Option(names = "--floor", paramLabel = "F", defaultValue = "0",
            description = "no layer below this density (against layer collapse), in [0, D] (default: "
                    + "${DEFAULT-VALUE}, off)")
    double floor;

    @Option(names = "--criterion", paramLabel = "magnitude|random", defaultValue = "magnitude",
            description = "importance: |w| (Han et al. 2015) or seeded random (a baseline); criteria that need "
                    + "gradients (taylor, snip) need training data: use the Java API (default: ${DEFAULT-VALUE})")
    String criterion;

    @Option(names = "--granularity", paramLabel = "unstructured|neuron|filter|channel", defaultValue = "unstructured",
            description = "unstructured: single weights; neuron / filter / channel: whole hidden neurons or "
                    + "convolution filters (then thin-model can remove them) (default: ${DEFAULT-VALUE})")
    String granularity;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "seed of --criterion random (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "OUT_ZIP", required = true,
            description = "where to write the pruned model with its masks (replaced atomically)")
    Path out;

    /** Creates the command; picocli fills in its arguments. */
    public PruneCommand() {
    }

    /**
     * Validates the flags, loads, prunes and writes the model.
     *
     * @return 0 on success, 2 on invalid input, 1 if a file cannot be read or written
     * @throws Exception an unexpected failure, reported by picocli
     */
    @Override
    public Integer call() throws Exception {
        return ModelCommands.run(spec, () -> {
            PruningConfig config = config();
            Path target = ModelCommands.outputTarget("out", out, model);
            ModelFile file = ModelFile.load(model);
            Model plain = Pruning.strip(file.model());
            PruningReport before = Pruning.measure(plain);
            Granularity g = config.granularity().kind();
            if (!g.isStructured() && density > before.density()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "density (%s) must be at most the "
                        + "model's current density (%.6f, %d of %d prunable weights non-zero): pruning never revives "
                        + "weights; give a lower --density", density, before.density(), before.nonzeroCount(),
                        before.paramCount()));
            }
            PruningListener listener = Pruning.attach(plain, config);
            PruningReport report = listener.prune(plain, density);
            PrunedModels.save(plain, listener, target);
            PrintWriter o = spec.commandLine().getOut();
            o.println(report.summary());
            o.printf(Locale.ROOT, "density %.4f -> %.4f (%d -> %d of %d prunable weights non-zero)%n", before.density(),
                    report.density(), before.nonzeroCount(), report.nonzeroCount(), report.paramCount());
            o.println("Pruned model with masks written to " + target);
            o.flush();
            return ModelCommands.EXIT_OK;
        });
    }

    /**
     * The pruning configuration of the flags.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the first invalid flag, its value and the allowed range
     */
    PruningConfig config() {
        if (!(density > 0 && density <= 1)) {
            throw new IllegalArgumentException("density (" + density + ") must be in (0, 1]: the share of the prunable "
                    + "weights to keep, e.g. --density 0.1");
        }
        if (!(floor >= 0 && floor <= density)) {
            throw new IllegalArgumentException("floor (" + floor + ") must be in [0, " + density + "] (at most "
                    + "--density): the lowest density any layer may end at, 0 = off");
        }
        return PruningConfig.builder().schedule(new ConstantSchedule()).scope(scopeOf(scope)).minLayerDensity(floor)
                .criterion(criterionOf(criterion, seed)).seed(seed).granularity(granularityOf(granularity)).build();
    }

    private static Scope scopeOf(String scope) {
        for (Scope s : Scope.values()) {
            if (s.name().equalsIgnoreCase(scope)) {
                return s;
            }
        }
        throw new IllegalArgumentException("scope (" + scope + ") must be global or local: global ranks all weights "
                + "together, local prunes every layer to the same density");
    }

    private static Criterion criterionOf(String criterion, long seed) {
        return switch (criterion.toLowerCase(Locale.ROOT)) {
            case "magnitude" -> new MagnitudeCriterion();
            case "random" -> new RandomCriterion(seed);
            default -> throw new IllegalArgumentException("criterion (" + criterion + ") must be magnitude or random: "
                    + "taylor and snip need gradients from training data (PruningConfig in Java)");
        };
    }

    private static Granularity granularityOf(String granularity) {
        for (Granularity g : Granularity.values()) {
            if (g.name().equalsIgnoreCase(granularity) && !g.isPattern()) {
                return g;
            }
        }
        throw new IllegalArgumentException("granularity (" + granularity + ") must be unstructured, neuron, filter or "
                + "channel");
    }
}
