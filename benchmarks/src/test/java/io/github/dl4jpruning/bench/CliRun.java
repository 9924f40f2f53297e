package io.github.dl4jpruning.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of the command line in this JVM, with stdout and stderr captured.
 *
 * @param exitCode the exit code
 * @param out what the command printed on stdout
 * @param err what the command printed on stderr
 */
record CliRun(int exitCode, String out, String err) {

    /**
     * Runs {@code new CommandLine(new BenchmarkCli())} as a user of the API would build it.
     *
     * @param args the arguments
     * @return the exit code and captured output
     */
    static CliRun plain(String... args) {
        return run(new CommandLine(new BenchmarkCli()), args);
    }

    /**
     * Runs {@link BenchmarkCli#commandLine()}, the command line {@code main} uses.
     *
     * @param args the arguments
     * @return the exit code and captured output
     */
    static CliRun configured(String... args) {
        return run(BenchmarkCli.commandLine(), args);
    }

    private static CliRun run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
