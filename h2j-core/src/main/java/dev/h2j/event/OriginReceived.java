package dev.h2j.event;

import java.util.List;
import java.util.Objects;

/**
 * An ORIGIN frame arrived on stream 0: the server lists the origins it is authoritative for on this
 * connection (RFC 8336 §2, an h2j addition to RFC 9113).
 *
 * <p>A client that receives an ORIGIN frame may use this connection for requests to the listed
 * origins, subject to the checks of RFC 8336 §2.4 (for example, a certificate valid for the origin).
 * Each frame adds its entries to the connection's Origin Set (RFC 8336 §2.3); keeping that set is the
 * application's job. ORIGIN frames on other streams are ignored (RFC 8336 §2.1): they are reported as
 * {@link UnknownFrameReceived}, never as this event.
 *
 * @param origins the Origin-Entry values in wire order, ASCII origin serializations such as
 *     {@code https://example.com}, unmodifiable
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8336#section-2">RFC 8336 §2</a>
 */
public record OriginReceived(List<String> origins) implements Event {

    /**
     * Copies the list.
     *
     * @param origins the {@code origins} component, described above
     * @throws NullPointerException if {@code origins} or one of its entries is null
     */
    public OriginReceived {
        origins = List.copyOf(Objects.requireNonNull(origins, "origins"));
    }
}
