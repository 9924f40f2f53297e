package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every subcommand picocli knows answers {@code --help} with exit code 0 and its usage text under the program's name
 * ({@code dl4j-pruning}), without running anything ({@code jmh --help} used to hand {@code --help} to JMH, which
 * refused it).
 */
class HelpTest {

    static Stream<String> subcommands() {
        return BenchmarkCli.commandLine().getSubcommands().keySet().stream();
    }

    @Test
    void everyCommandOfTheProgramIsListed() {
        assertEquals(List.of("imp", "overhead", "jmh", "table", "thin", "train", "inspect", "prune", "strip",
                "thin-model", "export-sparse", "report"), subcommands().toList());
        CliRun top = CliRun.configured("--help");
        assertEquals(0, top.exitCode(), top.err());
        assertTrue(top.out().startsWith("Usage: dl4j-pruning "), top.out());
        subcommands().forEach(name -> assertTrue(top.out().contains("  " + name + " "), name + " in\n" + top.out()));
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("subcommands")
    void everySubcommandAnswersHelp(String name) {
        CliRun run = CliRun.configured(name, "--help");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("Usage: dl4j-pruning " + name + " "), run.out());
        assertTrue(run.out().contains("--help"), run.out());
        String description = BenchmarkCli.commandLine().getSubcommands().get(name).getCommandSpec().usageMessage()
                .description()[0];
        assertTrue(run.out().contains(description.substring(0, Math.min(30, description.length()))), run.out());
    }
}
