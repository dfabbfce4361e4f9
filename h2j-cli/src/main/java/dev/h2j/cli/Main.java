package dev.h2j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code h2j} command: the entry point of the command-line tool.
 *
 * <p>Subcommands today: {@code serve}, {@code get}, {@code hpack inflate}, {@code hpack deflate} and
 * {@code fsm --dot}. Each subcommand has {@code --help}. Exit status 0 means success, 1 a failure the
 * message explains, 2 a usage error ({@code get --fail} adds 22 for HTTP errors, as curl does).
 */
@Command(
        name = "h2j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "h2j, a sans-I/O HTTP/2 stack for Java: command-line tools.",
        subcommands = {ServeCommand.class, GetCommand.class, HpackCommand.class, FsmCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * Builds the picocli command line for {@code h2j}, so that tests can run commands in process
     * with their own output writers.
     *
     * @return a new command line, ready to {@code execute}
     */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** The command line with another factory for the subcommands, such as a {@code get} on other streams. */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        // "@FILE" is an argument of its own (get -d @FILE), not a file of arguments for picocli to expand.
        return new CommandLine(new Main(), factory).setExpandAtFiles(false);
    }

    /** Reads the version that Maven wrote into {@code version.properties} at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"h2j " + properties.getProperty("version", "(unknown version)")};
        }
    }
}
