package dev.h2j;

import dev.h2j.event.Event;
import dev.h2j.frame.ErrorCode;
import java.util.List;
import java.util.Objects;

/**
 * The root of h2j's protocol errors: an unchecked exception that carries the RFC 9113 error code of
 * the rule that was broken, and its {@link ErrorScope}.
 *
 * <p>Thrown by {@link H2Connection} in two situations:
 * <ul>
 *   <li>from {@link H2Connection#receiveData(java.nio.ByteBuffer)}, with scope
 *       {@link ErrorScope#CONNECTION}: the peer broke a connection-level rule. The GOAWAY frame is
 *       already queued, and {@link #events()} holds every event the same call produced before the
 *       error, so nothing received is lost;</li>
 *   <li>from the send methods, with scope {@link ErrorScope#CALLER}: the call was refused and changed
 *       nothing.</li>
 * </ul>
 *
 * <p>The subclasses mirror python-hyper h2's exception hierarchy. Exceptions a peer can provoke are
 * created without a stack trace, so that a flood of bad frames stays cheap.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-5.4">RFC 9113 §5.4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-7">RFC 9113 §7</a>
 */
public class H2Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorCode errorCode;
    /** How far the error reaches: the connection, one stream, or only the refused call. */
    private final ErrorScope scope;
    /** The stream the error concerns, or 0 for the connection as a whole. */
    private final int streamId;
    private transient List<Event> events = List.of();

    /**
     * Creates an exception; peer-provoked ones (any scope but {@link ErrorScope#CALLER}) carry no stack
     * trace.
     *
     * @param errorCode the RFC 9113 error code of the broken rule
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule (for example "RFC 9113 §6.9.1: ...")
     * @throws NullPointerException if {@code errorCode} or {@code scope} is null
     */
    public H2Exception(ErrorCode errorCode, ErrorScope scope, int streamId, String message) {
        super(message, null, true, scope == ErrorScope.CALLER);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.streamId = streamId;
    }

    /**
     * Returns the RFC 9113 error code of the rule that was broken; for a connection error, the code the
     * queued GOAWAY carries.
     *
     * @return the error code
     */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /**
     * Returns how far the error reaches.
     *
     * @return the scope
     */
    public ErrorScope scope() {
        return scope;
    }

    /**
     * Returns the stream the error concerns.
     *
     * @return the stream identifier, or 0 when the error concerns the connection as a whole
     */
    public int streamId() {
        return streamId;
    }

    /**
     * Returns the events that the failing {@link H2Connection#receiveData(java.nio.ByteBuffer)} call
     * produced before the error, in order; they are as valid as if the call had returned them.
     *
     * @return the events, empty for an error thrown by any other method
     */
    public List<Event> events() {
        return events;
    }

    /** Attaches the events the failing call produced before the error. */
    void events(List<Event> parsedBeforeTheError) {
        this.events = List.copyOf(parsedBeforeTheError);
    }
}
