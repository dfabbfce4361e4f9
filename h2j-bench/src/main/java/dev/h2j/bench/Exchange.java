package dev.h2j.bench;

/**
 * A client connection and a server connection wired buffer to buffer in memory, no sockets and no
 * threads: the client sends GET requests, the server answers each with a 200 and the same body, and
 * the caller pumps bytes both ways until every response has ended.
 */
interface Exchange extends AutoCloseable {

    /**
     * Sends {@code requests} GET requests at once (all in flight together), then moves bytes both ways
     * until each response has ended.
     *
     * @param requests how many requests, at most the server's SETTINGS_MAX_CONCURRENT_STREAMS (100)
     * @return the response body octets the client received, all responses together
     */
    long exchange(int requests);

    /** Releases what the pair holds. */
    @Override
    void close();
}
