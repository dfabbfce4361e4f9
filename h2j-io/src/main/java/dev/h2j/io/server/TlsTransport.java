package dev.h2j.io.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * TLS over a non-blocking socket with the JDK's {@link SSLEngine}. Its buffers are fixed: one TLS record
 * in each direction, so a connection's TLS memory does not grow with what the peer does.
 *
 * <p>Delegated tasks (key exchange, certificate checks) run inline on the event loop: they take a few
 * milliseconds, once per connection.
 */
final class TlsTransport implements Transport {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** Records from the socket not yet unwrapped; write mode. */
    private final ByteBuffer netIn;
    /** Records wrapped but not yet on the socket; write mode. */
    private final ByteBuffer netOut;
    /** Plaintext unwrapped during the handshake, handed out by the first reads; read mode once set. */
    private ByteBuffer early;

    TlsTransport(SocketChannel channel, SSLEngine engine) throws SSLException {
        this.channel = channel;
        this.engine = engine;
        SSLSession session = engine.getSession();
        this.netIn = ByteBuffer.allocate(session.getPacketBufferSize());
        this.netOut = ByteBuffer.allocate(session.getPacketBufferSize());
        this.early = ByteBuffer.allocate(session.getApplicationBufferSize());
        engine.beginHandshake();
    }

    /** The engine, for the post-handshake checks of RFC 9113 §9.2 and ALPN. */
    SSLEngine engine() {
        return engine;
    }

    @Override
    public Progress handshake() throws IOException {
        if (!flush()) {
            return Progress.NEEDS_WRITE;
        }
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK:
                    runTasks();
                    break;
                case NEED_WRAP:
                    SSLEngineResult wrapped = engine.wrap(EMPTY, netOut);
                    if (!flush()) {
                        return Progress.NEEDS_WRITE;
                    }
                    if (wrapped.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("the TLS handshake was closed (an alert was sent)");
                    }
                    break;
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN:
                    netIn.flip();
                    SSLEngineResult unwrapped = engine.unwrap(netIn, early);
                    netIn.compact();
                    if (unwrapped.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("the peer closed TLS during the handshake");
                    }
                    if (unwrapped.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        int n = channel.read(netIn);
                        if (n < 0) {
                            throw new EOFException("the peer closed the connection during the TLS handshake");
                        }
                        if (n == 0) {
                            return Progress.NEEDS_READ;
                        }
                    }
                    break;
                default:
                    // FINISHED or NOT_HANDSHAKING, with our last records out (flushed above or after the wrap).
                    early.flip();
                    return Progress.DONE;
            }
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (early != null) {
            int moved = Math.min(early.remaining(), dst.remaining());
            dst.put(early.slice().limit(moved));
            early.position(early.position() + moved);
            if (!early.hasRemaining()) {
                early = null;
            }
            if (moved > 0) {
                return moved;
            }
        }
        int produced = 0;
        while (true) {
            netIn.flip();
            SSLEngineResult result = engine.unwrap(netIn, dst);
            netIn.compact();
            produced += result.bytesProduced();
            afterEngineStep(result.getHandshakeStatus());
            switch (result.getStatus()) {
                case OK:
                    if (result.bytesConsumed() == 0) {
                        return produced;
                    }
                    break;
                case BUFFER_UNDERFLOW:
                    int n = channel.read(netIn);
                    if (n < 0) {
                        return produced > 0 ? produced : -1;
                    }
                    if (n == 0) {
                        return produced;
                    }
                    break;
                case BUFFER_OVERFLOW:
                    // dst is full: the caller drains it and reads again; the records wait in netIn.
                    return produced;
                default:
                    // CLOSED: the peer sent close_notify.
                    return produced > 0 ? produced : -1;
            }
        }
    }

    /** RFC 8446 §4.6: post-handshake messages (KeyUpdate, tickets) may need an answer or a task. */
    private void afterEngineStep(HandshakeStatus status) throws IOException {
        if (status == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && flush()) {
            SSLEngineResult result = engine.wrap(EMPTY, netOut);
            if (result.bytesProduced() == 0) {
                break;
            }
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining() && flush()) {
            SSLEngineResult result = engine.wrap(src, netOut);
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("TLS is closed; " + src.remaining() + " octets were not sent");
            }
            afterEngineStep(result.getHandshakeStatus());
        }
        flush();
    }

    @Override
    public boolean flush() throws IOException {
        if (netOut.position() == 0) {
            return true;
        }
        netOut.flip();
        channel.write(netOut);
        netOut.compact();
        return netOut.position() == 0;
    }

    @Override
    public int pending() {
        return netOut.position();
    }

    @Override
    public int readBufferSize() {
        return engine.getSession().getApplicationBufferSize();
    }

    @Override
    public void shutdownOutput() {
        closeNotify();
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            // The peer is gone: there is no output left to end.
        }
    }

    /** RFC 8446 §6.1: close_notify, best effort (a peer that is gone cannot receive it). */
    private void closeNotify() {
        engine.closeOutbound();
        try {
            while (!engine.isOutboundDone() && flush()) {
                if (engine.wrap(EMPTY, netOut).bytesProduced() == 0) {
                    break;
                }
            }
            flush();
        } catch (IOException e) {
            // The socket failed: the close goes on without close_notify.
        }
    }

    @Override
    public void close() {
        if (!engine.isOutboundDone()) {
            closeNotify();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing is left to release.
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
