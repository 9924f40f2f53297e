package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link BenchmarkCli}: the top command's own behaviour. */
class BenchmarkCliTest {

    @Test
    void aSubcommandIsRequired() {
        CliRun run = CliRun.configured();
        assertEquals(CommandSupport.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("dl4j-pruning: a subcommand (imp, overhead, thin, train, table, jmh, inspect, "
                + "prune, strip, thin-model or export-sparse) is required"), run.err());
    }

    @Test
    void helpListsBothProtocolsAndVersionNamesDl4j() {
        CliRun help = CliRun.plain("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("imp") && help.out().contains("overhead"), help.out());
        CliRun version = CliRun.plain("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("dl4j-pruning ") && !version.out().contains("benchmarks"), version.out());
        assertTrue(version.out().contains("Deeplearning4j 1.0.0-M2.1"), version.out());
    }

    @Test
    void unparseableValuesAreOneLineUsageErrors() {
        CliRun run = CliRun.configured("imp", "--rate", "half");
        assertEquals(CommandSupport.EXIT_BAD_INPUT, run.exitCode());
        assertEquals(2, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("imp: Invalid value for option '--rate': 'half' is not a double"), run.err());
    }
}
