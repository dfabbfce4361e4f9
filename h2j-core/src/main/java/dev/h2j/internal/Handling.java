package dev.h2j.internal;

/** What the connection does with an input its state machine allows: the machine has no other effects. */
enum Handling {
    /** Process the frame. */
    PROCESS,
    /** Take the frame and discard it, as the RFC tells a role or state to. */
    IGNORE,
}
