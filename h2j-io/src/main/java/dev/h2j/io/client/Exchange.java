package dev.h2j.io.client;

import dev.h2j.hpack.HeaderField;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One request and its response on a {@link ClientConnection}: the two halves' states, the response
 * octets not yet read, and the future the application waits on. Every field is guarded by the
 * connection's lock.
 *
 * <p>The request half and the response half move independently (a server may answer before the request
 * body is done, RFC 9113 §8.1), so the exchange holds one state per half rather than one combined.
 */
final class Exchange {

    /** Where the request half stands. */
    enum Sending {
        /** Waiting for the connection to allow a new stream. */
        QUEUED,
        /** HEADERS sent; the body or trailers are being sent by an upload task. */
        BODY,
        /** Everything sent (END_STREAM), or nothing more will be: the stream failed. */
        DONE,
    }

    /** Where the response half stands. */
    enum Receiving {
        /** Waiting for the final response's HEADERS. */
        HEADERS,
        /** The response started; DATA and trailers may follow. */
        BODY,
        /** END_STREAM arrived: the response is complete (buffered octets may still be unread). */
        ENDED,
        /** The stream or the connection failed before the response ended; {@link #failure} says why. */
        FAILED,
    }

    /** A DATA payload the application has not read in full yet. */
    static final class Chunk {
        final byte[] octets;
        int position;

        Chunk(byte[] octets) {
            this.octets = octets;
        }
    }

    final Request request;
    /** Whether the response is collected whole ({@code send}) rather than streamed ({@code stream}). */
    final boolean collected;
    final CompletableFuture<ResponseStream> streamFuture;
    final CompletableFuture<Response> responseFuture;

    int streamId;
    Sending sending = Sending.QUEUED;
    Receiving receiving = Receiving.HEADERS;
    H2ClientException failure;

    int status;
    List<HeaderField> headers = List.of();
    List<HeaderField> trailers = List.of();

    /** Streamed responses: octets received and not read, in order. */
    final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    /** Streamed responses: octets in {@link #chunks}. */
    long unread;
    /** Streamed responses: received octets whose flow-control credit is not returned yet. */
    long unacknowledged;
    /** Collected responses: the body so far. */
    final ByteArrayOutputStream body;

    private Exchange(Request request, boolean collected) {
        this.request = request;
        this.collected = collected;
        this.streamFuture = collected ? null : new CompletableFuture<>();
        this.responseFuture = collected ? new CompletableFuture<>() : null;
        this.body = collected ? new ByteArrayOutputStream() : null;
    }

    /** An exchange whose response is streamed to the application. */
    static Exchange streamed(Request request) {
        return new Exchange(request, false);
    }

    /** An exchange whose response is collected whole. */
    static Exchange collected(Request request) {
        return new Exchange(request, true);
    }

    /** Whether the response is over, read or not: nothing more arrives for it. */
    boolean responseOver() {
        return receiving == Receiving.ENDED || receiving == Receiving.FAILED;
    }

    /** Whether the stream still occupies the wire: one of its halves is not finished. */
    boolean inFlight() {
        return sending != Sending.DONE || !responseOver();
    }
}
