package dev.h2j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** Reads a JSON story, transforms it, and prints the result; turns failures into exit status 1. */
final class StoryIo {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One story in, one story out. */
    @FunctionalInterface
    interface Transform {
        ObjectNode apply(ObjectNode story) throws StoryException;
    }

    private StoryIo() {}

    /**
     * Reads the story from {@code file} ("-" for standard input), applies {@code transform} and
     * prints the result to the command's output.
     *
     * @return the exit status: 0 on success, 1 with a message on standard error otherwise
     */
    static int run(CommandSpec spec, String file, Transform transform) {
        try {
            ObjectNode result = transform.apply(read(file));
            spec.commandLine().getOut().println(write(result));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (StoryException e) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    private static ObjectNode read(String file) throws StoryException {
        String source = "-".equals(file) ? "standard input" : file;
        JsonNode root;
        try {
            if ("-".equals(file)) {
                root = parse(System.in);
            } else {
                try (InputStream in = Files.newInputStream(Path.of(file))) {
                    root = parse(in);
                }
            }
        } catch (NoSuchFileException e) {
            throw new StoryException("cannot read " + source + ": no such file");
        } catch (JsonProcessingException e) {
            throw new StoryException(
                    "malformed JSON in " + source + ": " + e.getOriginalMessage()
                            + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                                    + ", column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new StoryException("cannot read " + source + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new StoryException("the story in " + source + " is not a JSON object");
        }
        return (ObjectNode) root;
    }

    private static JsonNode parse(InputStream in) throws IOException {
        return JSON.readTree(in);
    }

    private static String write(ObjectNode story) throws StoryException {
        DefaultPrettyPrinter printer =
                new DefaultPrettyPrinter()
                        .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(
                                Separators.Spacing.AFTER))
                        .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        try {
            return JSON.writer(printer).writeValueAsString(story);
        } catch (JsonProcessingException e) {
            throw new StoryException("cannot print the story: " + e.getOriginalMessage());
        }
    }
}
