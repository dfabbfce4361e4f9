package dev.h2j.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs {@code h2j} in process and keeps what it printed. */
final class Cli {
    private Cli() {}

    /** The exit status and the two output streams of one run. */
    record Run(int exitCode, String out, String err) {}

    /** A run of a command that writes octets to standard output, as {@code get} does. */
    record BinaryRun(int exitCode, byte[] stdout, String err) {
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** Runs {@code h2j} with {@code get} on in-memory standard input and output. */
    static BinaryRun runBinary(byte[] stdin, String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Run run = runGet(stdout, stdin, args);
        return new BinaryRun(run.exitCode(), stdout.toByteArray(), run.err());
    }

    /**
     * Runs {@code h2j} with {@code get} writing its standard output to {@code stdout}, for bodies too large
     * to keep; the run's {@code out} is what picocli printed (help, version).
     */
    static Run runGet(OutputStream stdout, byte[] stdin, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == GetCommand.class) {
                    return type.cast(new GetCommand(stdout, new ByteArrayInputStream(stdin)));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine commandLine = Main.commandLine(factory);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    static BinaryRun runBinary(String... args) {
        return runBinary(new byte[0], args);
    }

    static Run run(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
