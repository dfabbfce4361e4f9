package dev.h2j.io.client;

import dev.h2j.frame.AltSvcFrame;
import dev.h2j.frame.ContinuationFrame;
import dev.h2j.frame.DataFrame;
import dev.h2j.frame.Frame;
import dev.h2j.frame.FrameFormatException;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.GoAwayFrame;
import dev.h2j.frame.HeadersFrame;
import dev.h2j.frame.OriginFrame;
import dev.h2j.frame.PriorityUpdateFrame;
import dev.h2j.frame.PushPromiseFrame;
import dev.h2j.frame.SettingsFrame;
import dev.h2j.frame.UnknownFrame;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackDecoder;
import dev.h2j.hpack.HpackException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Parses a copy of the octets going one way and reports each frame to a {@link FrameListener}, with the
 * fields of each field block decoded by a decoder of its own. It sees the same octets in the same order
 * as the peer, so its HPACK table stays in step with the encoder's. Display only: a frame the parser
 * rejects with a stream error is skipped; after a connection error or a bad field block the tap stops
 * (the connection reports the error itself).
 *
 * <p>Used by one thread: the reader or the writer of the connection.
 */
final class FrameTap {
    private static final int PREFACE_LENGTH = FrameParser.clientPreface().remaining();
    private static final int LARGEST_FRAME = 16_777_215;

    private final FrameListener.Direction direction;
    private final FrameListener listener;
    private final FrameParser parser = new FrameParser();
    // RFC 7541 §4.2: the table starts at the protocol's 4096 octets; the encoder's size updates say the rest.
    private final HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
    private final ByteArrayOutputStream block = new ByteArrayOutputStream();
    private int prefaceRemaining;
    private boolean stopped;

    /**
     * A tap for one direction.
     *
     * @param skipPreface whether the octets start with the client's connection preface (the sent
     *     direction)
     */
    FrameTap(FrameListener.Direction direction, FrameListener listener, boolean skipPreface) {
        this.direction = direction;
        this.listener = listener;
        this.prefaceRemaining = skipPreface ? PREFACE_LENGTH : 0;
        // Display only: the connection enforces the real limits; the tap accepts what any peer may send.
        parser.setMaxFrameSize(LARGEST_FRAME);
        decoder.setMaxTableSize(Integer.MAX_VALUE);
    }

    /** Parses the octets between position and limit of a duplicate of {@code octets}. */
    void accept(ByteBuffer octets) {
        ByteBuffer in = octets.duplicate();
        int skip = Math.min(prefaceRemaining, in.remaining());
        in.position(in.position() + skip);
        prefaceRemaining -= skip;
        while (!stopped && in.hasRemaining()) {
            Frame frame;
            try {
                frame = parser.next(in);
            } catch (FrameFormatException e) {
                stopped = parser.state() == FrameParser.State.FAILED;
                continue;
            }
            if (frame == null) {
                return;
            }
            listener.frame(direction, frame, payloadLength(frame), fields(frame));
        }
    }

    /** The decoded block when {@code frame} ends one, else an empty list. */
    private List<HeaderField> fields(Frame frame) {
        ByteBuffer fragment;
        boolean endHeaders;
        if (frame instanceof HeadersFrame h) {
            block.reset();
            fragment = h.fragment();
            endHeaders = h.endHeaders();
        } else if (frame instanceof PushPromiseFrame p) {
            block.reset();
            fragment = p.fragment();
            endHeaders = p.endHeaders();
        } else if (frame instanceof ContinuationFrame c) {
            fragment = c.fragment();
            endHeaders = c.endHeaders();
        } else {
            return List.of();
        }
        byte[] octets = new byte[fragment.remaining()];
        fragment.duplicate().get(octets);
        block.writeBytes(octets);
        if (!endHeaders) {
            return List.of();
        }
        try {
            return decoder.decode(ByteBuffer.wrap(block.toByteArray()));
        } catch (HpackException e) {
            stopped = true;
            return List.of();
        }
    }

    /** RFC 9113 §4.1: the Length field, the payload's octets, rebuilt from what the frame holds. */
    static int payloadLength(Frame frame) {
        return switch (frame.type()) {
            case DATA -> {
                DataFrame d = (DataFrame) frame;
                yield d.data().remaining() + padding(d.padLength());
            }
            case HEADERS -> {
                HeadersFrame h = (HeadersFrame) frame;
                yield h.fragment().remaining() + padding(h.padLength()) + (h.priority().isPresent() ? 5 : 0);
            }
            case PRIORITY -> 5;
            case RST_STREAM, WINDOW_UPDATE -> 4;
            case SETTINGS -> 6 * ((SettingsFrame) frame).settings().size();
            case PUSH_PROMISE -> {
                PushPromiseFrame p = (PushPromiseFrame) frame;
                yield 4 + p.fragment().remaining() + padding(p.padLength());
            }
            case PING -> 8;
            case GOAWAY -> 8 + ((GoAwayFrame) frame).debugData().remaining();
            case CONTINUATION -> ((ContinuationFrame) frame).fragment().remaining();
            case ALTSVC -> {
                AltSvcFrame a = (AltSvcFrame) frame;
                yield 2 + latin1(a.origin()) + latin1(a.fieldValue());
            }
            case ORIGIN -> ((OriginFrame) frame).origins().stream().mapToInt(o -> 2 + latin1(o)).sum();
            case PRIORITY_UPDATE -> 4 + latin1(((PriorityUpdateFrame) frame).priorityFieldValue());
            case UNKNOWN -> ((UnknownFrame) frame).payload().remaining();
        };
    }

    private static int padding(int padLength) {
        // RFC 9113 §6.1: a padded frame carries the Pad Length octet and the padding.
        return padLength < 0 ? 0 : padLength + 1;
    }

    private static int latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1).length;
    }
}
