package dev.h2j.hpack;

/**
 * A header block decoded to a header list larger than our SETTINGS_MAX_HEADER_LIST_SIZE budget
 * (RFC 9113 §6.5.2). The block was decoded to its end, so the dynamic table is in sync and the
 * connection survives; only the stream fails.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.5.2">RFC 9113 §6.5.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-10.5.1">RFC 9113 §10.5.1</a>
 */
public final class HeaderListSizeException extends HpackException {

    private static final long serialVersionUID = 1L;

    /** The size of the whole decoded list. */
    private final long headerListSize;
    /** The budget it exceeded. */
    private final int limit;

    /**
     * Creates an exception for a header list of {@code headerListSize} against {@code limit}.
     *
     * @param headerListSize the size of the whole decoded list (RFC 9113 §6.5.2: name + value + 32 per field)
     * @param limit the budget it exceeded
     */
    public HeaderListSizeException(long headerListSize, int limit) {
        super("RFC 9113 §6.5.2: header list size " + headerListSize + " exceeds the limit " + limit);
        this.headerListSize = headerListSize;
        this.limit = limit;
    }

    /**
     * Returns the size of the whole decoded header list, including the fields not delivered.
     *
     * @return the header list size in octets
     */
    public long headerListSize() {
        return headerListSize;
    }

    /**
     * Returns the budget the list exceeded.
     *
     * @return the SETTINGS_MAX_HEADER_LIST_SIZE in force
     */
    public int limit() {
        return limit;
    }

    /**
     * Tells whether the error ends the connection.
     *
     * @return false: only the stream fails; the decoding context stays valid
     */
    @Override
    public boolean isConnectionError() {
        return false;
    }
}
