package dev.h2j.cli;

/** A story that cannot be processed: bad JSON, a bad case, or a bad header block. */
final class StoryException extends Exception {
    private static final long serialVersionUID = 1L;

    StoryException(String message) {
        super(message);
    }
}
