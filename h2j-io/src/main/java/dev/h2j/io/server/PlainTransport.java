package dev.h2j.io.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Cleartext TCP: plaintext goes to the socket as it is. */
final class PlainTransport implements Transport {
    private static final int READ_BUFFER = 16_384;

    private final SocketChannel channel;

    PlainTransport(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public Progress handshake() {
        return Progress.DONE;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        channel.write(src);
    }

    @Override
    public boolean flush() {
        return true;
    }

    @Override
    public int pending() {
        return 0;
    }

    @Override
    public int readBufferSize() {
        return READ_BUFFER;
    }

    @Override
    public void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            // The peer is gone: there is no output left to end.
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket that already failed: nothing is left to release.
        }
    }
}
