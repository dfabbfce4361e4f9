package dev.h2j.io.server.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.Headers;
import dev.h2j.frame.ContinuationFrame;
import dev.h2j.frame.DataFrame;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.Frame;
import dev.h2j.frame.FrameBuffer;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.FrameType;
import dev.h2j.frame.FrameWriter;
import dev.h2j.frame.GoAwayFrame;
import dev.h2j.frame.HeadersFrame;
import dev.h2j.frame.PingFrame;
import dev.h2j.frame.RstStreamFrame;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingsFrame;
import dev.h2j.frame.WindowUpdateFrame;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackDecoder;
import dev.h2j.hpack.HpackEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A raw-socket HTTP/2 client that sends whatever octets a test builds, valid or not: frames from the core's
 * {@link FrameWriter} and {@link HpackEncoder} where they are valid, written by hand where they are not.
 * A reader thread parses everything the server sends (with the core's {@link FrameParser} and
 * {@link HpackDecoder}, no connection state) into {@link Seen} records, so a test can write a flood of any
 * size without deadlocking on a server that answers, and then assert what came back on the wire.
 */
final class Attacker implements AutoCloseable {
    /** How long any single wait for the server lasts. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** One frame the server sent, with what the tests look at. */
    record Seen(FrameType type, int streamId, boolean endStream, ErrorCode errorCode, String text, int length) {
        @Override
        public String toString() {
            return type + "(" + streamId + (errorCode == null ? "" : ", " + errorCode)
                    + (text == null ? "" : ", " + text) + ", " + length + (endStream ? ", END_STREAM" : "") + ")";
        }
    }

    final Socket socket;
    private final OutputStream output;
    private final InputStream input;
    private final FrameWriter writer = new FrameWriter();
    private final HpackEncoder encoder = new HpackEncoder();
    private final HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
    private final List<Seen> seen = new ArrayList<>();
    private final Thread reader;
    private boolean ended;
    private Throwable readFailure;
    /** Writes have their own lock: the reader thread must never wait for a writer blocked on a full socket. */
    private final Object writeLock = new Object();
    private ByteArrayOutputStream openBlock;
    private int openBlockStream;
    private boolean openBlockEndStream;

    private Attacker(Socket socket, boolean read) throws IOException {
        this.socket = socket;
        this.output = socket.getOutputStream();
        this.input = socket.getInputStream();
        this.reader = new Thread(this::readLoop, "attacker-reader");
        this.reader.setDaemon(true);
        if (read) {
            reader.start();
        }
    }

    /** Connects and starts reading everything the server sends. */
    static Attacker connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, (int) WAIT.toMillis());
        socket.setTcpNoDelay(true);
        return new Attacker(socket, true);
    }

    /**
     * Connects with a small receive buffer and never reads: what the server sends piles up in its own
     * buffers, which is what a slow-read attack is about.
     */
    static Attacker connectNotReading(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4_096);
        socket.connect(address, (int) WAIT.toMillis());
        socket.setTcpNoDelay(true);
        return new Attacker(socket, false);
    }

    // ---------------------------------------------------------------- sending

    /** The client preface and SETTINGS with {@code settings}; then waits for the server's SETTINGS and ACKs it. */
    Attacker preface(Setting... settings) throws IOException {
        send(prefaceOctets(settings));
        awaitFrame(s -> s.type() == FrameType.SETTINGS && !"ACK".equals(s.text()));
        send(settingsAck());
        return this;
    }

    /** The preface and SETTINGS, without waiting for anything. */
    byte[] prefaceOctets(Setting... settings) {
        FrameBuffer out = new FrameBuffer();
        out.write(FrameParser.clientPreface());
        writer.writeSettings(List.of(settings), out);
        return out.toByteArray();
    }

    /**
     * Writes octets. A flood may outlast the connection: if the server closed it meanwhile, the rest is
     * dropped, and the test judges by what the server sent before.
     */
    void send(byte[]... parts) throws IOException {
        synchronized (writeLock) {
            try {
                for (byte[] part : parts) {
                    output.write(part);
                }
                output.flush();
            } catch (SocketException e) {
                // Reset or closed by the server while the flood was still going out.
            }
        }
    }

    /** {@code count} frames built by {@code frame}, concatenated (one write, as a flood arrives). */
    static byte[] repeat(int count, IntFunction<byte[]> frame) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            all.writeBytes(frame.apply(i));
        }
        return all.toByteArray();
    }

    /** A frame written by hand: any type, flags, stream and payload; the length field says the payload's length. */
    static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        return frame(payload.length, type, flags, streamId, payload);
    }

    /** A frame whose length field says {@code length}, whatever payload follows. */
    static byte[] frame(int length, int type, int flags, int streamId, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(9 + payload.length);
        frame.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
        frame.put((byte) type).put((byte) flags).putInt(streamId).put(payload);
        return frame.array();
    }

    /** The request fields of a GET for {@code path}. */
    static List<HeaderField> get(String path) {
        return Headers.request("GET", "http", "localhost", path).build();
    }

    /** HEADERS (and CONTINUATION if needed) with the fields HPACK-encoded by the core's encoder. */
    byte[] headers(int streamId, List<HeaderField> fields, boolean endStream) {
        FrameBuffer out = new FrameBuffer();
        writer.writeHeaders(streamId, ByteBuffer.wrap(encoder.encode(fields)), endStream, -1, out);
        return out.toByteArray();
    }

    /** One HEADERS frame carrying {@code block} as it is (hand-made HPACK), with the flags given. */
    static byte[] headersFrame(int streamId, byte[] block, boolean endStream, boolean endHeaders) {
        return frame(FrameType.HEADERS.code(), (endStream ? 0x1 : 0) | (endHeaders ? 0x4 : 0), streamId, block);
    }

    static byte[] continuation(int streamId, byte[] fragment, boolean endHeaders) {
        return frame(FrameType.CONTINUATION.code(), endHeaders ? 0x4 : 0, streamId, fragment);
    }

    byte[] data(int streamId, byte[] content, boolean endStream) {
        FrameBuffer out = new FrameBuffer();
        writer.writeData(streamId, ByteBuffer.wrap(content), endStream, -1, out);
        return out.toByteArray();
    }

    byte[] ping(long opaque) {
        FrameBuffer out = new FrameBuffer();
        writer.writePing(false, opaque, out);
        return out.toByteArray();
    }

    byte[] settings(Setting... settings) {
        FrameBuffer out = new FrameBuffer();
        writer.writeSettings(List.of(settings), out);
        return out.toByteArray();
    }

    byte[] settingsAck() {
        FrameBuffer out = new FrameBuffer();
        writer.writeSettingsAck(out);
        return out.toByteArray();
    }

    byte[] rstStream(int streamId, ErrorCode code) {
        FrameBuffer out = new FrameBuffer();
        writer.writeRstStream(streamId, code, out);
        return out.toByteArray();
    }

    /** WINDOW_UPDATE written by hand, so that an increment of 0 can be sent. */
    static byte[] windowUpdate(int streamId, int increment) {
        return frame(FrameType.WINDOW_UPDATE.code(), 0, streamId, ByteBuffer.allocate(4).putInt(increment).array());
    }

    /** PRIORITY written by hand (RFC 7540 §6.3 layout), so that a stream can depend on itself. */
    static byte[] priority(int streamId, int dependency, int weight) {
        return frame(FrameType.PRIORITY.code(), 0, streamId,
                ByteBuffer.allocate(5).putInt(dependency).put((byte) (weight - 1)).array());
    }

    // ---------------------------------------------------------------- hand-made HPACK (RFC 7541)

    /** An HPACK integer with an {@code prefixBits}-bit prefix whose high bits are {@code pattern} (§5.1). */
    static byte[] integer(int pattern, int prefixBits, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(pattern | (int) value);
            return out.toByteArray();
        }
        out.write(pattern | max);
        value -= max;
        while (value >= 128) {
            out.write((int) (value % 128 + 128));
            value /= 128;
        }
        out.write((int) value);
        return out.toByteArray();
    }

    /**
     * A literal field without indexing and with a new name, no Huffman (§6.2.2), taking the octets as they
     * are: the encoder refuses names and values that HTTP/2 forbids, this does not.
     */
    static byte[] literal(String name, String value) {
        return literal(0x00, name, value);
    }

    /** As {@link #literal(String, String)}, with incremental indexing (§6.2.1): the field enters the table. */
    static byte[] indexedLiteral(String name, String value) {
        return literal(0x40, name, value);
    }

    private static byte[] literal(int pattern, String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(pattern);
        out.writeBytes(integer(0x00, 7, n.length));
        out.writeBytes(n);
        out.writeBytes(integer(0x00, 7, v.length));
        out.writeBytes(v);
        return out.toByteArray();
    }

    /** An indexed field (§6.1): one octet for indices below 127. */
    static byte[] indexed(int index) {
        return integer(0x80, 7, index);
    }

    /** The four fields of a valid GET for {@code path}, hand-encoded, none of them entering the table. */
    static byte[] getBlock(String path) {
        return concat(indexed(2), indexed(6), literal(":authority", "localhost"), literal(":path", path));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- reading

    private void readLoop() {
        FrameParser parser = new FrameParser();
        byte[] buffer = new byte[65_536];
        try {
            while (true) {
                int n = input.read(buffer);
                if (n < 0) {
                    break;
                }
                ByteBuffer in = ByteBuffer.wrap(buffer, 0, n);
                Frame frame;
                while ((frame = parser.next(in)) != null) {
                    record(frame);
                }
            }
        } catch (IOException e) {
            // A reset connection ends the reading as a close does.
        } catch (RuntimeException e) {
            synchronized (this) {
                readFailure = e;
            }
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private void record(Frame frame) {
        Seen s;
        if (frame instanceof GoAwayFrame) {
            GoAwayFrame g = (GoAwayFrame) frame;
            s = new Seen(FrameType.GOAWAY, g.lastStreamId(), false, g.errorCode(),
                    StandardCharsets.UTF_8.decode(g.debugData()).toString(), g.debugData().remaining());
        } else if (frame instanceof RstStreamFrame) {
            s = new Seen(FrameType.RST_STREAM, frame.streamId(), false, ((RstStreamFrame) frame).errorCode(), null, 4);
        } else if (frame instanceof HeadersFrame) {
            HeadersFrame h = (HeadersFrame) frame;
            openBlock = new ByteArrayOutputStream();
            openBlockStream = h.streamId();
            openBlockEndStream = h.endStream();
            append(h.fragment());
            s = h.endHeaders() ? endBlock() : null;
        } else if (frame instanceof ContinuationFrame) {
            append(((ContinuationFrame) frame).fragment());
            s = ((ContinuationFrame) frame).endHeaders() ? endBlock() : null;
        } else if (frame instanceof DataFrame) {
            DataFrame d = (DataFrame) frame;
            s = new Seen(FrameType.DATA, d.streamId(), d.endStream(), null, null, d.data().remaining());
        } else if (frame instanceof SettingsFrame) {
            SettingsFrame f = (SettingsFrame) frame;
            s = new Seen(FrameType.SETTINGS, 0, false, null, f.ack() ? "ACK" : f.settings().toString(), 0);
        } else if (frame instanceof PingFrame) {
            PingFrame p = (PingFrame) frame;
            s = new Seen(FrameType.PING, 0, false, null, p.ack() ? "ACK" : null, 8);
        } else if (frame instanceof WindowUpdateFrame) {
            WindowUpdateFrame w = (WindowUpdateFrame) frame;
            s = new Seen(FrameType.WINDOW_UPDATE, w.streamId(), false, null, null, w.increment());
        } else {
            s = new Seen(frame.type(), frame.streamId(), false, null, null, 0);
        }
        if (s != null) {
            synchronized (this) {
                seen.add(s);
                notifyAll();
            }
        }
    }

    private void append(ByteBuffer fragment) {
        byte[] octets = new byte[fragment.remaining()];
        fragment.get(octets);
        openBlock.writeBytes(octets);
    }

    private Seen endBlock() {
        List<HeaderField> fields = decoder.decode(ByteBuffer.wrap(openBlock.toByteArray()));
        openBlock = null;
        return new Seen(FrameType.HEADERS, openBlockStream, openBlockEndStream, null,
                Headers.first(fields, ":status").orElse(null), fields.size());
    }

    synchronized boolean isClosedByServer() {
        return ended;
    }

    /** Waits for a frame that matches; fails after {@link #WAIT}, or if the server closes first. */
    synchronized Seen awaitFrame(Predicate<Seen> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < seen.size(); checked++) {
                if (match.test(seen.get(checked))) {
                    return seen.get(checked);
                }
            }
            checkReader();
            if (ended) {
                throw new AssertionError("the server closed the connection before the frame expected; seen: "
                        + summary());
            }
            waitUntil(deadline, "the frame expected; seen: ");
        }
    }

    /** Waits until {@code count} frames of {@code type} arrived, or GOAWAY; true for the first. */
    synchronized boolean awaitCountOrGoAway(FrameType type, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            if (seen(type, 0).size() >= count) {
                return true;
            }
            if (goAway().isPresent()) {
                return false;
            }
            checkReader();
            if (ended) {
                throw new AssertionError("the server closed the connection without GOAWAY; seen: " + summary());
            }
            waitUntil(deadline, count + " " + type + " frames; seen: ");
        }
    }

    /** Waits for GOAWAY and asserts its code. */
    Seen awaitGoAway(ErrorCode code) {
        Seen goAway = awaitFrame(s -> s.type() == FrameType.GOAWAY);
        assertThat(goAway.errorCode()).as("GOAWAY %s", goAway.text()).isEqualTo(code);
        return goAway;
    }

    /** Waits for RST_STREAM on {@code streamId} and returns its code. */
    ErrorCode awaitReset(int streamId) {
        return awaitFrame(s -> s.type() == FrameType.RST_STREAM && s.streamId() == streamId).errorCode();
    }

    /** Waits for the response HEADERS on {@code streamId} and returns the status. */
    int awaitStatus(int streamId) {
        return Integer.parseInt(awaitFrame(s -> s.type() == FrameType.HEADERS && s.streamId() == streamId).text());
    }

    /** Waits until the server closes the connection (within {@link #WAIT}); returns how long it took. */
    synchronized Duration awaitClosed() {
        long start = System.nanoTime();
        long deadline = start + WAIT.toNanos();
        while (!ended) {
            waitUntil(deadline, "the server to close the connection; seen: ");
        }
        checkReader();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Frames of a type seen on a stream (0: any). */
    synchronized List<Seen> seen(FrameType type, int streamId) {
        List<Seen> list = new ArrayList<>();
        for (Seen s : seen) {
            if (s.type() == type && (streamId == 0 || s.streamId() == streamId)) {
                list.add(s);
            }
        }
        return list;
    }

    synchronized Optional<Seen> goAway() {
        return seen.stream().filter(s -> s.type() == FrameType.GOAWAY).findFirst();
    }

    private void checkReader() {
        if (readFailure != null) {
            throw new AssertionError("the server sent octets the frame parser rejects", readFailure);
        }
    }

    private void waitUntil(long deadline, String what) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AssertionError("timed out waiting for " + what + summary());
        }
        try {
            wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private String summary() {
        int from = Math.max(0, seen.size() - 20);
        return (from > 0 ? "... " + from + " more, then " : "") + seen.subList(from, seen.size());
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            reader.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
