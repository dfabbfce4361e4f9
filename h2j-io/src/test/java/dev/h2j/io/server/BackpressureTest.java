package dev.h2j.io.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.Headers;
import dev.h2j.Limits;
import dev.h2j.event.DataReceived;
import dev.h2j.frame.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Memory per connection stays bounded however slowly a client reads: content is pulled from the
 * application only as flow control and the socket allow.
 */
@Timeout(30)
class BackpressureTest {
    /** 256 MiB, generated as it is read: far more than any buffer may hold. */
    static final long SIZE = 256L << 20;
    /** What one connection may hold: the fill threshold, one frame over it, the write buffer, slack. */
    static final long BOUND = Connection.FILL_THRESHOLD + Connection.MAX_DATA_FRAME + 32_768 + 4_096;

    final AtomicReference<GeneratedBody> body = new AtomicReference<>();
    H2Server server;

    /** A body of {@code size} octets (octet i is i mod 251) made on demand, counting what was pulled. */
    static final class GeneratedBody implements ReadableByteChannel {
        final AtomicLong pulled = new AtomicLong();
        final long size;
        volatile boolean open = true;

        GeneratedBody(long size) {
            this.size = size;
        }

        @Override
        public int read(ByteBuffer dst) {
            long at = pulled.get();
            if (at == size) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), size - at);
            for (int i = 0; i < n; i++) {
                dst.put((byte) ((at + i) % 251));
            }
            pulled.addAndGet(n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = Servers.cleartext((request, response) -> {
            GeneratedBody generated = new GeneratedBody(SIZE);
            body.set(generated);
            response.send(Headers.response(200).add("content-length", Long.toString(SIZE)).build(), generated);
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Waits until the server stopped pulling: the count holds still for 300 ms. */
    static long settled(AtomicLong counter) throws InterruptedException {
        long last = -1;
        while (counter.get() != last) {
            last = counter.get();
            Thread.sleep(300);
        }
        return last;
    }

    @Test
    void clientThatDoesNotReadTheSocketCostsABoundedBuffer() throws Exception {
        // Windows wide open: only the socket holds the server back.
        Limits wide = Limits.defaults().withInitialWindowSize(Integer.MAX_VALUE);
        try (RawClient client = RawClient.open(server.cleartextAddresses().get(0), wide)) {
            client.conn.incrementFlowControlWindow(Integer.MAX_VALUE - 65_535);
            int id = client.request("GET", "/big", true);
            while (body.get() == null) {
                Thread.sleep(5);
            }
            long pulled = settled(body.get().pulled);
            // The kernel's socket buffers took some megabytes; the server pulled no more than they hold.
            assertThat(pulled).isGreaterThan(0).isLessThan(SIZE / 4);
            assertThat(server.peakConnectionOutput()).isPositive().isLessThan(BOUND);
            // What arrived is the start of the content, in order.
            client.acknowledge = false;
            while (client.exchange(id).body.size() < 100_000) {
                client.readOnce();
            }
            byte[] start = client.exchange(id).body.toByteArray();
            for (int i = 0; i < start.length; i++) {
                assertThat(start[i]).isEqualTo((byte) (i % 251));
            }
            client.conn.resetStream(id, ErrorCode.CANCEL);
            client.flush();
        }
        assertThat(server.peakConnectionOutput()).isLessThan(BOUND);
    }

    @Test
    void smallWindowLimitsWhatIsPulled() throws Exception {
        try (RawClient client = RawClient.open(server.cleartextAddresses().get(0))) {
            client.acknowledge = false;
            int id = client.request("GET", "/big", true);
            // The default stream window is 65,535 octets: the server may pull that much and no more.
            while (client.exchange(id).body.size() < 65_535) {
                client.readOnce();
            }
            assertThat(settled(body.get().pulled)).isEqualTo(65_535);
            // Opening both windows by 100,000 octets lets exactly that much more through.
            client.conn.incrementFlowControlWindow(100_000, id);
            client.conn.incrementFlowControlWindow(100_000);
            client.flush();
            while (client.exchange(id).body.size() < 65_535 + 100_000) {
                client.readOnce();
            }
            assertThat(settled(body.get().pulled)).isEqualTo(65_535 + 100_000);
            assertThat(client.events).filteredOn(DataReceived.class::isInstance)
                    .allSatisfy(e -> assertThat(((DataReceived) e).data().remaining())
                            .isLessThanOrEqualTo(Connection.MAX_DATA_FRAME));
        }
        assertThat(server.peakConnectionOutput()).isLessThan(BOUND);
    }
}
