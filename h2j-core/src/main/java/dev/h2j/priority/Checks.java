package dev.h2j.priority;

/** Argument checks shared by the tree and the schedulers; each names the rule it enforces. */
final class Checks {

    private Checks() {
    }

    /** A stream, never the root: 1 to 2^31-1. */
    static void stream(int streamId) {
        if (streamId == 0) {
            throw new PseudoStreamException("RFC 7540 §5.3.1: stream 0 is the root of the tree, not a stream");
        }
        if (streamId < 0) {
            throw new IllegalArgumentException("RFC 9113 §5.1.1: stream " + Integer.toUnsignedString(streamId)
                    + " is outside 1..2^31-1");
        }
    }

    /** A parent: 0 to 2^31-1, and not the stream itself. */
    static void dependency(int streamId, int dependsOn) {
        if (dependsOn < 0) {
            throw new IllegalArgumentException("RFC 9113 §6.3: stream dependency "
                    + Integer.toUnsignedString(dependsOn) + " is outside 0..2^31-1");
        }
        if (dependsOn == streamId) {
            // RFC 7540 §5.3.1: a stream cannot depend on itself.
            throw new PriorityLoopException("RFC 7540 §5.3.1: stream " + streamId + " cannot depend on itself");
        }
    }

    /** A weight: 1 to 256. */
    static void weight(int weight) {
        if (weight < PriorityTree.MIN_WEIGHT || weight > PriorityTree.MAX_WEIGHT) {
            throw new BadWeightException("RFC 7540 §5.3.2: weight " + weight + " is outside 1..256");
        }
    }
}
