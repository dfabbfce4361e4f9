/**
 * h2j: a sans-I/O HTTP/2 protocol stack.
 *
 * <p>The module has no dependencies beyond {@code java.base}. It exports its API packages only;
 * {@code dev.h2j.internal} (the state machines, when they land) stays hidden.
 */
module dev.h2j {
    exports dev.h2j.frame;
}
