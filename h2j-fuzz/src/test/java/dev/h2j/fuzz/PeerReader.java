package dev.h2j.fuzz;

import dev.h2j.frame.ContinuationFrame;
import dev.h2j.frame.DataFrame;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.Frame;
import dev.h2j.frame.FrameFormatException;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.GoAwayFrame;
import dev.h2j.frame.HeadersFrame;
import dev.h2j.frame.PingFrame;
import dev.h2j.frame.PushPromiseFrame;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.frame.SettingsFrame;
import dev.h2j.frame.WindowUpdateFrame;
import dev.h2j.hpack.HpackDecoder;
import dev.h2j.hpack.HpackException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the connection under test sent, as its peer would, and fails on anything a correct
 * endpoint never sends: a frame the parser rejects (RFC 9113 §4, §6), anything after a GOAWAY with an
 * error code (§5.4.1).
 *
 * <p>When the target also tells it what the peer sent ({@link #peerSent(Frame)}), the reader keeps the
 * peer's side of the protocol and checks more: header blocks decode under the HPACK table size the peer
 * allowed (RFC 7541 §4.2, applied when the connection acknowledges the SETTINGS that changed it), each
 * acknowledgement answers a SETTINGS the peer sent (RFC 9113 §6.5.3), no frame exceeds the largest
 * SETTINGS_MAX_FRAME_SIZE the peer advertised (§4.2), and DATA stays within what the peer's windows
 * can have allowed (§6.9.1): the largest initial window it advertised plus its WINDOW_UPDATEs.
 */
final class PeerReader {

    /** RFC 9113 §6.9.2: the initial window of the connection and of every stream. */
    private static final long DEFAULT_WINDOW = 65_535;

    private final FrameParser parser = new FrameParser();
    private final boolean modelsPeer;
    private final Trace trace;
    private int magicLeft;

    // The peer's side, when modelled: its SETTINGS we have not acknowledged yet, and the decoder of our
    // blocks (with the block being assembled from CONTINUATIONs).
    private final ArrayDeque<List<Setting>> peerSettingsToAcknowledge = new ArrayDeque<>();
    private final HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
    private ByteArrayOutputStream block;
    // What we sent that the peer owes an answer to.
    private final ArrayDeque<List<Setting>> ourSettingsToAcknowledge = new ArrayDeque<>();
    private final ArrayDeque<Long> ourPingsToAcknowledge = new ArrayDeque<>();
    // What the peer's windows can have allowed, and the DATA we sent against them.
    private long largestInitialWindow = DEFAULT_WINDOW;
    private long connectionAllowance = DEFAULT_WINDOW;
    private final Map<Integer, Long> streamIncrements = new HashMap<>();
    private final Map<Integer, Long> streamDataSent = new HashMap<>();
    private long connectionDataSent;

    private boolean errorGoAwaySeen;

    private PeerReader(boolean modelsPeer, boolean clientMagic, Trace trace) {
        this.modelsPeer = modelsPeer;
        this.trace = trace;
        this.magicLeft = clientMagic ? FrameParser.clientPreface().remaining() : 0;
        if (!modelsPeer) {
            parser.setMaxFrameSize(16_777_215);
        }
    }

    /** A reader for a peer that sends arbitrary octets: only the well-formedness of the output is checked. */
    static PeerReader wellFormedOnly(boolean readsFromClient) {
        return new PeerReader(false, readsFromClient, new Trace());
    }

    /** A reader that is told every frame the peer sends, and checks the output against them. */
    static PeerReader modellingPeer(boolean readsFromClient, Trace trace) {
        return new PeerReader(true, readsFromClient, trace);
    }

    /** Records a frame the peer sent, in order; only for a reader {@link #modellingPeer}. */
    void peerSent(Frame frame) {
        if (frame instanceof SettingsFrame settings && !settings.ack()) {
            peerSettingsToAcknowledge.add(settings.settings());
            for (Setting s : settings.settings()) {
                if (s.id().equals(SettingId.MAX_FRAME_SIZE) && s.value() > parser.maxFrameSize()) {
                    // Our connection may use a larger size as soon as it has read this SETTINGS.
                    parser.setMaxFrameSize((int) s.value());
                } else if (s.id().equals(SettingId.INITIAL_WINDOW_SIZE)) {
                    largestInitialWindow = Math.max(largestInitialWindow, s.value());
                }
            }
        } else if (frame instanceof WindowUpdateFrame update) {
            if (update.streamId() == 0) {
                connectionAllowance += update.increment();
            } else {
                streamIncrements.merge(update.streamId(), (long) update.increment(), Long::sum);
            }
        }
    }

    /**
     * Takes the oldest SETTINGS of ours the peer has read and not acknowledged yet.
     *
     * @return its settings, or null if there is none
     */
    List<Setting> takeOurSettings() {
        return ourSettingsToAcknowledge.poll();
    }

    /**
     * Takes the opaque data of the oldest PING of ours the peer has read and not acknowledged yet.
     *
     * @return the data, or null if there is none
     */
    Long takeOurPing() {
        return ourPingsToAcknowledge.poll();
    }

    /** Reads octets the connection sent, in order. */
    void read(ByteBuffer out) {
        while (magicLeft > 0 && out.hasRemaining()) {
            out.get();
            magicLeft--;
        }
        while (true) {
            Frame frame;
            try {
                frame = parser.next(out);
            } catch (FrameFormatException e) {
                throw new AssertionError("the connection sent a malformed frame: " + e.getMessage(), e);
            }
            if (frame == null) {
                return;
            }
            Frame sent = frame;
            trace.note(() -> "  sent " + sent);
            if (errorGoAwaySeen) {
                throw new AssertionError("RFC 9113 §5.4.1: " + frame + " was sent after a GOAWAY with an error code");
            }
            if (frame instanceof GoAwayFrame goAway && !goAway.errorCode().equals(ErrorCode.NO_ERROR)) {
                errorGoAwaySeen = true;
            }
            if (modelsPeer) {
                check(frame);
            }
        }
    }

    private void check(Frame frame) {
        if (frame instanceof SettingsFrame settings) {
            if (!settings.ack()) {
                ourSettingsToAcknowledge.add(List.copyOf(settings.settings()));
                return;
            }
            List<Setting> acknowledged = peerSettingsToAcknowledge.poll();
            if (acknowledged == null) {
                throw new AssertionError("RFC 9113 §6.5.3: a SETTINGS ACK for no SETTINGS of the peer");
            }
            for (Setting s : acknowledged) {
                if (s.id().equals(SettingId.HEADER_TABLE_SIZE)) {
                    // RFC 7541 §4.2: the encoder may use the new size from its next block, which must
                    // start with a size update if the table shrank.
                    decoder.setMaxTableSize((int) Math.min(Integer.MAX_VALUE, s.value()));
                }
            }
        } else if (frame instanceof PingFrame ping && !ping.ack()) {
            ourPingsToAcknowledge.add(ping.opaqueData());
        } else if (frame instanceof HeadersFrame headers) {
            startBlock(headers.fragment(), headers.endHeaders());
        } else if (frame instanceof PushPromiseFrame promise) {
            startBlock(promise.fragment(), promise.endHeaders());
        } else if (frame instanceof ContinuationFrame continuation) {
            block.write(bytes(continuation.fragment()), 0, continuation.fragment().remaining());
            if (continuation.endHeaders()) {
                endBlock();
            }
        } else if (frame instanceof DataFrame data) {
            long length = data.flowControlledLength();
            connectionDataSent += length;
            if (connectionDataSent > connectionAllowance) {
                throw new AssertionError("RFC 9113 §6.9.1: " + connectionDataSent
                        + " DATA octets sent, but the connection window allowed at most " + connectionAllowance);
            }
            long streamSent = streamDataSent.merge(data.streamId(), length, Long::sum);
            long streamAllowance = largestInitialWindow + streamIncrements.getOrDefault(data.streamId(), 0L);
            if (streamSent > streamAllowance) {
                throw new AssertionError("RFC 9113 §6.9.1: " + streamSent + " DATA octets sent on stream "
                        + data.streamId() + ", but its window allowed at most " + streamAllowance);
            }
        }
    }

    private void startBlock(ByteBuffer fragment, boolean endHeaders) {
        block = new ByteArrayOutputStream();
        block.write(bytes(fragment), 0, fragment.remaining());
        if (endHeaders) {
            endBlock();
        }
    }

    private void endBlock() {
        try {
            decoder.decode(ByteBuffer.wrap(block.toByteArray()));
        } catch (HpackException e) {
            throw new AssertionError("the connection sent a header block its peer cannot decode: " + e.getMessage(), e);
        }
        block = null;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
