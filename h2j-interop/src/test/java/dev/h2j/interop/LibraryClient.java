package dev.h2j.interop;

import dev.h2j.hpack.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * A Java HTTP/2 client library as a peer of the matrix, connected to one {@link InteropServer}: each
 * test class of a library row adapts the library's own API to these two calls, and
 * {@link LibraryScenarios} runs the scenarios through them. An adapter checks what only it can see
 * (the protocol the library says it spoke) and reports everything else as the library delivered it.
 */
interface LibraryClient extends AutoCloseable {

    /**
     * Sends one request on the library's connection to the server and collects the whole response.
     *
     * @param call what to send
     * @return the response, or the library's failure
     */
    CompletableFuture<Answer> send(Call call);

    /**
     * GETs {@code path}, reads at least {@code octets} of the response body, then abandons the response
     * the library's way, which must cancel its stream (RST_STREAM CANCEL, RFC 9113 §8.7).
     *
     * @param path a path whose body is longer than {@code octets}
     * @param octets how much to read first
     * @return how many octets were read before the cancel
     */
    CompletableFuture<Long> readThenCancel(String path, int octets);

    /** Closes the library's connections and stops its threads. */
    @Override
    void close() throws Exception;

    /**
     * A request.
     *
     * @param method the method
     * @param path the path and query, resolved against the server's origin
     * @param fields header fields beside the pseudo-header fields, in order
     * @param body the content, or null for none
     */
    record Call(String method, String path, List<HeaderField> fields, byte[] body) {
        public Call {
            fields = List.copyOf(fields);
        }

        /** A GET without extra fields. */
        static Call get(String path) {
            return new Call("GET", path, List.of(), null);
        }

        /** A GET with extra fields. */
        static Call get(String path, List<HeaderField> fields) {
            return new Call("GET", path, fields, null);
        }

        /** A POST of {@code body}. */
        static Call post(String path, byte[] body) {
            return new Call("POST", path, List.of(HeaderField.of("content-type", "application/octet-stream")), body);
        }
    }

    /**
     * A complete response as the library delivered it.
     *
     * @param status the status code
     * @param body the content
     * @param trailers the trailer fields, names in lower case (RFC 9113 §8.2); empty if none came or the
     *     library does not expose them
     */
    record Answer(int status, byte[] body, List<HeaderField> trailers) {
        public Answer {
            List<HeaderField> lowered = new ArrayList<>();
            for (HeaderField field : trailers) {
                lowered.add(HeaderField.of(field.name().toLowerCase(Locale.ROOT), field.value()));
            }
            trailers = List.copyOf(lowered);
        }
    }
}
