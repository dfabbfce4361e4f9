package dev.h2j.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs an example's {@code main} with standard output captured. Tests in this module run one at a time. */
final class Console {

    /** A {@code main} to run. */
    interface Main {
        void run() throws Exception;
    }

    private Console() {
    }

    /** Runs {@code main} and returns what it printed to standard output. */
    static synchronized String output(Main main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
