package dev.h2j;

import dev.h2j.frame.AltSvcFrame;
import dev.h2j.frame.ContinuationFrame;
import dev.h2j.frame.DataFrame;
import dev.h2j.frame.Frame;
import dev.h2j.frame.FrameFormatException;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.GoAwayFrame;
import dev.h2j.frame.HeadersFrame;
import dev.h2j.frame.OriginFrame;
import dev.h2j.frame.PingFrame;
import dev.h2j.frame.PriorityFrame;
import dev.h2j.frame.PriorityUpdateFrame;
import dev.h2j.frame.PushPromiseFrame;
import dev.h2j.frame.RstStreamFrame;
import dev.h2j.frame.SettingsFrame;
import dev.h2j.frame.UnknownFrame;
import dev.h2j.frame.WindowUpdateFrame;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackDecoder;
import dev.h2j.hpack.HpackException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The remote endpoint's reader, for asserting on what a connection sends: {@link #read(ByteBuffer)}
 * turns {@code dataToSend()} octets into {@link TestFrame}s.
 *
 * <p>Input may end anywhere: a frame split across calls comes out of the call that completes it.
 * HEADERS and PUSH_PROMISE come out joined with their CONTINUATIONs, their blocks decoded in arrival
 * order by one HPACK decoder (table 4096 octets, no header list limit), as a real peer would. Octets a
 * real peer would reject (a malformed frame, a bad header block, a wrong preface) fail the test with
 * an {@link AssertionError} naming the frames read before them; the peer is then unusable.
 *
 * <p>Not thread-safe; one per connection under test.
 */
final class Peer {

    private static final byte[] CLIENT_PREFACE = Frames.clientPreface().bytes();

    private final FrameParser parser = new FrameParser();
    private final HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
    // Octets of the client preface still expected before the first frame.
    private int prefaceRemaining;
    // Whether the parser holds octets of a frame not complete yet.
    private boolean partialFrame;
    // The HEADERS or PUSH_PROMISE whose block is still open, and the fragments joined so far; null if none.
    private Frame openBlock;
    private final ByteArrayOutputStream blockFragments = new ByteArrayOutputStream();

    private Peer(boolean expectPreface) {
        this.prefaceRemaining = expectPreface ? CLIENT_PREFACE.length : 0;
    }

    /** A server's view of a client: the 24-octet client preface comes first and is checked, then frames. */
    static Peer readingFromClient() {
        return new Peer(true);
    }

    /** A client's view of a server: frames from the first octet (a server sends no preface octets). */
    static Peer readingFromServer() {
        return new Peer(false);
    }

    /** Sets the largest frame payload accepted, as if this peer had advertised SETTINGS_MAX_FRAME_SIZE. */
    void setMaxFrameSize(int maxFrameSize) {
        parser.setMaxFrameSize(maxFrameSize);
    }

    /** Sets the HPACK table limit, as if this peer's SETTINGS_HEADER_TABLE_SIZE had been acknowledged. */
    void setHeaderTableSize(int headerTableSize) {
        decoder.setMaxTableSize(headerTableSize);
    }

    /** True when no preface octet, partial frame or open header block is waiting for more input. */
    boolean atFrameBoundary() {
        return prefaceRemaining == 0 && !partialFrame && openBlock == null;
    }

    /** Reads all the remaining octets of {@code in} and returns the frames they complete. */
    List<TestFrame> read(ByteBuffer in) {
        List<TestFrame> frames = new ArrayList<>();
        try {
            readPreface(in);
            int afterLastFrame = in.position();
            for (Frame frame = parser.next(in); frame != null; frame = parser.next(in)) {
                partialFrame = false;
                afterLastFrame = in.position();
                TestFrame complete = accept(frame);
                if (complete != null) {
                    frames.add(complete);
                }
            }
            if (in.position() > afterLastFrame) {
                partialFrame = true;
            }
        } catch (FrameFormatException e) {
            throw new AssertionError("malformed frame: " + e.getMessage() + "; frames read before it: " + frames, e);
        } catch (HpackException e) {
            throw new AssertionError("undecodable header block: " + e.getMessage() + "; frames read before it: "
                    + frames, e);
        }
        return frames;
    }

    List<TestFrame> read(byte[] octets) {
        return read(ByteBuffer.wrap(octets));
    }

    private void readPreface(ByteBuffer in) {
        while (prefaceRemaining > 0 && in.hasRemaining()) {
            int index = CLIENT_PREFACE.length - prefaceRemaining;
            byte octet = in.get();
            if (octet != CLIENT_PREFACE[index]) {
                throw new AssertionError("RFC 9113 §3.4: expected the client preface, octet " + index + " is 0x"
                        + Integer.toHexString(octet & 0xff) + " instead of 0x"
                        + Integer.toHexString(CLIENT_PREFACE[index]));
            }
            prefaceRemaining--;
        }
    }

    /** Copies the frame out of the parser's buffers; returns null while a header block is open. */
    private TestFrame accept(Frame frame) {
        if (frame instanceof HeadersFrame f) {
            return openBlock(f, f.fragment(), f.endHeaders());
        } else if (frame instanceof PushPromiseFrame f) {
            return openBlock(f, f.fragment(), f.endHeaders());
        } else if (frame instanceof ContinuationFrame f) {
            // The parser has checked RFC 9113 §6.10: this continues the open block on its stream.
            append(f.fragment());
            return f.endHeaders() ? closeBlock() : null;
        }
        return valueOf(frame);
    }

    private TestFrame openBlock(Frame start, ByteBuffer fragment, boolean endHeaders) {
        openBlock = start;
        blockFragments.reset();
        append(fragment);
        return endHeaders ? closeBlock() : null;
    }

    private void append(ByteBuffer fragment) {
        byte[] octets = new byte[fragment.remaining()];
        fragment.duplicate().get(octets);
        blockFragments.writeBytes(octets);
    }

    private TestFrame closeBlock() {
        List<HeaderField> fields = decoder.decode(ByteBuffer.wrap(blockFragments.toByteArray()));
        Frame start = openBlock;
        openBlock = null;
        if (start instanceof HeadersFrame h) {
            return new TestFrame.Headers(h.streamId(), fields, h.endStream(), h.priority(), h.padLength());
        }
        PushPromiseFrame p = (PushPromiseFrame) start;
        return new TestFrame.PushPromise(p.streamId(), p.promisedStreamId(), fields, p.padLength());
    }

    private static TestFrame valueOf(Frame frame) {
        switch (frame.type()) {
            case DATA: {
                DataFrame f = (DataFrame) frame;
                return new TestFrame.Data(f.streamId(), Octets.of(f.data()), f.endStream(), f.padLength());
            }
            case PRIORITY:
                return new TestFrame.Priority(frame.streamId(), ((PriorityFrame) frame).priority());
            case RST_STREAM:
                return new TestFrame.RstStream(frame.streamId(), ((RstStreamFrame) frame).errorCode());
            case SETTINGS: {
                SettingsFrame f = (SettingsFrame) frame;
                return new TestFrame.Settings(f.ack(), f.settings());
            }
            case PING: {
                PingFrame f = (PingFrame) frame;
                return new TestFrame.Ping(f.ack(), f.opaqueData());
            }
            case GOAWAY: {
                GoAwayFrame f = (GoAwayFrame) frame;
                return new TestFrame.GoAway(f.lastStreamId(), f.errorCode(), Octets.of(f.debugData()));
            }
            case WINDOW_UPDATE:
                return new TestFrame.WindowUpdate(frame.streamId(), ((WindowUpdateFrame) frame).increment());
            case ALTSVC: {
                AltSvcFrame f = (AltSvcFrame) frame;
                return new TestFrame.AltSvc(f.streamId(), f.origin(), f.fieldValue());
            }
            case ORIGIN:
                return new TestFrame.Origin(((OriginFrame) frame).origins());
            case PRIORITY_UPDATE: {
                PriorityUpdateFrame f = (PriorityUpdateFrame) frame;
                return new TestFrame.PriorityUpdate(f.prioritizedStreamId(), f.priorityFieldValue());
            }
            case UNKNOWN: {
                UnknownFrame f = (UnknownFrame) frame;
                return new TestFrame.Unknown(f.typeCode(), f.flags(), f.streamId(), Octets.of(f.payload()));
            }
            default:
                throw new IllegalStateException("accept() handles field block frames, not " + frame.type());
        }
    }
}
