package dev.h2j.frame;

import java.util.List;

/**
 * An ORIGIN frame (type 0xc, RFC 8336 §2): the origins the server is authoritative for on this
 * connection. Always on stream 0: the parser returns ORIGIN frames on other streams, which
 * RFC 8336 §2.1 says MUST be ignored, as {@link UnknownFrame}s.
 *
 * <p>Entries hold octets as ISO-8859-1 chars; the RFC expects ASCII origin serializations, which the
 * consumer checks (RFC 8336 §2.2: an entry that fails to parse is ignored, not an error).
 *
 * @param origins the Origin-Entry values in wire order, immutable, each at most 65535 octets
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8336#section-2">RFC 8336 §2</a>
 */
public record OriginFrame(List<String> origins) implements Frame {

    /**
     * Validates the entries and copies the list.
     *
     * @param origins the {@code origins} component, described above
     * @throws IllegalArgumentException if an entry holds a char above U+00FF or is longer than 65535 octets
     * @throws NullPointerException if {@code origins} or one of its elements is null
     */
    public OriginFrame {
        origins = List.copyOf(origins);
        for (String origin : origins) {
            Checks.octets(origin, "ORIGIN entry", true);
        }
    }

    /**
     * Returns 0: ORIGIN frames are only interpreted on stream 0.
     *
     * @return 0
     */
    @Override
    public int streamId() {
        return 0;
    }

    /**
     * Returns {@link FrameType#ORIGIN}.
     *
     * @return {@link FrameType#ORIGIN}
     */
    @Override
    public FrameType type() {
        return FrameType.ORIGIN;
    }

    @Override
    public int flags() {
        return 0;
    }
}
