package dev.h2j;

/**
 * Backpressure: the outbound buffer holds at least {@link Limits#outboundBufferSize()} octets, so the
 * connection refuses to queue more headers or data until the caller drains it with
 * {@link H2Connection#dataToSend()}. The refused call changed nothing; retry it after writing.
 *
 * <p>This is not a protocol error: the peer did nothing wrong, and nothing is sent.
 */
public final class OutboundBufferFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The octets waiting to be sent when the call was refused. */
    private final int outboundSize;
    /** The soft limit they reached, {@link Limits#outboundBufferSize()}. */
    private final int limit;

    /**
     * Creates the exception.
     *
     * @param outboundSize the octets waiting to be sent
     * @param limit the soft limit they reached
     */
    public OutboundBufferFullException(int outboundSize, int limit) {
        super(outboundSize + " octets wait to be sent, at or above the limit of " + limit
                + "; drain dataToSend() and retry");
        this.outboundSize = outboundSize;
        this.limit = limit;
    }

    /**
     * Returns how many octets waited to be sent when the call was refused.
     *
     * @return the octets
     */
    public int outboundSize() {
        return outboundSize;
    }

    /**
     * Returns the soft limit, {@link Limits#outboundBufferSize()}.
     *
     * @return the octets
     */
    public int limit() {
        return limit;
    }
}
