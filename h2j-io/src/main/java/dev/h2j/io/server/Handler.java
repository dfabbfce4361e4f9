package dev.h2j.io.server;

/**
 * The application: answers each request of an {@link H2Server}.
 *
 * <p>{@link #handle} runs on the event-loop thread that owns the request's connection, once per request,
 * when its header block has arrived. It must not block: answer at once (from memory, or from a file
 * through {@link Response#send(java.util.List, java.nio.channels.ReadableByteChannel)}), or hand the
 * work to an executor of your own and answer from there; {@link Request} and {@link Response} may be
 * used from any thread.
 *
 * <pre>{@code
 * Handler hello = (request, response) -> response.send(
 *         Headers.response(200).add("content-type", "text/plain").build(),
 *         ByteBuffer.wrap(("hello from " + request.path()).getBytes(StandardCharsets.UTF_8)));
 * }</pre>
 *
 * <p>A handler that throws has its stream reset with INTERNAL_ERROR; the exception is logged at WARNING
 * to the logger of the server's {@link dev.h2j.H2Configuration}.
 */
@FunctionalInterface
public interface Handler {

    /**
     * Answers one request.
     *
     * @param request the request: its header fields, its body (see {@link Request#onBody(BodyListener)})
     *     and its priority signals
     * @param response where the answer goes
     */
    void handle(Request request, Response response);
}
