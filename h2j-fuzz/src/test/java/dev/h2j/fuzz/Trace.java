package dev.h2j.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a structure-aware run did, step by step, for reading a finding: off unless the system property
 * {@code h2j.fuzz.trace} is true, so that fuzzing does not pay for the strings.
 */
final class Trace {
    static final boolean ENABLED = Boolean.getBoolean("h2j.fuzz.trace");

    private final List<String> lines = new ArrayList<>();

    void note(Supplier<String> line) {
        if (ENABLED) {
            lines.add(line.get());
        }
    }

    /** Fails with {@code failure}, followed by the steps that led to it when tracing is on. */
    AssertionError withSteps(AssertionError failure) {
        if (!ENABLED) {
            return failure;
        }
        return new AssertionError(failure.getMessage() + "\nsteps:\n  " + String.join("\n  ", lines), failure);
    }
}
