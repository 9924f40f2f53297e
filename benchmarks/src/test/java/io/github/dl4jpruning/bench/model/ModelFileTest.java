package io.github.dl4jpruning.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to the model-zip commands ({@link ModelFile} and the flags): every case ends with exit code 2, one line on
 * stderr that names the field, the value and what is allowed, nothing on stdout, and no output file.
 */
class ModelFileTest {

    @TempDir
    static Path dir;

    private static Path model;

    @BeforeAll
    static void files() throws IOException {
        model = ModelFixtures.write(ModelFixtures.mln(), dir.resolve("model.zip"));
        Files.writeString(dir.resolve("notes.zip"), "this is a text file, not a zip\n");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dir.resolve("other.zip")))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Files.createDirectory(dir.resolve("folder.zip"));
    }

    static Stream<Arguments> refusals() {
        String m = "MODEL";
        List<Arguments> cases = new ArrayList<>();
        for (String command : List.of("inspect", "prune", "strip", "thin-model", "export-sparse")) {
            List<String> extra = command.equals("inspect") ? List.of() : command.equals("prune")
                    ? List.of("--density", "0.5", "--out", "OUT") : List.of("--out", "OUT");
            cases.add(Arguments.of(command, "notes.zip", extra, "model (DIR/notes.zip) is not a DL4J model zip: it is "
                    + "not a zip archive"));
            cases.add(Arguments.of(command, "other.zip", extra, "model (DIR/other.zip) is not a DL4J model zip: it must "
                    + "hold the entries configuration.json and coefficients.bin"));
            cases.add(Arguments.of(command, "missing.zip", extra, "model (DIR/missing.zip) must be an existing file"));
            cases.add(Arguments.of(command, "folder.zip", extra, "model (DIR/folder.zip) must be a file, not a "
                    + "directory"));
        }
        for (String d : List.of("1.5", "0", "-0.1", "NaN", "Infinity")) {
            cases.add(Arguments.of("prune", m, List.of("--density", d, "--out", "OUT"), "density (" + Double.valueOf(d)
                    + ") must be in (0, 1]"));
        }
        cases.add(Arguments.of("prune", m, List.of("--density", "0.2", "--floor", "0.3", "--out", "OUT"),
                "floor (0.3) must be in [0, 0.2]"));
        cases.add(Arguments.of("prune", m, List.of("--density", "0.2", "--scope", "row", "--out", "OUT"),
                "scope (row) must be global or local"));
        cases.add(Arguments.of("prune", m, List.of("--density", "0.2", "--criterion", "taylor", "--out", "OUT"),
                "criterion (taylor) must be magnitude or random"));
        cases.add(Arguments.of("prune", m, List.of("--density", "0.2", "--granularity", "block", "--out", "OUT"),
                "granularity (block) must be unstructured, neuron, filter or channel"));
        cases.add(Arguments.of("strip", m, List.of("--out", "DIR/no-such-dir/x.zip"),
                "out (DIR/no-such-dir/x.zip) must be in an existing directory"));
        cases.add(Arguments.of("strip", m, List.of("--out", "MODEL"), "out (DIR/model.zip) must differ from the "
                + "input model"));
        cases.add(Arguments.of("inspect", m, List.of("--json", "DIR/folder.zip"), "json (DIR/folder.zip) must be a "
                + "file, not a directory"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("refusals")
    void badInputIsOneLineAndExitCode2(String command, String file, List<String> extra, String message)
            throws IOException {
        Path out = dir.resolve("out-" + command + ".zip");
        List<String> args = new ArrayList<>(List.of(command, file.equals("MODEL") ? model.toString()
                : dir.resolve(file).toString()));
        for (String a : extra) {
            args.add(a.replace("OUT", out.toString()).replace("MODEL", model.toString()).replace("DIR", dir.toString()));
        }
        ModelFixtures.Run run = ModelFixtures.cli(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith(command + ": " + message.replace("DIR", dir.toString())), run.err());
        assertTrue(!Files.exists(out), "no output written");
    }
}
