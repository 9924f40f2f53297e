package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.data.FashionMnistFixture;
import io.github.dl4jpruning.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Hostile command lines: every numeric flag out of range (NaN, infinities, absurd counts), output paths that cannot
 * be written, and input files that are missing, binary or not {@code imp} results. Each is refused before any
 * training with exit code 2, a one-line message on stderr naming the flag (or file), the value and what is allowed,
 * no stack trace, nothing on stdout, and no file created or changed under the test's folder. Cases marked "new"
 * failed before the hardening (an endless round count, a stack trace, a check after training, or a silent run).
 *
 * <p>Tests run as root, where POSIX permissions do not stop writes: unwritable outputs are made with a regular
 * file as "parent" directory and with existing directories where files are expected, which hold for root too.
 */
class HostileCliTest {

    @TempDir
    static Path root;

    private static String data;

    @BeforeAll
    static void files() throws IOException {
        data = FashionMnistFixture.directory().toString();
        Files.writeString(root.resolve("file"), "a regular file\n");
        Files.createDirectory(root.resolve("dir"));
        Files.createDirectories(root.resolve("report-with-index").resolve("index.html"));
        Files.copy(FashionMnistFixture.directory().resolve(FashionMnist.TEST_LABELS_FILE), root.resolve("binary.json"));
        Files.writeString(root.resolve("thin.json"), "{\"protocol\" : \"thin\", \"model\" : \"lenet-300-100\"}\n");
        Files.writeString(root.resolve("valid.json"), impResult(p -> p));
        Files.writeString(root.resolve("float-seed.json"), impResult(p -> p.put("seed", 1.9)));
        Files.writeString(root.resolve("absurd-rate.json"), impResult(p -> p.put("rate", 1e-12)));
        Files.writeString(root.resolve("trailing.json"), impResult(p -> p) + "}");
        Files.writeString(root.resolve("no-accuracy.json"), impResult(p -> p).replace("\"accuracy\" : 0.7", "\"acc\" : 0.7"));
    }

    /** A small {@code imp} result, with its params edited. */
    private static String impResult(UnaryOperator<ObjectNode> editParams) {
        ImpParams params = new ImpParams("lenet-300-100", 1, 1, 0.5, 0.25, "global", 0.0, 0.0, 0, "magnitude", "imp", 10,
                0, 4, "unstructured", 0, 42, 128, 1, false, "/data", null, null, true);
        ObjectNode result = Json.mapper().createObjectNode().put("protocol", "imp").put("model", "lenet-300-100");
        result.set("params", editParams.apply(Json.mapper().valueToTree(params)));
        result.putArray("rounds").add(Json.mapper().createObjectNode().put("density", 1.0).put("accuracy", 0.8))
                .add(Json.mapper().createObjectNode().put("density", 0.25).put("accuracy", 0.7));
        result.put("totalSeconds", 12.5);
        try {
            return Json.mapper().writeValueAsString(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> hostileCommandLines() {
        return Stream.of(
                // new: counted rounds for 42 s, then a stack trace
                arguments("imp --data {data} --rate 1e-12 --json {root}/out.json",
                        List.of("imp: rate (1.0E-12) and targetDensity (0.02) need", "at most 1000", "--rate",
                                "--target-density")),
                // new (flag names): the message named the field only
                arguments("imp --data {data} --rate NaN --json {root}/out.json",
                        List.of("imp: rate (NaN) must be in (0, 1)", "(flag --rate)")),
                arguments("imp --data {data} --target-density Infinity --json {root}/out.json",
                        List.of("imp: targetDensity (Infinity) must be in (0, 1]", "(flag --target-density)")),
                arguments("imp --data {data} --min-layer-density NaN --json {root}/out.json",
                        List.of("imp: minLayerDensity (NaN) must be in [0, 1]", "(flag --min-layer-density)")),
                arguments("imp --data {data} --l1 -Infinity --json {root}/out.json",
                        List.of("imp: l1 (-Infinity) must be >= 0 and finite", "--l1")),
                arguments("imp --data {data} --batch -1 --json {root}/out.json",
                        List.of("imp: batch (-1) must be >= 1", "(flag --batch)")),
                // new: accepted, then OpenMP and BLAS were asked for 100,000 threads
                arguments("imp --data {data} --threads 100000 --json {root}/out.json",
                        List.of("imp: threads (100000) must be in [1, 1024]", "(flag --threads)")),
                // new: denseEpochs + rounds * finetuneEpochs overflowed an int
                arguments("imp --data {data} --finetune-epochs 2000000000 --json {root}/out.json",
                        List.of("imp: denseEpochs (5) + 6 rounds x finetuneEpochs (2000000000) = 12000000005 training "
                                + "epochs must be at most 10000", "--finetune-epochs")),
                arguments("imp --data {data} --schedule gradual --gradual-epochs 2147483647 --json {root}/out.json",
                        List.of("1 + gradualEpochs (2147483647) + finetuneEpochs (1)", "at most 10000",
                                "--gradual-epochs")),
                // new: L1 that would never start was accepted
                arguments("imp --data {data} --l1 1e-4 --l1-start-epoch 50 --json {root}/out.json",
                        List.of("imp: l1StartEpoch (50) must be in [0, 10] with --l1", "--l1-start-epoch")),
                // new: the copy was never taken, so the "lottery" run never rewound
                arguments("imp --data {data} --schedule lottery --dense-epochs 1 --rewind-iteration 1000000 "
                        + "--json {root}/out.json", List.of("imp: rewindIteration (1000000) must be in [0, 8]",
                                "(flag --rewind-iteration)")),
                arguments("imp --data {data} --init-batches 0 --json {root}/out.json",
                        List.of("imp: initBatches (0) must be >= 1", "--init-batches")),
                arguments("imp --data {data} --json {root}/file/out.json",
                        List.of("imp: json ({root}/file/out.json) must be in an existing directory", "(flag --json)")),
                arguments("imp --data {data} --json {root}/dir",
                        List.of("imp: json ({root}/dir) must be a file, not a directory", "(flag --json)")),
                // new: the report was written (and failed) only after training
                arguments("imp --data {data} --report {root}/file/report --json {root}/out.json",
                        List.of("imp: report ({root}/file/report) cannot be created: {root}/file is a file",
                                "(flag --report)")),
                arguments("imp --data {data} --report {root}/file --json {root}/out.json",
                        List.of("imp: report ({root}/file) must be a directory, but it is a file", "(flag --report)")),
                arguments("imp --data {data} --report {root}/report-with-index --json {root}/out.json",
                        List.of("imp: report ({root}/report-with-index) must not hold a directory named index.html",
                                "(flag --report)")),
                arguments("imp --data {data} --report {root}/same --json {root}/same",
                        List.of("imp: json ({root}/same) must differ from report ({root}/same)")),
                arguments("imp --data {root}/no-such-dir --json {root}/out.json",
                        List.of("imp: Fashion-MNIST directory ({root}/no-such-dir, from --data) must be an existing "
                                + "directory")),
                arguments("imp --data {data} --train-examples 5000 --json {root}/out.json",
                        List.of("imp: trainExamples (5000) must be in [0, 1000]", "(flag --train-examples)")),
                arguments("imp --data {data} --train-examples -1 --json {root}/out.json",
                        List.of("imp: trainExamples (-1) must be >= 0", "--train-examples")),
                arguments("imp --data {data} --verbose --quiet --json {root}/out.json",
                        List.of("imp: verbose (true) must not be given with --quiet")),
                // the commands on model zips: bad files and values, before anything is loaded or written
                arguments("inspect {root}/file", List.of("inspect: model ({root}/file) is not a DL4J model zip: it is "
                        + "not a zip archive")),
                arguments("inspect {root}/binary.json --json {root}/out.json",
                        List.of("inspect: model ({root}/binary.json) is not a DL4J model zip")),
                arguments("prune {root}/missing.zip --density 0.5 --out {root}/out.zip",
                        List.of("prune: model ({root}/missing.zip) must be an existing file")),
                arguments("prune {root}/file --density NaN --out {root}/out.zip",
                        List.of("prune: density (NaN) must be in (0, 1]")),
                arguments("strip {root}/dir --out {root}/out.zip",
                        List.of("strip: model ({root}/dir) must be a file, not a directory")),
                arguments("thin-model {root}/file --out {root}/file/out.zip",
                        List.of("thin-model: out ({root}/file/out.zip) must be in an existing directory")),
                arguments("export-sparse {root}/file --out {root}/dir",
                        List.of("export-sparse: out ({root}/dir) must be a file, not a directory")),
                // new: epochs were only bounded below
                arguments("overhead --data {data} --epochs 100000 --json {root}/out.json",
                        List.of("overhead: epochs (100000) must be in [1, 4999]", "--epochs")),
                // new: the JSON recorded 5,000 examples while 1,000 were used
                arguments("overhead --data {data} --train-examples 5000 --json {root}/out.json",
                        List.of("overhead: trainExamples (5000) must be in [0, 1000]", "(flag --train-examples)")),
                arguments("overhead --data {data} --depth 1000 --json {root}/out.json",
                        List.of("overhead: depth (1000) must be in [0, 128]", "--depth")),
                arguments("thin --data {data} --remove NaN --json {root}/out.json",
                        List.of("thin: remove (NaN) must be in (0, 1)", "--remove")),
                // new: one message for four flags
                arguments("thin --data {data} --repeats 0 --json {root}/out.json",
                        List.of("thin: repeats (0) must be in [1, 1000]", "--repeats")),
                // new: a stack trace after loading the data
                arguments("thin --data {data} --batch 0 --json {root}/out.json",
                        List.of("thin: batch (0) must be >= 1", "(flag --batch)")),
                arguments("thin --data {data} --train-examples 5000 --json {root}/out.json",
                        List.of("thin: trainExamples (5000) must be in [0, 1000]", "(flag --train-examples)")),
                arguments("thin --data {data} --dense-epochs 2147483647 --json {root}/out.json",
                        List.of("thin: denseEpochs (2147483647) + finetuneEpochs (1) must be at most 10000",
                                "(flags --dense-epochs, --finetune-epochs)")),
                arguments("thin --data {data} --threads 0 --json {root}/out.json",
                        List.of("thin: threads (0) must be >= 1", "(flag --threads)")),
                // new (all table cases): a stack trace and exit code 1
                arguments("table {root}/missing.json",
                        List.of("table: {root}/missing.json: must be a readable imp JSON file (it does not exist)")),
                arguments("table {root}/dir", List.of("table: {root}/dir: must be a readable imp JSON file (it is a "
                        + "directory)")),
                arguments("table {root}/binary.json", List.of("table: {root}/binary.json: not an imp JSON result")),
                arguments("table {root}/thin.json", List.of("table: {root}/thin.json: not an imp JSON result "
                        + "(protocol, params and rounds expected)")),
                arguments("table {root}/valid.json {root}/trailing.json",
                        List.of("table: {root}/trailing.json: not an imp JSON result", "line ")),
                arguments("table {root}/float-seed.json", List.of("table: {root}/float-seed.json: params are not "
                        + "those of an imp run: seed (1.9) must be a whole number")),
                arguments("table {root}/absurd-rate.json", List.of("table: {root}/absurd-rate.json: params are not "
                        + "those of an imp run: rate (1.0E-12)", "at most 1000")),
                arguments("table {root}/no-accuracy.json", List.of("table: {root}/no-accuracy.json: not an imp JSON "
                        + "result (accuracy must be a number, found nothing)")),
                // picocli's own parsing names the flag; still exit 2 and no output
                arguments("imp --data {data} --seed 1.5 --json {root}/out.json",
                        List.of("imp: Invalid value for option '--seed': '1.5' is not a long")),
                arguments("imp --data {data} --dense-epochs 99999999999 --json {root}/out.json",
                        List.of("imp: Invalid value for option '--dense-epochs': '99999999999' is not an int")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCommandLines")
    void refusedBeforeTrainingWithOneLineAndNoOutput(String commandLine, List<String> words) throws IOException {
        String[] args = Arrays.stream(commandLine.split(" ")).map(HostileCliTest::expand).toArray(String[]::new);
        Map<String, String> before = tree(root);
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.configured(args));
        assertEquals(CommandSupport.EXIT_BAD_INPUT, run.exitCode(), run.err());
        for (String w : words) {
            assertTrue(run.err().contains(expand(w)), "stderr lacks \"" + expand(w) + "\": " + run.err());
        }
        boolean usageError = run.err().contains("Invalid value for option");
        assertEquals(usageError ? 2 : 1, run.err().strip().lines().count(), "one line: " + run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), "no stack trace: " + run.err());
        assertEquals("", run.out());
        assertEquals(before, tree(root), "files under the test folder changed");
    }

    @Test
    void theValidResultOfTheseCasesMakesATable() {
        CliRun run = CliRun.configured("table", root.resolve("valid.json").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("| criterion | schedule | epochs | accuracy at 0.25 |"), run.out());
    }

    @Test
    void flagNamesAreAddedOnlyWhereTheMessageLacksThem() {
        var spec = BenchmarkCli.commandLine().getSubcommands().get("imp").getCommandSpec();
        assertEquals("rate (2.0) must be in (0, 1) (flag --rate)", CommandSupport.namingFlags(spec,
                "rate (2.0) must be in (0, 1)"));
        assertEquals("l1 (-1.0) must be >= 0, e.g. --l1 1e-5", CommandSupport.namingFlags(spec,
                "l1 (-1.0) must be >= 0, e.g. --l1 1e-5"));
        // "l1StartEpoch (" does not name --l1, and --l1-start-epoch does not count as --l1
        assertEquals("l1StartEpoch (9) needs --l1-start-epoch", CommandSupport.namingFlags(spec,
                "l1StartEpoch (9) needs --l1-start-epoch"));
        assertEquals("l1 (NaN) see --l1-start-epoch (flag --l1)", CommandSupport.namingFlags(spec,
                "l1 (NaN) see --l1-start-epoch"));
        assertEquals("no field here", CommandSupport.namingFlags(spec, "no field here"));
    }

    private static String expand(String s) {
        return s.replace("{root}", root.toString()).replace("{data}", data);
    }

    /** Every file (with its bytes) and directory under {@code dir}. */
    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                out.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "<dir>"
                        : Arrays.toString(Files.readAllBytes(p)));
            }
        }
        return out;
    }
}
