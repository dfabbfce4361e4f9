package dev.h2j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code h2j hpack}: HPACK (RFC 7541) header blocks to and from the JSON story format of the
 * public hpack-test-case corpus, like nghttp2's {@code inflatehd} and {@code deflatehd}.
 */
@Command(
        name = "hpack",
        mixinStandardHelpOptions = true,
        description = "Decode or encode HPACK header blocks in the hpack-test-case JSON story format.",
        subcommands = {HpackCommand.Inflate.class, HpackCommand.Deflate.class})
final class HpackCommand {

    /** Input file option shared by both subcommands. */
    static final class Input {
        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "FILE",
                description = "The story to read (default: standard input; '-' also means standard input).")
        String file = "-";
    }

    /** {@code h2j hpack inflate}: decodes the {@code wire} of every case. */
    @Command(
            name = "inflate",
            mixinStandardHelpOptions = true,
            description = {
                "Decode a story: read JSON whose cases carry 'wire' (hex) and print the story with each"
                        + " case's decoded 'headers'.",
                "Cases share one decoding context, in order; a case's 'header_table_size' is the"
                        + " SETTINGS_HEADER_TABLE_SIZE acknowledged just before it (default 4096)."
            })
    static final class Inflate implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin Input input = new Input();

        @Option(
                names = "--max-header-list-size",
                paramLabel = "OCTETS",
                description = "Largest decoded header list (RFC 9113 §6.5.2 size) per case (default: ${DEFAULT-VALUE}).")
        int maxHeaderListSize = 16 * 1024 * 1024;

        @Override
        public Integer call() {
            return StoryIo.run(spec, input.file, story -> Stories.inflate(story, maxHeaderListSize));
        }
    }

    /** {@code h2j hpack deflate}: encodes the {@code headers} of every case. */
    @Command(
            name = "deflate",
            mixinStandardHelpOptions = true,
            description = {
                "Encode a story: read JSON whose cases carry 'headers' and print the story with each"
                        + " case's 'wire' (hex) and 'header_table_size'.",
                "Cases share one encoding context, in order; a case's own 'header_table_size' changes the"
                        + " table size from that case on."
            })
    static final class Deflate implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin Input input = new Input();

        @Option(
                names = {"-s", "--table-size"},
                paramLabel = "OCTETS",
                description = "SETTINGS_HEADER_TABLE_SIZE the decoder allows (default: ${DEFAULT-VALUE}).")
        int tableSize = 4096;

        @Override
        public Integer call() {
            return StoryIo.run(spec, input.file, story -> Stories.deflate(story, tableSize));
        }
    }
}
