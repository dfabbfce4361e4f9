package dev.h2j;

import dev.h2j.internal.ConnectionMachine;
import dev.h2j.internal.StreamMachine;

/**
 * The state machines that drive an {@link H2Connection}, drawn as Graphviz DOT documents.
 *
 * <p>h2j's connection and stream state machines are transition tables: for every state and every input
 * (a frame sent or received, or a call), a cell says whether the input is allowed, which state follows,
 * and which rule of RFC 9113 the cell implements. These methods render the tables themselves, so the
 * diagrams cannot drift from the code: each state is a node, each allowed cell an edge labelled
 * {@code INPUT / EFFECT (§section)}, with inputs that share their source, target and effect merged into
 * one edge. Refused cells are not drawn; inputs the machine takes and discards are drawn dashed. The
 * stream document holds the client's and the server's tables as two clusters, and names each state's
 * RFC 9113 §5.1 state under it.
 *
 * <p>The text is ASCII and deterministic: the same h2j version always returns the same bytes. Render
 * it with Graphviz, for example {@code dot -Tsvg stream.dot > stream.svg}; {@code h2j fsm --dot}
 * prints it from the command line, and the repository's {@code docs/fsm} holds both documents.
 *
 * <p>Thread safety: stateless; every method may be called from any thread.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-5.1">RFC 9113 §5.1</a>
 * @see <a href="https://graphviz.org/doc/info/lang.html">The DOT language</a>
 */
public final class StateMachines {
    private StateMachines() {
    }

    /**
     * Returns the connection state machine as a DOT document: the role chosen by the preface, GOAWAY
     * and the end of the connection, and what each role may send and receive.
     *
     * @return the DOT text of the connection machine, ending with a newline
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.8">RFC 9113 §6.8</a>
     */
    public static String connectionDot() {
        return ConnectionMachine.dot();
    }

    /**
     * Returns the stream state machine as a DOT document: the client's table and the server's, as two
     * clusters of the same graph.
     *
     * @return the DOT text of both stream tables, ending with a newline
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-5.1">RFC 9113 §5.1</a>
     */
    public static String streamDot() {
        return StreamMachine.dot();
    }
}
