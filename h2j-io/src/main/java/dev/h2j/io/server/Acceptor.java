package dev.h2j.io.server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;

/** One thread accepting on every listening socket, handing connections to the event loops in turn. */
final class Acceptor implements Runnable {

    /** A listening socket, and the TLS engines for its connections (null for cleartext). */
    record Listener(ServerSocketChannel channel, Supplier<SSLEngine> engines) {
    }

    private final ServerContext server;
    private final List<Listener> listeners;
    private final List<EventLoop> loops;
    private final Selector selector;
    private final Thread thread;
    private volatile boolean stopping;
    private int next;

    Acceptor(ServerContext server, List<Listener> listeners, List<EventLoop> loops) throws IOException {
        this.server = server;
        this.listeners = listeners;
        this.loops = loops;
        this.selector = Selector.open();
        for (Listener listener : listeners) {
            listener.channel().configureBlocking(false);
            listener.channel().register(selector, SelectionKey.OP_ACCEPT, listener);
        }
        this.thread = new Thread(this, "h2j-accept");
    }

    void start() {
        thread.start();
    }

    /** Stops accepting and closes the listening sockets; returns when the thread is done. */
    void stop() throws InterruptedException {
        stopping = true;
        selector.wakeup();
        thread.join();
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    accept((Listener) key.attachment());
                }
            }
        } catch (IOException | RuntimeException e) {
            server.configuration().logger().log(System.Logger.Level.ERROR, "h2j server: the acceptor failed", e);
        } finally {
            for (Listener listener : listeners) {
                try {
                    listener.channel().close();
                } catch (IOException e) {
                    // Closing a listening socket that failed: nothing more to release.
                }
            }
            try {
                selector.close();
            } catch (IOException e) {
                // Nothing more to release.
            }
        }
    }

    private void accept(Listener listener) {
        SocketChannel channel;
        try {
            channel = listener.channel().accept();
            if (channel == null) {
                return;
            }
            channel.configureBlocking(false);
            // HTTP/2 multiplexes small frames: Nagle's delay would hold back headers and window updates.
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            server.configuration().logger().log(System.Logger.Level.WARNING, "h2j server: accept failed", e);
            return;
        }
        EventLoop loop = loops.get(next);
        next = (next + 1) % loops.size();
        loop.adopt(channel, listener.engines());
    }
}
