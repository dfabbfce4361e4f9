/**
 * h2j: a sans-I/O HTTP/2 protocol stack.
 *
 * <p>The module has no dependencies beyond {@code java.base}. It exports its API packages only:
 * {@link dev.h2j} (the connection, its configuration and errors), {@link dev.h2j.event} (what a
 * connection reports), {@link dev.h2j.hpack} (the RFC 7541 codec) and {@link dev.h2j.frame} (the
 * RFC 9113 frame layer). The connection and stream state machines live in a package that stays hidden.
 */
module dev.h2j {
    exports dev.h2j;
    exports dev.h2j.event;
    exports dev.h2j.frame;
    exports dev.h2j.hpack;
}
