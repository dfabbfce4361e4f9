package dev.h2j.internal;

import dev.h2j.CompressionException;
import dev.h2j.DenialOfServiceException;
import dev.h2j.ErrorScope;
import dev.h2j.FlowControlException;
import dev.h2j.FrameDataMissingException;
import dev.h2j.FrameTooLargeException;
import dev.h2j.H2Configuration;
import dev.h2j.H2Exception;
import dev.h2j.H2ProtocolException;
import dev.h2j.InvalidBodyLengthException;
import dev.h2j.InvalidSettingsValueException;
import dev.h2j.NoAvailableStreamIdException;
import dev.h2j.NoSuchStreamException;
import dev.h2j.OutboundBufferFullException;
import dev.h2j.Settings;
import dev.h2j.StreamClosedException;
import dev.h2j.StreamIdTooLowException;
import dev.h2j.TooManyStreamsException;
import dev.h2j.UnsupportedFrameException;
import dev.h2j.collect.IdTable;
import dev.h2j.event.AlternativeServiceAvailable;
import dev.h2j.event.ChangedSetting;
import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.InformationalResponseReceived;
import dev.h2j.event.OriginReceived;
import dev.h2j.event.PingAckReceived;
import dev.h2j.event.PingReceived;
import dev.h2j.event.PriorityUpdateReceived;
import dev.h2j.event.PriorityUpdated;
import dev.h2j.event.PushedStreamReceived;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.SettingsAcknowledged;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.event.TrailersReceived;
import dev.h2j.event.UnknownFrameReceived;
import dev.h2j.event.WindowUpdated;
import dev.h2j.frame.AltSvcFrame;
import dev.h2j.frame.ContinuationFrame;
import dev.h2j.frame.DataFrame;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.Frame;
import dev.h2j.frame.FrameBuffer;
import dev.h2j.frame.FrameFormatException;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.FrameType;
import dev.h2j.frame.FrameWriter;
import dev.h2j.frame.GoAwayFrame;
import dev.h2j.frame.HeadersFrame;
import dev.h2j.frame.OriginFrame;
import dev.h2j.frame.PingFrame;
import dev.h2j.frame.PriorityFrame;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.frame.PriorityUpdateFrame;
import dev.h2j.frame.PushPromiseFrame;
import dev.h2j.frame.RstStreamFrame;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.frame.SettingsFrame;
import dev.h2j.frame.UnknownFrame;
import dev.h2j.frame.WindowUpdateFrame;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HeaderListSizeException;
import dev.h2j.hpack.HeaderSink;
import dev.h2j.hpack.HpackDecoder;
import dev.h2j.hpack.HpackEncoder;
import dev.h2j.hpack.HpackException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The HTTP/2 connection behind {@code dev.h2j.H2Connection}: it turns both state machines, keeps the
 * flow-control windows and settings, and writes frames to the outbound buffer. Every public method of
 * the API class delegates here; its documentation is there.
 */
public final class ConnectionCore {
    private static final int MAX_STREAM_ID = 0x7fffffff;
    private static final int HEADERS_BUFFER_SLACK = 64;
    /** The outbound buffer's first capacity: the preface and SETTINGS exchange fit with room to spare. */
    private static final int INITIAL_OUTPUT_CAPACITY = 128;
    /**
     * The largest buffer {@link #encode} keeps for the next field block: every writer call copies the block
     * into the output at once, so one buffer serves them all (a fresh one per block was a tenth of what
     * the in-memory exchange benchmark allocates per request); larger, rarer blocks get their own.
     */
    private static final int MAX_KEPT_ENCODE_BUFFER = 1024;
    private static final int MAX_DEBUG_DATA = 256;
    private static final String NO_IDS_LEFT =
            "RFC 9113 §5.1.1: every stream id of this endpoint has been used; open a new connection";

    /** Where the inbound side stands before ordinary frames: the preface rules of RFC 9113 §3.4. */
    private enum Preface {
        /** A server reads the 24-octet client magic first. */
        CLIENT_MAGIC,
        /** The first frame must be SETTINGS. */
        FIRST_SETTINGS,
        /** Ordinary frames. */
        FRAMES,
    }

    private final H2Configuration config;
    private final boolean client;
    private final TransitionTable<StreamState, StreamInput, StreamEffect> streamTable;
    private ConnectionState state = ConnectionState.IDLE;

    private final FrameParser parser = new FrameParser();
    private final FrameWriter writer = new FrameWriter();
    /**
     * What waits for {@code dataToSend}: small at first and grown as output needs (doubling), so that an
     * idle connection holds no frame-sized buffer it never filled (h2j-bench Footprint).
     */
    private final FrameBuffer out = new FrameBuffer(INITIAL_OUTPUT_CAPACITY);
    private final HpackEncoder encoder = new HpackEncoder();
    private final HpackDecoder decoder;

    private Preface preface;
    private int magicRead;

    // A field block arriving over CONTINUATION frames: RFC 9113 §6.10.
    private HeadersFrame pendingHeaders;
    private PushPromiseFrame pendingPushPromise;
    private byte[] block = new byte[0];
    private int blockLength;
    private int continuationFrames;

    private final IdTable<Stream> streams = new IdTable<>();
    private final FieldSink fieldSink = new FieldSink();
    /** Where {@link #encode} writes field blocks of at most {@link #MAX_KEPT_ENCODE_BUFFER} octets; null until the first. */
    private ByteBuffer encodeBuffer;
    private final RecentResets recentResets;
    private final FloodGuard flood;
    private int highestInboundId;
    private int lastProcessedInboundId;
    // A long: after stream 2^31-1 it passes every int, so no lower id is ever idle again (RFC 9113 §5.1.1).
    private long nextOutboundId;
    private int openInbound;
    private int openOutbound;
    // RFC 9218 §7.1: idle streams named by PRIORITY_UPDATE (received by a server, sent by a client).
    private final PrioritizedIdleStreams prioritizedIdle = new PrioritizedIdleStreams();
    private int reservedInbound;

    private long sendWindow = 65_535;
    // When sendWindow last fell to 0 or below, on the connection's clock; stale while it is above.
    private long sendBlockedSince;
    private final ReceiveWindow receiveWindow = new ReceiveWindow(65_535);

    private Settings localSettings = Settings.initial();
    // Room for one: after the handshake none waits, and a deque's default 16 slots would stay with every
    // idle connection (h2j-bench's Footprint).
    private final ArrayDeque<List<Setting>> pendingLocalSettings = new ArrayDeque<>(1);
    /** The lowest SETTINGS_MAX_CONCURRENT_STREAMS of ours, acknowledged or pending: the one enforced. */
    private long enforcedMaxConcurrentStreams;
    /** The newest ENABLE_PUSH we sent, acknowledged or not. */
    private boolean localPushEnabled;
    /** Whether the server may be acting on an ENABLE_PUSH 1 of ours: acknowledged, or still pending. */
    private boolean pushMayBeEnabled;
    /** Whether the peer may be acting on our SETTINGS_ENABLE_CONNECT_PROTOCOL 1 (RFC 8441 §3). */
    private boolean localConnectProtocol;
    private Settings remoteSettings = Settings.initial();

    private int goAwaySentLastStreamId = MAX_STREAM_ID;
    // Control frames queued by the connection itself since the outbound buffer was last empty.
    private int queuedControlFrames;
    private long drainPing;

    /** Creates the connection for {@code config}; nothing is sent until it is initiated. */
    public ConnectionCore(H2Configuration config) {
        this.config = config;
        this.client = config.clientSide();
        this.streamTable = client ? StreamMachine.CLIENT : StreamMachine.SERVER;
        this.nextOutboundId = client ? 1 : 2;
        this.preface = client ? Preface.FIRST_SETTINGS : Preface.CLIENT_MAGIC;
        this.decoder = new HpackDecoder(4096, config.limits().maxHeaderListSize());
        this.recentResets = new RecentResets(config.limits().recentlyResetStreams());
        this.flood = new FloodGuard(config.limits(), config.clock().orElse(null));
    }

    // ---------------------------------------------------------------- connection setup

    /** Sends the connection preface: the client magic (clients) and our SETTINGS. */
    public void initiateConnection() {
        turn(client ? ConnectionInput.INITIATE_CLIENT : ConnectionInput.INITIATE_SERVER);
        if (client) {
            out.write(FrameParser.clientPreface());
        }
        List<Setting> initial = initialSettings();
        writer.writeSettings(initial, out);
        pendingLocalSettings.add(initial);
        applyEnforcedLimits();
    }

    /** The client side of an h2c upgrade: the preface, stream 1 half-closed (local), the header value. */
    public String initiateUpgradeConnection() {
        if (!client) {
            throw new H2ProtocolException(ErrorScope.CALLER, 0,
                    "RFC 7540 §3.2: a server passes the client's HTTP2-Settings header to initiateUpgradeConnection");
        }
        initiateConnection();
        openUpgradeStream();
        FrameBuffer payload = new FrameBuffer();
        writer.writeSettings(pendingLocalSettings.peekLast(), payload);
        byte[] frame = payload.toByteArray();
        // RFC 7540 §3.2.1: the header carries the SETTINGS payload, base64url without padding.
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                Arrays.copyOfRange(frame, FrameParser.FRAME_HEADER_LENGTH, frame.length));
    }

    /** The server side of an h2c upgrade: the client's settings apply, stream 1 half-closed (remote). */
    public void initiateUpgradeConnection(String settingsHeader) {
        if (client) {
            throw new H2ProtocolException(ErrorScope.CALLER, 0,
                    "RFC 7540 §3.2: a client calls initiateUpgradeConnection() without arguments");
        }
        List<Setting> settings = decodeSettingsHeader(settingsHeader);
        if (settings.size() > config.limits().maxSettingsEntries()) {
            throw new DenialOfServiceException(ErrorScope.CALLER, 0, "RFC 9113 §10.5: HTTP2-Settings with "
                    + settings.size() + " entries exceeds Limits.maxSettingsEntries "
                    + config.limits().maxSettingsEntries());
        }
        initiateConnection();
        // RFC 7540 §3.2.1: the 101 response acknowledges these settings; no SETTINGS ACK is sent.
        applyRemoteSettings(settings, true);
        openUpgradeStream();
        highestInboundId = 1;
        lastProcessedInboundId = 1;
    }

    private List<Setting> decodeSettingsHeader(String settingsHeader) {
        byte[] payload;
        try {
            payload = Base64.getUrlDecoder().decode(settingsHeader.trim());
        } catch (IllegalArgumentException e) {
            throw new H2ProtocolException(ErrorScope.CALLER, 0,
                    "RFC 7540 §3.2.1: HTTP2-Settings is not base64url: " + e.getMessage());
        }
        ByteBuffer frame = ByteBuffer.allocate(FrameParser.FRAME_HEADER_LENGTH + payload.length);
        frame.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        frame.put((byte) FrameType.SETTINGS.code()).put((byte) 0).putInt(0).put(payload).flip();
        try {
            Frame parsed = new FrameParser().next(frame);
            if (parsed == null) {
                throw new H2ProtocolException(ErrorScope.CALLER, 0, "RFC 7540 §3.2.1: HTTP2-Settings is truncated");
            }
            return ((SettingsFrame) parsed).settings();
        } catch (FrameFormatException e) {
            throw new H2ProtocolException(e.errorCode(), ErrorScope.CALLER, 0,
                    "RFC 7540 §3.2.1: HTTP2-Settings: " + e.getMessage());
        }
    }

    private void openUpgradeStream() {
        Stream s = newStream(1);
        apply(s, streamTable.lookup(StreamState.IDLE, StreamInput.UPGRADE));
        if (client) {
            nextOutboundId = 3;
        }
    }

    private List<Setting> initialSettings() {
        var limits = config.limits();
        List<Setting> list = new ArrayList<>();
        if (limits.headerTableSize() != 4096) {
            list.add(new Setting(SettingId.HEADER_TABLE_SIZE, limits.headerTableSize()));
        }
        if (client && !config.enablePush()) {
            list.add(new Setting(SettingId.ENABLE_PUSH, 0));
        }
        list.add(new Setting(SettingId.MAX_CONCURRENT_STREAMS, limits.maxConcurrentStreams()));
        if (limits.initialWindowSize() != 65_535) {
            list.add(new Setting(SettingId.INITIAL_WINDOW_SIZE, limits.initialWindowSize()));
        }
        if (limits.maxFrameSize() != 16_384) {
            list.add(new Setting(SettingId.MAX_FRAME_SIZE, limits.maxFrameSize()));
        }
        list.add(new Setting(SettingId.MAX_HEADER_LIST_SIZE, limits.maxHeaderListSize()));
        if (!client && config.enableConnectProtocol()) {
            list.add(new Setting(SettingId.ENABLE_CONNECT_PROTOCOL, 1));
        }
        if (config.noRfc7540Priorities()) {
            // RFC 9218 §2.1: an endpoint that uses it sends it in its first SETTINGS frame.
            list.add(new Setting(SettingId.NO_RFC7540_PRIORITIES, 1));
        }
        return List.copyOf(list);
    }

    // ---------------------------------------------------------------- inbound

    /**
     * Parses {@code data} and appends the events to {@code events}.
     *
     * @throws H2Exception on a connection error, after queueing GOAWAY
     */
    public void receiveData(ByteBuffer data, List<Event> events) {
        if (state == ConnectionState.IDLE) {
            throw refused(ConnectionMachine.TABLE.lookup(state, ConnectionInput.RECV_DATA), 0);
        }
        if (state == ConnectionState.CLOSED) {
            // RFC 9113 §5.4.1: after a connection error, input still in flight is discarded.
            data.position(data.limit());
            return;
        }
        if (preface == Preface.CLIENT_MAGIC && !readMagic(data)) {
            return;
        }
        while (state != ConnectionState.CLOSED) {
            Frame frame;
            try {
                frame = parser.next(data);
            } catch (FrameFormatException e) {
                onFrameFormatError(e, events);
                continue;
            }
            if (frame == null) {
                return;
            }
            if (preface == Preface.FIRST_SETTINGS) {
                if (!(frame instanceof SettingsFrame) || ((SettingsFrame) frame).ack()) {
                    throw connectionError(ErrorCode.PROTOCOL_ERROR,
                            "RFC 9113 §3.4: the peer's preface must start with a SETTINGS frame, not " + frame);
                }
            }
            dispatch(frame, events);
        }
        data.position(data.limit());
    }

    private boolean readMagic(ByteBuffer data) {
        ByteBuffer magic = FrameParser.clientPreface();
        while (magicRead < magic.capacity() && data.hasRemaining()) {
            if (data.get() != magic.get(magicRead)) {
                throw connectionError(ErrorCode.PROTOCOL_ERROR,
                        "RFC 9113 §3.4: the client preface must start with PRI * HTTP/2.0 (octet " + magicRead + ")");
            }
            magicRead++;
        }
        if (magicRead < magic.capacity()) {
            return false;
        }
        preface = Preface.FIRST_SETTINGS;
        return true;
    }

    private void onFrameFormatError(FrameFormatException e, List<Event> events) {
        if (e.isConnectionError()) {
            if (e.errorCode().equals(ErrorCode.FRAME_SIZE_ERROR) && !e.exceedsMaxFrameSize()) {
                // RFC 9113 §4.2: a frame whose length its type does not allow; h2's FrameDataMissingError.
                throw connectionError(new FrameDataMissingException(ErrorScope.CONNECTION, e.streamId(),
                        e.getMessage()));
            }
            if (e.settingValueOutOfRange() && e.errorCode().equals(ErrorCode.PROTOCOL_ERROR)) {
                // RFC 9113 §6.5.2: the peer's value is out of range, as applyRemoteSettings reports its own finds.
                throw connectionError(new InvalidSettingsValueException(ErrorScope.CONNECTION, 0, e.getMessage()));
            }
            throw connectionError(e.errorCode(), e.getMessage());
        }
        FrameType type = e.frameType();
        if (isIdle(e.streamId()) && (type == FrameType.DATA || type == FrameType.WINDOW_UPDATE
                || type == FrameType.RST_STREAM)) {
            // RFC 9113 §5.1: on an idle stream only HEADERS and PRIORITY may arrive; there is no stream to reset.
            throw connectionError(ErrorCode.PROTOCOL_ERROR,
                    "RFC 9113 §5.1: " + type + " on idle stream " + e.streamId() + " (" + e.getMessage() + ")");
        }
        // A stream error from the frame layer: flow-controlled octets still count (RFC 9113 §6.1).
        if (e.flowControlledLength() > 0) {
            if (!receiveWindow.consume(e.flowControlledLength())) {
                throw connectionError(ErrorCode.FLOW_CONTROL_ERROR,
                        "RFC 9113 §6.9.1: DATA beyond the connection window");
            }
            giveBackConnectionWindow(e.flowControlledLength());
        }
        Stream s = streams.get(e.streamId());
        if (s != null) {
            resetStream(s, e.errorCode(), events);
        }
    }

    private void dispatch(Frame frame, List<Event> events) {
        calm(flood.received(frame));
        if (frame instanceof DataFrame) {
            onData((DataFrame) frame, events);
        } else if (frame instanceof HeadersFrame) {
            onHeadersFrame((HeadersFrame) frame, events);
        } else if (frame instanceof ContinuationFrame) {
            onContinuation((ContinuationFrame) frame, events);
        } else if (frame instanceof PriorityFrame) {
            onPriority((PriorityFrame) frame, events);
        } else if (frame instanceof RstStreamFrame) {
            onRstStream((RstStreamFrame) frame, events);
        } else if (frame instanceof SettingsFrame) {
            onSettings((SettingsFrame) frame, events);
        } else if (frame instanceof PushPromiseFrame) {
            onPushPromiseFrame((PushPromiseFrame) frame, events);
        } else if (frame instanceof PingFrame) {
            onPing((PingFrame) frame, events);
        } else if (frame instanceof GoAwayFrame) {
            onGoAway((GoAwayFrame) frame, events);
        } else if (frame instanceof WindowUpdateFrame) {
            onWindowUpdate((WindowUpdateFrame) frame, events);
        } else if (frame instanceof AltSvcFrame) {
            AltSvcFrame f = (AltSvcFrame) frame;
            if (receive(ConnectionInput.RECV_ALTERNATIVE_SERVICE) == Handling.PROCESS) {
                events.add(new AlternativeServiceAvailable(f.streamId(), f.origin(), f.fieldValue()));
            }
        } else if (frame instanceof OriginFrame) {
            if (receive(ConnectionInput.RECV_ORIGIN) == Handling.PROCESS) {
                events.add(new OriginReceived(((OriginFrame) frame).origins()));
            }
        } else if (frame instanceof PriorityUpdateFrame) {
            if (receive(ConnectionInput.RECV_PRIORITY_UPDATE) == Handling.PROCESS) {
                onPriorityUpdate((PriorityUpdateFrame) frame, events);
            }
        } else {
            UnknownFrame f = (UnknownFrame) frame;
            if (receive(ConnectionInput.RECV_UNKNOWN_FRAME) == Handling.PROCESS) {
                events.add(new UnknownFrameReceived(f.typeCode(), f.flags(), f.streamId(), f.payload()));
            }
        }
    }

    /** Turns the connection machine on a received frame; a refusal is a connection error. */
    private Handling receive(ConnectionInput input) {
        Transition<ConnectionState, Handling> t = ConnectionMachine.TABLE.lookup(state, input);
        if (!t.allowed()) {
            throw connectionError(t.error(), t.rule());
        }
        state = t.next();
        return t.effect();
    }

    private void onData(DataFrame f, List<Event> events) {
        receive(ConnectionInput.RECV_DATA);
        int length = f.flowControlledLength();
        // RFC 9113 §6.9.1: a sender must not exceed the connection window.
        if (!receiveWindow.consume(length)) {
            throw connectionError(ErrorCode.FLOW_CONTROL_ERROR, "RFC 9113 §6.9.1: DATA of " + length
                    + " octets exceeds the connection window of " + receiveWindow.window());
        }
        // RFC 9113 §6.9: credit returned while the window was open, but below the coalescing threshold, goes
        // out once this frame shuts the window; if the DATA that shut it is on streams nobody reads yet,
        // no later acknowledgement would ever release it and the connection would stall.
        giveBackConnectionWindow(0);
        Stream s = streams.get(f.streamId());
        if (s == null) {
            giveBackConnectionWindow(length);
            onClosedOrIdleStream(f.streamId(), f.endStream() ? StreamInput.RECV_DATA_END_STREAM : StreamInput.RECV_DATA);
            return;
        }
        Transition<StreamState, StreamEffect> t = streamTable.lookup(s.state,
                f.endStream() ? StreamInput.RECV_DATA_END_STREAM : StreamInput.RECV_DATA);
        if (!t.allowed()) {
            giveBackConnectionWindow(length);
            peerStreamError(s, t, events);
            return;
        }
        // RFC 9113 §6.9.1: and must not exceed the stream's window.
        if (!s.consume(length)) {
            giveBackConnectionWindow(length);
            streamError(s, ErrorCode.FLOW_CONTROL_ERROR, "RFC 9113 §6.9.1: DATA exceeds the stream window", events);
            return;
        }
        int dataLength = f.data().remaining();
        if (s.contentLengthRemaining >= 0) {
            s.contentLengthRemaining -= dataLength;
            // RFC 9113 §8.1.1: DATA beyond content-length, or short of it at END_STREAM, is malformed.
            if (s.contentLengthRemaining < 0 || f.endStream() && s.contentLengthRemaining > 0) {
                giveBackConnectionWindow(length);
                streamError(s, ErrorCode.PROTOCOL_ERROR, "RFC 9113 §8.1.1: DATA length disagrees with content-length",
                        events);
                return;
            }
        }
        apply(s, t);
        // The payload is a view of the caller's input, or of the parser's assembly buffer that the next split
        // frame overwrites: the event gets a copy unless the caller asked for views (and it is not assembled).
        ByteBuffer data = f.data();
        if (config.copyReceivedData() || parser.lastPayloadAssembled()) {
            data = ByteBuffer.allocate(dataLength).put(0, data, data.position(), dataLength);
        }
        Optional<StreamEnded> ended = f.endStream() ? Optional.of(new StreamEnded(s.id)) : Optional.empty();
        events.add(new DataReceived(s.id, data, length, ended));
        if (ended.isPresent()) {
            events.add(ended.get());
        }
    }

    /**
     * Counts a control frame the connection is about to queue by itself in answer to the peer. RFC 9113 §10.5: a
     * peer that makes us queue answers faster than our caller sends them is cut off (CVE-2019-9512,
     * CVE-2019-9514), before the queue grows without bound.
     */
    private void queuedControlFrame() {
        if (++queuedControlFrames > config.limits().maxQueuedControlFrames()) {
            throw connectionError(ErrorCode.ENHANCE_YOUR_CALM, "RFC 9113 §10.5: the peer made us queue more than "
                    + config.limits().maxQueuedControlFrames() + " control frames without the output being sent"
                    + " (Limits.maxQueuedControlFrames)");
        }
    }

    /** RFC 9113 §10.5: a flood limit the peer passed ({@link FloodGuard}) is a connection error ENHANCE_YOUR_CALM. */
    private void calm(String exceeded) {
        if (exceeded != null) {
            throw connectionError(ErrorCode.ENHANCE_YOUR_CALM, exceeded);
        }
    }

    /** Refuses headers and data while the outbound buffer is at its soft limit: backpressure. */
    private void checkOutboundRoom() {
        if (out.size() >= config.limits().outboundBufferSize()) {
            throw new OutboundBufferFullException(out.size(), config.limits().outboundBufferSize());
        }
    }

    /** Received octets the application will never see go back to the connection window at once. */
    private void giveBackConnectionWindow(int length) {
        int increment = receiveWindow.process(length);
        if (increment > 0) {
            queuedControlFrame();
            writer.writeWindowUpdate(0, increment, out);
        }
    }

    /** A frame for a stream with no state machine: idle, or closed (RFC 9113 §5.1). */
    private void onClosedOrIdleStream(int streamId, StreamInput input) {
        if (isIdle(streamId)) {
            throw connectionError(ErrorCode.PROTOCOL_ERROR, "RFC 9113 §5.1: " + input + " on idle stream " + streamId);
        }
        if (recentResets.contains(streamId)) {
            // RFC 9113 §5.1: frames that crossed our RST_STREAM are discarded.
            return;
        }
        if (isPeerInitiated(streamId) && streamId > goAwaySentLastStreamId) {
            // RFC 9113 §6.8: frames on peer streams above the last stream id of our GOAWAY are ignored.
            return;
        }
        Transition<StreamState, StreamEffect> t = streamTable.lookup(StreamState.CLOSED, input);
        if (t.allowed()) {
            return;
        }
        if (t.scope() == ErrorScope.CONNECTION) {
            throw connectionError(t.error(), t.rule() + " (stream " + streamId + ")");
        }
        // RFC 9113 §5.4.2: one RST_STREAM per stream; what the peer sends after it is discarded.
        provokedReset(streamId, t.error());
    }

    private boolean isIdle(int streamId) {
        boolean peers = isPeerInitiated(streamId);
        return peers ? streamId > highestInboundId : streamId >= nextOutboundId;
    }

    private boolean isPeerInitiated(int streamId) {
        // RFC 9113 §5.1.1: clients use odd stream identifiers, servers even ones.
        return ((streamId & 1) == 1) != client;
    }

    private void onHeadersFrame(HeadersFrame f, List<Event> events) {
        if (f.endHeaders()) {
            checkBlockSize(f.fragment().remaining());
            onHeaderBlock(f, f.fragment(), events);
            return;
        }
        pendingHeaders = f;
        startBlock(f.fragment());
    }

    private void onPushPromiseFrame(PushPromiseFrame f, List<Event> events) {
        if (f.endHeaders()) {
            checkBlockSize(f.fragment().remaining());
            onPushPromise(f, f.fragment(), events);
            return;
        }
        pendingPushPromise = f;
        startBlock(f.fragment());
    }

    private void startBlock(ByteBuffer fragment) {
        blockLength = 0;
        continuationFrames = 0;
        appendBlock(fragment);
    }

    private void appendBlock(ByteBuffer fragment) {
        int n = fragment.remaining();
        checkBlockSize(blockLength + (long) n);
        if (blockLength + n > block.length) {
            block = Arrays.copyOf(block, Math.max(block.length * 2, blockLength + n));
        }
        fragment.duplicate().get(block, blockLength, n);
        blockLength += n;
    }

    /** SECURITY.md #12: a field block beyond Limits.maxHeaderBlockSize is a flood, refused before it is decoded. */
    private void checkBlockSize(long size) {
        int limit = config.limits().maxHeaderBlockSize();
        if (size > limit) {
            throw connectionError(ErrorCode.ENHANCE_YOUR_CALM, "RFC 9113 §10.5.1: field block of at least " + size
                    + " octets exceeds Limits.maxHeaderBlockSize " + limit);
        }
    }

    private void onContinuation(ContinuationFrame f, List<Event> events) {
        // SECURITY.md #12: frames count too, or empty CONTINUATION frames would keep a block open forever.
        if (++continuationFrames > config.limits().maxContinuationFrames()) {
            throw connectionError(ErrorCode.ENHANCE_YOUR_CALM, "RFC 9113 §10.5: more than "
                    + config.limits().maxContinuationFrames() + " CONTINUATION frames in one field block"
                    + " (Limits.maxContinuationFrames)");
        }
        appendBlock(f.fragment());
        if (!f.endHeaders()) {
            return;
        }
        ByteBuffer whole = ByteBuffer.wrap(block, 0, blockLength);
        if (pendingHeaders != null) {
            HeadersFrame h = pendingHeaders;
            pendingHeaders = null;
            onHeaderBlock(h, whole, events);
        } else {
            PushPromiseFrame p = pendingPushPromise;
            pendingPushPromise = null;
            onPushPromise(p, whole, events);
        }
    }

    /**
     * Decodes a whole field block into an immutable list; HPACK errors end the connection (RFC 9113 §4.3).
     * A block over our header list size or field count leaves {@link FieldSink#oversize} set; no field past
     * the count is kept.
     */
    private List<HeaderField> decode(ByteBuffer fieldBlock) {
        fieldSink.start();
        try {
            decoder.decode(fieldBlock, fieldSink);
        } catch (HeaderListSizeException e) {
            // RFC 9113 §6.5.2: the block was decoded to its end, so the HPACK state is in sync.
            fieldSink.oversize = true;
        } catch (HpackException e) {
            throw connectionError(ErrorCode.COMPRESSION_ERROR, "RFC 9113 §4.3: " + e.getMessage());
        }
        return fieldSink.collected();
    }

    /**
     * Collects the fields of one block for {@link #decode}: one per connection rather than a lambda and a
     * list per block. The event gets an immutable copy, which its record keeps as it is.
     */
    private final class FieldSink implements HeaderSink {
        /** Fields a block may have before the reused list is let go rather than kept at its size. */
        private static final int KEPT_CAPACITY = 32;

        private List<HeaderField> fields = new ArrayList<>();
        /** Whether the last block was over our header list size or field count. */
        boolean oversize;

        void start() {
            fields.clear();
            oversize = false;
        }

        List<HeaderField> collected() {
            List<HeaderField> copy = List.copyOf(fields);
            if (fields.size() > KEPT_CAPACITY) {
                fields = new ArrayList<>();
            }
            fields.clear();
            return copy;
        }

        @Override
        public void accept(HeaderField field) {
            // SECURITY.md #10: many tiny fields cost more than the 32 octets each that §6.5.2 counts.
            if (fields.size() < config.limits().maxHeaderFields()) {
                fields.add(field);
            } else {
                oversize = true;
            }
        }
    }

    private void onHeaderBlock(HeadersFrame f, ByteBuffer fieldBlock, List<Event> events) {
        int id = f.streamId();
        List<HeaderField> fields = decode(fieldBlock);
        boolean oversize = fieldSink.oversize;
        Stream s = streams.get(id);
        boolean informational = isInformational(fields);
        StreamInput input = StreamInput.headers(false, informational, f.endStream());
        if (s == null) {
            if (!isPeerInitiated(id) || id <= highestInboundId) {
                if (isIdle(id)) {
                    receive(ConnectionInput.RECV_NEW_STREAM_HEADERS);
                    throw connectionError(ErrorCode.PROTOCOL_ERROR,
                            "RFC 9113 §5.1.1: stream " + id + " has the wrong parity for a peer-initiated stream");
                }
                receive(ConnectionInput.RECV_HEADERS);
                onClosedOrIdleStream(id, input);
                return;
            }
            receive(ConnectionInput.RECV_NEW_STREAM_HEADERS);
            highestInboundId = id;
            if (id > goAwaySentLastStreamId) {
                // RFC 9113 §6.8: streams above the last stream id of our GOAWAY are ignored.
                return;
            }
            if (oversize || openInbound >= enforcedMaxConcurrentStreams) {
                // RFC 9113 §5.1.2: a stream over our limit is refused, and may be retried.
                provokedReset(id, ErrorCode.REFUSED_STREAM);
                config.logger().log(System.Logger.Level.DEBUG, "h2j: refused stream {0}", id);
                return;
            }
            s = newStream(id);
            lastProcessedInboundId = id;
        } else {
            receive(ConnectionInput.RECV_HEADERS);
        }
        Transition<StreamState, StreamEffect> t = streamTable.lookup(s.state, input);
        if (!t.allowed()) {
            peerStreamError(s, t, events);
            return;
        }
        apply(s, t);
        if (oversize) {
            streamError(s, ErrorCode.PROTOCOL_ERROR, "RFC 9113 §6.5.2: header list exceeds our limit", events);
            return;
        }
        // Checked before the event is built: PriorityUpdated refuses a self-dependency.
        if (f.priority().isPresent() && f.priority().get().streamDependency() == id) {
            streamError(s, ErrorCode.PROTOCOL_ERROR, "RFC 7540 §5.3.1: a stream cannot depend on itself", events);
            return;
        }
        // RFC 9218 §2.1: with SETTINGS_NO_RFC7540_PRIORITIES the priority fields are ignored.
        Optional<PriorityUpdated> priority = ignoresRfc7540Priorities() ? Optional.empty()
                : f.priority().map(p -> new PriorityUpdated(id, p.weight(), p.streamDependency(), p.exclusive()));
        HeaderKind kind = t.effect().headerKind();
        List<HeaderField> headers;
        try {
            headers = HeaderValidation.inbound(kind, fields, id, localConnectProtocol,
                    config.validateInboundHeaders(), config.normalizeInboundHeaders());
            trackContentLength(s, t.effect(), headers, f.endStream());
        } catch (H2Exception e) {
            streamError(s, e, events);
            return;
        }
        Optional<StreamEnded> ended = f.endStream() ? Optional.of(new StreamEnded(id)) : Optional.empty();
        switch (t.effect()) {
            case REQUEST_RECEIVED:
                events.add(new RequestReceived(id, headers, ended, priority));
                break;
            case RESPONSE_RECEIVED:
                events.add(new ResponseReceived(id, headers, ended, priority));
                break;
            case INFORMATIONAL_RECEIVED:
                events.add(new InformationalResponseReceived(id, headers, priority));
                break;
            default:
                events.add(new TrailersReceived(id, headers, ended, priority));
                break;
        }
        if (ended.isPresent()) {
            events.add(ended.get());
        }
        if (priority.isPresent()) {
            events.add(priority.get());
        }
    }

    /** Sets up or checks the content-length accounting of RFC 9113 §8.1.1 for a received field block. */
    private void trackContentLength(Stream s, StreamEffect effect, List<HeaderField> headers, boolean endStream) {
        if (effect == StreamEffect.REQUEST_RECEIVED || effect == StreamEffect.RESPONSE_RECEIVED) {
            long declared;
            try {
                declared = HeaderValidation.contentLength(headers);
            } catch (IllegalArgumentException e) {
                // RFC 9113 §8.1.1: with validation off the value went unchecked; content it cannot count is malformed.
                throw new H2ProtocolException(ErrorScope.STREAM, s.id,
                        "RFC 9113 §8.1.1: content-length is not a decimal number");
            }
            boolean bodiless = s.contentLengthRemaining == Stream.HEAD_REQUEST
                    || effect == StreamEffect.RESPONSE_RECEIVED && noContentStatus(headers);
            s.contentLengthRemaining = bodiless ? Stream.UNCHECKED : declared;
            if (endStream && s.contentLengthRemaining > 0) {
                throw new InvalidBodyLengthException(ErrorScope.STREAM, s.id,
                        "RFC 9113 §8.1.1: content-length " + declared + " but the stream ended without DATA");
            }
        } else if (effect == StreamEffect.TRAILERS_RECEIVED && s.contentLengthRemaining > 0) {
            throw new InvalidBodyLengthException(ErrorScope.STREAM, s.id, "RFC 9113 §8.1.1: "
                    + s.contentLengthRemaining + " octets of content-length missing before the trailers");
        }
    }

    private static boolean noContentStatus(List<HeaderField> headers) {
        // RFC 9110 §15.3.5, §15.4.5: 204 and 304 responses carry no content whatever content-length says.
        for (HeaderField h : headers) {
            if (h.name().equals(":status")) {
                return h.value().equals("204") || h.value().equals("304");
            }
        }
        return false;
    }

    private static boolean isInformational(List<HeaderField> fields) {
        // RFC 9113 §8.1: 1xx responses are interim; the first field of a response is :status.
        if (fields.isEmpty()) {
            return false;
        }
        HeaderField first = fields.get(0);
        return first.name().equals(":status") && first.valueLength() == 3 && first.value().charAt(0) == '1';
    }

    private void onPushPromise(PushPromiseFrame f, ByteBuffer fieldBlock, List<Event> events) {
        receive(ConnectionInput.RECV_PUSH_PROMISE);
        List<HeaderField> fields = decode(fieldBlock);
        boolean oversize = fieldSink.oversize;
        int promised = f.promisedStreamId();
        // RFC 9113 §6.5.2, §8.4: PUSH_PROMISE is a connection error once our ENABLE_PUSH 0 was acknowledged.
        if (!pushMayBeEnabled) {
            throw connectionError(new UnsupportedFrameException(ErrorScope.CONNECTION, 0,
                    "RFC 9113 §8.4: PUSH_PROMISE after SETTINGS_ENABLE_PUSH 0"));
        }
        // RFC 9113 §5.1.1: a promised stream id is new, and server-initiated (even).
        if (!isPeerInitiated(promised) || promised <= highestInboundId) {
            throw connectionError(ErrorCode.PROTOCOL_ERROR,
                    "RFC 9113 §5.1.1: promised stream " + promised + " is not a new server-initiated stream");
        }
        highestInboundId = promised;
        Stream parent = streams.get(f.streamId());
        if (parent == null && recentResets.contains(f.streamId())) {
            // RFC 9113 §5.1: a promise on a stream we reset still reserves the promised stream; cancel it.
            queuedControlFrame();
            writer.writeRstStream(promised, ErrorCode.CANCEL, out);
            recentResets.add(promised);
            return;
        }
        Transition<StreamState, StreamEffect> onParent = streamTable.lookup(
                parent == null ? (isIdle(f.streamId()) ? StreamState.IDLE : StreamState.CLOSED) : parent.state,
                StreamInput.RECV_PUSH_PROMISE);
        if (!onParent.allowed() || parent == null) {
            throw connectionError(ErrorCode.PROTOCOL_ERROR, "RFC 9113 §6.6: PUSH_PROMISE on stream " + f.streamId()
                    + " that is neither open nor half-closed (local)");
        }
        if (!localPushEnabled) {
            // RFC 9113 §6.5.2: sent before the server read our ENABLE_PUSH 0; refuse the stream (§8.4.2). A
            // server that never acknowledges our SETTINGS could provoke refusals without end: they count.
            provokedReset(promised, ErrorCode.REFUSED_STREAM);
            return;
        }
        if (reservedInbound >= config.limits().maxReservedStreams()) {
            // SECURITY.md #25: reserved streams escape the concurrency limit (RFC 9113 §5.1.2); they have their own.
            provokedReset(promised, ErrorCode.ENHANCE_YOUR_CALM);
            return;
        }
        Stream s = newStream(promised);
        apply(s, streamTable.lookup(StreamState.IDLE, StreamInput.RECV_PUSH_PROMISE));
        lastProcessedInboundId = promised;
        if (oversize) {
            streamError(s, ErrorCode.PROTOCOL_ERROR, "RFC 9113 §6.5.2: promised header list exceeds our limit", events);
            return;
        }
        List<HeaderField> headers;
        try {
            headers = HeaderValidation.inbound(HeaderKind.PUSH_PROMISE, fields, promised, false,
                    config.validateInboundHeaders(), config.normalizeInboundHeaders());
        } catch (H2Exception e) {
            streamError(s, e, events);
            return;
        }
        if (isHead(headers)) {
            // RFC 9113 §8.1.1: the pushed response to HEAD has no content, whatever its content-length says.
            s.contentLengthRemaining = Stream.HEAD_REQUEST;
        }
        events.add(new PushedStreamReceived(promised, f.streamId(), headers));
    }

    private void onPriority(PriorityFrame f, List<Event> events) {
        receive(ConnectionInput.RECV_PRIORITY);
        PrioritySpec p = f.priority();
        if (p.streamDependency() == f.streamId()) {
            // RFC 7540 §5.3.1: self-dependency is a stream error; streams without state have nothing to reset.
            Stream s = streams.get(f.streamId());
            if (s != null) {
                streamError(s, ErrorCode.PROTOCOL_ERROR, "RFC 7540 §5.3.1: a stream cannot depend on itself", events);
            }
            return;
        }
        if (ignoresRfc7540Priorities()) {
            // RFC 9218 §2.1: with SETTINGS_NO_RFC7540_PRIORITIES the signal is ignored once its frame is checked.
            return;
        }
        // The seed's "Priority": PRIORITY bypasses the stream machine and creates no stream.
        events.add(new PriorityUpdated(f.streamId(), p.weight(), p.streamDependency(), p.exclusive()));
    }

    /** A client's PRIORITY_UPDATE: the connection machine lets only servers get here (RFC 9218 §7.1). */
    private void onPriorityUpdate(PriorityUpdateFrame f, List<Event> events) {
        int id = f.prioritizedStreamId();
        if (isIdle(id)) {
            if (!isPeerInitiated(id)) {
                // RFC 9218 §7.1: a PRIORITY_UPDATE for a push stream in the idle state is a connection error.
                throw connectionError(ErrorCode.PROTOCOL_ERROR,
                        "RFC 9218 §7.1: PRIORITY_UPDATE for push stream " + id + ", which is idle");
            }
            if (id > goAwaySentLastStreamId || !countPrioritizedIdle(id)) {
                // RFC 9113 §6.8: a stream above our GOAWAY's last stream id is never processed.
                return;
            }
        } else if (!streams.contains(id)) {
            // RFC 9218 §7.1: servers can discard a PRIORITY_UPDATE for a closed stream.
            return;
        }
        events.add(new PriorityUpdateReceived(id, f.priorityFieldValue()));
    }

    /**
     * Counts an idle stream that a PRIORITY_UPDATE names; false when the frame is to be dropped instead.
     * RFC 9218 §7.1: idle prioritized streams plus active ones must not exceed SETTINGS_MAX_CONCURRENT_STREAMS.
     */
    private boolean countPrioritizedIdle(int id) {
        prioritizedIdle.forgetUpTo(highestInboundId);
        if (prioritizedIdle.contains(id)) {
            return true;
        }
        long count = prioritizedIdle.size() + 1L + openInbound;
        OptionalLong acknowledged = localSettings.get(SettingId.MAX_CONCURRENT_STREAMS);
        if (acknowledged.isPresent() && count > acknowledged.getAsLong()) {
            throw connectionError(ErrorCode.PROTOCOL_ERROR, "RFC 9218 §7.1: " + count
                    + " idle prioritized and active streams exceed SETTINGS_MAX_CONCURRENT_STREAMS "
                    + acknowledged.getAsLong());
        }
        if (count > enforcedMaxConcurrentStreams) {
            // Over a limit of ours the peer may not have seen yet: not its fault, but not kept either.
            return false;
        }
        prioritizedIdle.add(id);
        return true;
    }

    private void onRstStream(RstStreamFrame f, List<Event> events) {
        receive(ConnectionInput.RECV_RST_STREAM);
        Stream s = streams.get(f.streamId());
        if (s == null) {
            if (isIdle(f.streamId())) {
                throw connectionError(ErrorCode.PROTOCOL_ERROR,
                        "RFC 9113 §6.4: RST_STREAM on idle stream " + f.streamId());
            }
            return;
        }
        Transition<StreamState, StreamEffect> t = streamTable.lookup(s.state, StreamInput.RECV_RST_STREAM);
        if (!t.allowed()) {
            throw connectionError(t.error(), t.rule());
        }
        apply(s, t);
        events.add(new StreamReset(s.id, f.errorCode(), true));
    }

    private void onWindowUpdate(WindowUpdateFrame f, List<Event> events) {
        receive(ConnectionInput.RECV_WINDOW_UPDATE);
        int increment = f.increment();
        if (f.streamId() == 0) {
            calm(flood.connectionWindowUpdate());
            // RFC 9113 §6.9.1: a window past 2^31-1 is a connection error FLOW_CONTROL_ERROR.
            if (sendWindow + increment > ReceiveWindow.MAX_WINDOW) {
                throw connectionError(ErrorCode.FLOW_CONTROL_ERROR,
                        "RFC 9113 §6.9.1: WINDOW_UPDATE takes the connection window past 2^31-1");
            }
            sendWindow += increment;
            events.add(new WindowUpdated(0, increment));
            return;
        }
        Stream s = streams.get(f.streamId());
        if (s == null) {
            onClosedOrIdleStream(f.streamId(), StreamInput.RECV_WINDOW_UPDATE);
            return;
        }
        Transition<StreamState, StreamEffect> t = streamTable.lookup(s.state, StreamInput.RECV_WINDOW_UPDATE);
        if (!t.allowed()) {
            peerStreamError(s, t, events);
            return;
        }
        if (s.windowUpdateCredit > 0) {
            s.windowUpdateCredit--;
        } else {
            calm(flood.unearnedWindowUpdate());
        }
        // RFC 9113 §6.9.1: on a stream, the overflow is a stream error.
        if (s.sendWindow + increment > ReceiveWindow.MAX_WINDOW) {
            streamError(s, ErrorCode.FLOW_CONTROL_ERROR,
                    "RFC 9113 §6.9.1: WINDOW_UPDATE takes the stream window past 2^31-1", events);
            return;
        }
        s.sendWindow += increment;
        events.add(new WindowUpdated(s.id, increment));
    }

    private void onSettings(SettingsFrame f, List<Event> events) {
        receive(ConnectionInput.RECV_SETTINGS);
        if (f.ack()) {
            List<Setting> acked = pendingLocalSettings.poll();
            if (acked == null) {
                // RFC 9113 §6.5.3 gives no error for an unexpected ACK; there is nothing to apply.
                return;
            }
            Map<SettingId, ChangedSetting> changes = changes(localSettings, acked);
            localSettings = localSettings.with(acked);
            applyLocalSettings(changes);
            events.add(new SettingsAcknowledged(changes));
            return;
        }
        // RFC 9113 §3.4: the peer's first SETTINGS frame ends its preface.
        boolean first = preface == Preface.FIRST_SETTINGS;
        preface = Preface.FRAMES;
        Map<SettingId, ChangedSetting> changes = applyRemoteSettings(f.settings(), first);
        // RFC 9113 §6.5.3: the receiver applies the settings and acknowledges them at once.
        queuedControlFrame();
        writer.writeSettingsAck(out);
        events.add(new RemoteSettingsChanged(changes));
    }

    private static Map<SettingId, ChangedSetting> changes(Settings before, List<Setting> settings) {
        Map<SettingId, ChangedSetting> changes = new LinkedHashMap<>();
        for (Setting s : settings) {
            ChangedSetting previous = changes.get(s.id());
            changes.put(s.id(), new ChangedSetting(s.id(),
                    previous != null ? previous.originalValue() : before.get(s.id()), s.value()));
        }
        return changes;
    }

    /** Applies the peer's settings; {@code first} for those of its first SETTINGS frame (or HTTP2-Settings). */
    private Map<SettingId, ChangedSetting> applyRemoteSettings(List<Setting> settings, boolean first) {
        long windowDelta = 0;
        long initialWindow = remoteSettings.initialWindowSize();
        for (Setting s : settings) {
            long v = s.value();
            if (s.id().equals(SettingId.ENABLE_PUSH) && client && v == 1) {
                // RFC 9113 §6.5.2: a server must not send SETTINGS_ENABLE_PUSH 1.
                throw connectionError(new InvalidSettingsValueException(ErrorScope.CONNECTION, 0,
                        "RFC 9113 §6.5.2: a server sent SETTINGS_ENABLE_PUSH 1"));
            }
            if (s.id().equals(SettingId.ENABLE_CONNECT_PROTOCOL) && v == 0 && remoteSettings.enableConnectProtocol()) {
                // RFC 8441 §3: once 1, SETTINGS_ENABLE_CONNECT_PROTOCOL must not become 0.
                throw connectionError(new InvalidSettingsValueException(ErrorScope.CONNECTION, 0,
                        "RFC 8441 §3: SETTINGS_ENABLE_CONNECT_PROTOCOL went from 1 to 0"));
            }
            if (s.id().equals(SettingId.NO_RFC7540_PRIORITIES) && !first
                    && (v == 1) != remoteSettings.noRfc7540Priorities()) {
                // RFC 9218 §2.1: the value must not change after the first SETTINGS frame; a change may be
                // treated as a connection error PROTOCOL_ERROR, and is here.
                throw connectionError(new InvalidSettingsValueException(ErrorScope.CONNECTION, 0,
                        "RFC 9218 §2.1: SETTINGS_NO_RFC7540_PRIORITIES changed to " + v
                                + " after the first SETTINGS frame"));
            }
            if (s.id().equals(SettingId.INITIAL_WINDOW_SIZE)) {
                windowDelta = v - initialWindow;
            }
        }
        if (windowDelta != 0) {
            for (Stream s : streams.values()) {
                // RFC 9113 §6.9.2: the change applies to every stream window, and may not pass 2^31-1.
                if (s.sendWindow + windowDelta > ReceiveWindow.MAX_WINDOW) {
                    throw connectionError(ErrorCode.FLOW_CONTROL_ERROR,
                            "RFC 9113 §6.9.2: SETTINGS_INITIAL_WINDOW_SIZE takes stream " + s.id + " past 2^31-1");
                }
            }
            for (Stream s : streams.values()) {
                long before = s.sendWindow;
                s.sendWindow += windowDelta;
                blockedSince(s, before);
            }
        }
        Map<SettingId, ChangedSetting> changes = changes(remoteSettings, settings);
        remoteSettings = remoteSettings.with(settings);
        for (Setting s : settings) {
            if (s.id().equals(SettingId.HEADER_TABLE_SIZE)) {
                // RFC 7541 §4.2: the peer's decoder limit caps our encoder's table. Every value counts, in
                // order (RFC 9113 §6.5.3): if one frame takes it down and up again, the encoder signals the
                // smallest before the final one.
                encoder.setMaxTableSize((int) Math.min(Integer.MAX_VALUE, s.value()));
            }
        }
        writer.setMaxFrameSize((int) remoteSettings.maxFrameSize());
        return changes;
    }

    /** Applies settings of ours the peer acknowledged (RFC 9113 §6.5.3). */
    private void applyLocalSettings(Map<SettingId, ChangedSetting> changes) {
        ChangedSetting window = changes.get(SettingId.INITIAL_WINDOW_SIZE);
        if (window != null) {
            long delta = window.newValue() - window.originalValue().orElse(65_535);
            for (Stream s : streams.values()) {
                s.resize(delta);
            }
        }
        decoder.setMaxTableSize((int) Math.min(Integer.MAX_VALUE, localSettings.headerTableSize()));
        parser.setMaxFrameSize((int) localSettings.maxFrameSize());
        applyEnforcedLimits();
    }

    /**
     * Our limits apply from the first frame: the lowest of the acknowledged and pending values. Run
     * whenever we send SETTINGS or the peer acknowledges some, it also keeps what the hot paths ask of
     * our settings, so that no frame has to walk the pending ones.
     */
    private void applyEnforcedLimits() {
        decoder.setMaxHeaderListSize((int) Math.min(Integer.MAX_VALUE, enforcedLimit(SettingId.MAX_HEADER_LIST_SIZE)));
        enforcedMaxConcurrentStreams = enforcedLimit(SettingId.MAX_CONCURRENT_STREAMS);
        List<Long> push = ourValues(SettingId.ENABLE_PUSH);
        localPushEnabled = push.get(push.size() - 1) == 1;
        pushMayBeEnabled = push.contains(1L);
        localConnectProtocol = ourValues(SettingId.ENABLE_CONNECT_PROTOCOL).contains(1L);
    }

    /**
     * Every value of one of our settings the peer may be acting on: the acknowledged one (if it has a
     * value), then each unacknowledged one, oldest first (RFC 9113 §6.5.3).
     */
    private List<Long> ourValues(SettingId id) {
        List<Long> values = new ArrayList<>(2);
        localSettings.get(id).ifPresent(values::add);
        for (List<Setting> pending : pendingLocalSettings) {
            for (Setting s : pending) {
                if (s.id().equals(id)) {
                    values.add(s.value());
                }
            }
        }
        return values;
    }

    /** A limit of ours applies at once: the lowest value acknowledged or pending; none is unlimited. */
    private long enforcedLimit(SettingId id) {
        long limit = 0xffffffffL;
        for (long v : ourValues(id)) {
            limit = Math.min(limit, v);
        }
        return limit;
    }

    private void onPing(PingFrame f, List<Event> events) {
        receive(ConnectionInput.RECV_PING);
        if (!f.ack()) {
            // RFC 9113 §6.7: a PING without ACK is answered with an identical payload and ACK set.
            queuedControlFrame();
            writer.writePing(true, f.opaqueData(), out);
            events.add(new PingReceived(f.opaqueData()));
            return;
        }
        events.add(new PingAckReceived(f.opaqueData()));
        if (state == ConnectionState.SERVER_DRAINING && f.opaqueData() == drainPing) {
            // RFC 9113 §6.8: one round trip after the first GOAWAY, every stream the client started is here.
            sendGoAway(ConnectionInput.SEND_GOAWAY, lastProcessedInboundId, ErrorCode.NO_ERROR, ByteBuffer.allocate(0));
        }
    }

    private void onGoAway(GoAwayFrame f, List<Event> events) {
        receive(ConnectionInput.RECV_GOAWAY);
        ByteBuffer debug = ByteBuffer.allocate(f.debugData().remaining()).put(f.debugData().duplicate()).flip();
        events.add(new ConnectionTerminated(f.errorCode(), f.lastStreamId(), debug));
        // RFC 9113 §6.8: our streams above the last stream id were not processed and can be retried, as
        // after REFUSED_STREAM; they close now (nghttp2 and OkHttp do the same).
        List<Integer> unprocessed = new ArrayList<>();
        for (Stream s : streams.values()) {
            if (!isPeerInitiated(s.id) && s.id > f.lastStreamId()) {
                unprocessed.add(s.id);
            }
        }
        unprocessed.sort(null);
        for (int id : unprocessed) {
            Stream s = streams.remove(id);
            s.state = countChange(s, StreamState.CLOSED);
            events.add(new StreamReset(id, ErrorCode.REFUSED_STREAM, true));
        }
    }

    // ---------------------------------------------------------------- errors

    /** A refused stream cell from the peer: a stream error, or a connection error. */
    private void peerStreamError(Stream s, Transition<StreamState, StreamEffect> t, List<Event> events) {
        if (t.scope() == ErrorScope.CONNECTION) {
            throw connectionError(t.error(), t.rule() + " (stream " + s.id + ")");
        }
        streamError(s, t.error(), t.rule(), events);
    }

    /** RFC 9113 §5.4.2: a stream error resets the stream; the connection goes on. */
    private void streamError(Stream s, ErrorCode code, String rule, List<Event> events) {
        config.logger().log(System.Logger.Level.DEBUG, "h2j: stream {0} reset with {1}: {2}", s.id, code, rule);
        resetStream(s, code, events);
    }

    /** A stream-scoped exception from header validation or accounting resets the stream. */
    private void streamError(Stream s, H2Exception e, List<Event> events) {
        if (e.scope() != ErrorScope.STREAM) {
            throw connectionError(e);
        }
        streamError(s, e.errorCode(), e.getMessage(), events);
    }

    private void resetStream(Stream s, ErrorCode code, List<Event> events) {
        provokedReset(s.id, code);
        if (s.state != StreamState.CLOSED) {
            s.state = countChange(s, StreamState.CLOSED);
        }
        streams.remove(s.id);
        events.add(new StreamReset(s.id, code, false));
    }

    /**
     * Queues RST_STREAM because of the peer's fault: a control frame queued by the connection itself, and a
     * reset the peer provoked (MadeYouReset, CVE-2025-8671); the stream is remembered as reset.
     */
    private void provokedReset(int streamId, ErrorCode code) {
        calm(flood.provokedReset());
        queuedControlFrame();
        writer.writeRstStream(streamId, code, out);
        recentResets.add(streamId);
    }

    private H2Exception connectionError(ErrorCode code, String rule) {
        return connectionError(exception(code, ErrorScope.CONNECTION, 0, rule));
    }

    /** RFC 9113 §5.4.1: queue GOAWAY with the last stream processed, then the connection is closed. */
    private H2Exception connectionError(H2Exception e) {
        if (state != ConnectionState.CLOSED) {
            byte[] message = String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
            ByteBuffer debug = ByteBuffer.wrap(message, 0, Math.min(message.length, MAX_DEBUG_DATA));
            writer.writeGoAway(lastProcessedInboundId, e.errorCode(), debug, out);
            goAwaySentLastStreamId = Math.min(goAwaySentLastStreamId, lastProcessedInboundId);
            state = ConnectionState.CLOSED;
            config.logger().log(System.Logger.Level.DEBUG, "h2j: connection error {0}: {1}", e.errorCode(),
                    e.getMessage());
        }
        return e;
    }

    /** The exception type that names an error code best, as h2's hierarchy does. */
    static H2Exception exception(ErrorCode code, ErrorScope scope, int streamId, String message) {
        if (code.equals(ErrorCode.FLOW_CONTROL_ERROR)) {
            return new FlowControlException(scope, streamId, message);
        } else if (code.equals(ErrorCode.STREAM_CLOSED)) {
            return new StreamClosedException(scope, streamId, message);
        } else if (code.equals(ErrorCode.FRAME_SIZE_ERROR)) {
            return new FrameTooLargeException(scope, streamId, message);
        } else if (code.equals(ErrorCode.COMPRESSION_ERROR)) {
            return new CompressionException(scope, streamId, message);
        } else if (code.equals(ErrorCode.ENHANCE_YOUR_CALM)) {
            return new DenialOfServiceException(scope, streamId, message);
        }
        return new H2ProtocolException(code, scope, streamId, message);
    }

    private static H2Exception refused(Transition<?, ?> t, int streamId) {
        return exception(t.error(), ErrorScope.CALLER, streamId, t.rule());
    }

    // ---------------------------------------------------------------- streams

    /** A stream in the map, idle, with the windows the settings in force give a new stream (RFC 9113 §6.9.2). */
    private Stream newStream(int id) {
        Stream s = idleStream(id);
        streams.put(s);
        return s;
    }

    /** An idle stream not yet in the map, for a call that may still be refused. */
    private Stream idleStream(int id) {
        Stream s = new Stream(id, remoteSettings.initialWindowSize(), localSettings.initialWindowSize());
        if (s.sendWindow <= 0) {
            // RFC 9113 §6.9.2: with the peer's SETTINGS_INITIAL_WINDOW_SIZE at 0 a stream starts blocked.
            s.sendBlockedSince = flood.now();
        }
        return s;
    }

    /** Moves a stream to the cell's next state, keeping the open-stream counts and dropping closed streams. */
    private void apply(Stream s, Transition<StreamState, StreamEffect> t) {
        s.state = countChange(s, t.next());
        if (s.state == StreamState.CLOSED) {
            streams.remove(s.id);
        }
    }

    private StreamState countChange(Stream s, StreamState next) {
        int delta = (next.countsAsOpen() ? 1 : 0) - (s.state.countsAsOpen() ? 1 : 0);
        if (isPeerInitiated(s.id)) {
            openInbound += delta;
            reservedInbound += (next == StreamState.RESERVED_REMOTE ? 1 : 0)
                    - (s.state == StreamState.RESERVED_REMOTE ? 1 : 0);
        } else {
            openOutbound += delta;
        }
        return next;
    }

    /** Turns the connection machine for a call; a refusal throws to the caller and changes nothing. */
    private Transition<ConnectionState, Handling> check(ConnectionInput input) {
        Transition<ConnectionState, Handling> t = ConnectionMachine.TABLE.lookup(state, input);
        if (!t.allowed()) {
            throw refused(t, 0);
        }
        return t;
    }

    private void turn(ConnectionInput input) {
        state = check(input).next();
    }

    /** The stream a call names, which must have a state machine. */
    private Stream existing(int streamId) {
        Stream s = streams.get(streamId);
        if (s != null) {
            return s;
        }
        if (streamId <= 0 || isIdle(streamId)) {
            throw new NoSuchStreamException(ErrorScope.CALLER, streamId, "RFC 9113 §5.1: stream " + streamId
                    + " is idle");
        }
        throw new StreamClosedException(ErrorScope.CALLER, streamId, "RFC 9113 §5.1: stream " + streamId
                + " is closed");
    }

    private Transition<StreamState, StreamEffect> checkStream(Stream s, StreamInput input) {
        Transition<StreamState, StreamEffect> t = streamTable.lookup(s.state, input);
        if (!t.allowed()) {
            throw refused(t, s.id);
        }
        return t;
    }

    /** The id {@code sendHeaders} would open next. */
    public int nextAvailableStreamId() {
        if (nextOutboundId > MAX_STREAM_ID) {
            throw new NoAvailableStreamIdException(ErrorScope.CALLER, 0, NO_IDS_LEFT);
        }
        return (int) nextOutboundId;
    }

    // ---------------------------------------------------------------- outbound

    /** Sends a field block: opens a stream (clients), or answers or ends one. */
    public void sendHeaders(int streamId, List<HeaderField> headers, boolean endStream, PrioritySpec priority) {
        Stream s = streams.get(streamId);
        boolean opening = s == null && !isPeerInitiated(streamId) && streamId >= nextOutboundId;
        check(opening ? ConnectionInput.SEND_NEW_STREAM_HEADERS : ConnectionInput.SEND_HEADERS);
        checkOutboundRoom();
        if (opening) {
            // RFC 9113 §5.1.2: the peer's limit on the streams we open.
            if (openOutbound >= remoteSettings.maxConcurrentStreams()) {
                throw new TooManyStreamsException(ErrorScope.CALLER, streamId, "RFC 9113 §5.1.2: the peer allows "
                        + remoteSettings.maxConcurrentStreams() + " concurrent streams");
            }
            s = idleStream(streamId);
        } else if (s == null) {
            if (!isPeerInitiated(streamId) && nextOutboundId > MAX_STREAM_ID) {
                throw new NoAvailableStreamIdException(ErrorScope.CALLER, streamId, NO_IDS_LEFT);
            }
            if (!isPeerInitiated(streamId) && streamId > 0) {
                throw new StreamIdTooLowException(ErrorScope.CALLER, streamId, "RFC 9113 §5.1.1: stream " + streamId
                        + " is below the next available stream id " + nextOutboundId);
            }
            s = existing(streamId);
        }
        if (priority != null && priority.streamDependency() == streamId) {
            throw new H2ProtocolException(ErrorScope.CALLER, streamId, "RFC 7540 §5.3.1: a stream cannot depend on itself");
        }
        Transition<StreamState, StreamEffect> t = checkStream(s, StreamInput.headers(true, isInformational(headers),
                endStream));
        List<HeaderField> fields = HeaderValidation.outbound(t.effect().headerKind(), headers, streamId,
                remoteSettings.enableConnectProtocol(), config.validateOutboundHeaders(),
                config.normalizeOutboundHeaders(), config.splitOutboundCookies());
        checkHeaderListSize(fields, streamId);
        ByteBuffer block = encode(fields);
        if (priority != null) {
            writer.writeHeaders(streamId, block, endStream, priority, -1, out);
        } else {
            writer.writeHeaders(streamId, block, endStream, -1, out);
        }
        if (opening) {
            streams.put(s);
            nextOutboundId = streamId + 2L;
            if (isHead(fields)) {
                s.contentLengthRemaining = Stream.HEAD_REQUEST;
            }
        }
        apply(s, t);
    }

    private static boolean isHead(List<HeaderField> fields) {
        // Indexed loops over the field lists here and below: an iterator per request shows in the
        // exchange benchmark's allocation, and these lists are ArrayLists or immutable lists.
        for (int i = 0, n = fields.size(); i < n; i++) {
            HeaderField f = fields.get(i);
            if (f.name().equals(":method")) {
                return f.value().equals("HEAD");
            }
        }
        return false;
    }

    /** RFC 9113 §10.5.1: the peer's SETTINGS_MAX_HEADER_LIST_SIZE is a hard cap on what we send. */
    private void checkHeaderListSize(List<HeaderField> fields, int streamId) {
        long size = 0;
        for (int i = 0, n = fields.size(); i < n; i++) {
            size += fields.get(i).size();
        }
        if (size > remoteSettings.maxHeaderListSize()) {
            throw new H2ProtocolException(ErrorScope.CALLER, streamId, "RFC 9113 §6.5.2: header list of " + size
                    + " octets exceeds the peer's SETTINGS_MAX_HEADER_LIST_SIZE " + remoteSettings.maxHeaderListSize());
        }
    }

    private ByteBuffer encode(List<HeaderField> fields) {
        int room = encoder.maxEncodedLength(fields) + HEADERS_BUFFER_SLACK;
        ByteBuffer block;
        if (room > MAX_KEPT_ENCODE_BUFFER) {
            block = ByteBuffer.allocate(room);
        } else {
            if (encodeBuffer == null || encodeBuffer.capacity() < room) {
                encodeBuffer = ByteBuffer.allocate(Math.max(room, Math.min(2 * room, MAX_KEPT_ENCODE_BUFFER)));
            }
            block = encodeBuffer.clear();
        }
        encoder.encode(fields, block);
        return block.flip();
    }

    /**
     * Sends one DATA frame; never splits, refuses what the windows or frame size do not allow. By reference,
     * the outbound buffer keeps {@code data} instead of a copy (no padding then: {@code padLength} is -1).
     */
    public void sendData(int streamId, ByteBuffer data, boolean endStream, int padLength, boolean byReference) {
        check(ConnectionInput.SEND_DATA);
        checkOutboundRoom();
        Stream s = existing(streamId);
        Transition<StreamState, StreamEffect> t = checkStream(s, endStream ? StreamInput.SEND_DATA_END_STREAM
                : StreamInput.SEND_DATA);
        if (padLength < -1 || padLength > 255) {
            throw new IllegalArgumentException("RFC 9113 §6.1: padLength " + padLength + " is not -1 or 0 to 255");
        }
        int length = data.remaining() + (padLength >= 0 ? padLength + 1 : 0);
        long window = localFlowControlWindow(streamId);
        // RFC 9113 §6.9.1: a sender must not send more than the smaller of the two windows allows.
        if (length > window) {
            throw new FlowControlException(ErrorScope.CALLER, streamId, "RFC 9113 §6.9.1: " + length
                    + " flow-controlled octets exceed the window of " + window);
        }
        // RFC 9113 §4.2: no frame payload larger than the peer's SETTINGS_MAX_FRAME_SIZE.
        if (length > writer.maxFrameSize()) {
            throw new FrameTooLargeException(ErrorScope.CALLER, streamId, "RFC 9113 §4.2: " + length
                    + " octets exceed the peer's SETTINGS_MAX_FRAME_SIZE " + writer.maxFrameSize());
        }
        if (byReference) {
            writer.writeDataByReference(streamId, data, endStream, out);
        } else {
            writer.writeData(streamId, data, endStream, padLength, out);
        }
        long before = s.sendWindow;
        s.sendWindow -= length;
        blockedSince(s, before);
        if (sendWindow > 0 && sendWindow <= length) {
            // The connection window runs out: every stream is blocked from now on.
            sendBlockedSince = flood.now();
        }
        sendWindow -= length;
        // Each DATA frame earns the peer a WINDOW_UPDATE for the stream and one for the connection.
        if (s.windowUpdateCredit < Integer.MAX_VALUE) {
            s.windowUpdateCredit++;
        }
        flood.dataSent();
        apply(s, t);
    }

    /** Opens an inbound window by {@code increment}: the connection's for stream 0. */
    public void incrementFlowControlWindow(int increment, int streamId) {
        check(ConnectionInput.SEND_WINDOW_UPDATE);
        if (increment < 1) {
            throw new IllegalArgumentException("RFC 9113 §6.9: increment " + increment + " is not 1 to 2^31-1");
        }
        ReceiveWindow window;
        Transition<StreamState, StreamEffect> t = null;
        Stream s = null;
        if (streamId == 0) {
            window = receiveWindow;
        } else {
            s = existing(streamId);
            t = checkStream(s, StreamInput.SEND_WINDOW_UPDATE);
            window = s;
        }
        if (window.wouldOverflow(increment)) {
            throw new FlowControlException(ErrorScope.CALLER, streamId,
                    "RFC 9113 §6.9.1: the increment takes the window past 2^31-1");
        }
        writer.writeWindowUpdate(streamId, increment, out);
        window.opened(increment);
        if (s != null) {
            apply(s, t);
        }
    }

    /** Tells the automatic strategy that {@code size} received octets were processed. */
    public void acknowledgeReceivedData(int size, int streamId) {
        if (size < 0) {
            throw new IllegalArgumentException("acknowledged size " + size + " is negative");
        }
        if (streamId < 1) {
            throw new IllegalArgumentException("RFC 9113 §6.1: DATA arrives on a stream, not on stream " + streamId);
        }
        check(ConnectionInput.SEND_WINDOW_UPDATE);
        Stream s = streams.get(streamId);
        // RFC 9113 §5.1: no DATA arrives on an idle stream, so there is none to acknowledge.
        if (s == null && isIdle(streamId)) {
            throw new NoSuchStreamException(ErrorScope.CALLER, streamId, "RFC 9113 §5.1: stream " + streamId
                    + " is idle; no DATA arrived on it");
        }
        giveBackConnectionWindow(size);
        if (s == null || !s.state.receivesData()) {
            // A closed or remote-closed stream receives no more DATA: its window needs no update.
            return;
        }
        int increment = s.process(size);
        if (increment > 0) {
            writer.writeWindowUpdate(streamId, increment, out);
        }
    }

    /** Promises a pushed stream on {@code streamId} (servers). */
    public void pushStream(int streamId, int promisedStreamId, List<HeaderField> requestHeaders) {
        check(ConnectionInput.SEND_PUSH_PROMISE);
        checkOutboundRoom();
        // RFC 9113 §8.4: no push once the client disabled it.
        if (!remoteSettings.enablePush()) {
            throw new H2ProtocolException(ErrorScope.CALLER, streamId,
                    "RFC 9113 §8.4: the client disabled push with SETTINGS_ENABLE_PUSH 0");
        }
        if (nextOutboundId > MAX_STREAM_ID) {
            throw new NoAvailableStreamIdException(ErrorScope.CALLER, promisedStreamId, NO_IDS_LEFT);
        }
        if (isPeerInitiated(promisedStreamId) || promisedStreamId < nextOutboundId) {
            throw new StreamIdTooLowException(ErrorScope.CALLER, promisedStreamId, "RFC 9113 §5.1.1: promised stream "
                    + promisedStreamId + " is not the next server stream id (" + nextOutboundId + ")");
        }
        Stream parent = existing(streamId);
        Transition<StreamState, StreamEffect> onParent = checkStream(parent, StreamInput.SEND_PUSH_PROMISE);
        Stream promised = idleStream(promisedStreamId);
        Transition<StreamState, StreamEffect> t = checkStream(promised, StreamInput.SEND_PUSH_PROMISE);
        List<HeaderField> fields = HeaderValidation.outbound(HeaderKind.PUSH_PROMISE, requestHeaders, promisedStreamId,
                false, config.validateOutboundHeaders(), config.normalizeOutboundHeaders(),
                config.splitOutboundCookies());
        checkHeaderListSize(fields, promisedStreamId);
        writer.writePushPromise(streamId, promisedStreamId, encode(fields), -1, out);
        streams.put(promised);
        nextOutboundId = promisedStreamId + 2L;
        apply(parent, onParent);
        apply(promised, t);
    }

    /** Sends PING with 8 octets of opaque data. */
    public void ping(long opaqueData) {
        check(ConnectionInput.SEND_PING);
        writer.writePing(false, opaqueData, out);
    }

    /** Resets a stream with {@code errorCode}. */
    public void resetStream(int streamId, ErrorCode errorCode) {
        check(ConnectionInput.SEND_RST_STREAM);
        Stream s = existing(streamId);
        Transition<StreamState, StreamEffect> t = checkStream(s, StreamInput.SEND_RST_STREAM);
        writer.writeRstStream(streamId, errorCode, out);
        apply(s, t);
        recentResets.add(streamId);
    }

    /** Sends GOAWAY; NO_ERROR lets streams finish, any other code ends the connection. */
    public void closeConnection(ErrorCode errorCode, int lastStreamId, ByteBuffer debugData) {
        boolean error = !errorCode.equals(ErrorCode.NO_ERROR);
        ConnectionInput input = error ? ConnectionInput.SEND_GOAWAY_ERROR : ConnectionInput.SEND_GOAWAY;
        check(input);
        // By default the last stream processed, but never above an earlier GOAWAY's (RFC 9113 §6.8).
        int last = lastStreamId < 0 ? Math.min(lastProcessedInboundId, goAwaySentLastStreamId) : lastStreamId;
        // RFC 9113 §6.8: endpoints must not increase the last stream id of GOAWAY frames they send.
        if (last > goAwaySentLastStreamId) {
            throw new H2ProtocolException(ErrorScope.CALLER, 0, "RFC 9113 §6.8: last stream id " + last
                    + " is above the " + goAwaySentLastStreamId + " of an earlier GOAWAY");
        }
        sendGoAway(input, last, errorCode, debugData);
    }

    private void sendGoAway(ConnectionInput input, int lastStreamId, ErrorCode errorCode, ByteBuffer debugData) {
        state = check(input).next();
        writer.writeGoAway(lastStreamId, errorCode, debugData, out);
        goAwaySentLastStreamId = lastStreamId;
    }

    /** Starts a graceful shutdown: two-phase GOAWAY for servers, one GOAWAY for clients. */
    public void closeGracefully() {
        if (client) {
            closeConnection(ErrorCode.NO_ERROR, -1, ByteBuffer.allocate(0));
            return;
        }
        check(ConnectionInput.SEND_GRACEFUL_GOAWAY);
        check(ConnectionInput.SEND_PING);
        // RFC 9113 §6.8: GOAWAY with 2^31-1 first, then a PING; the final GOAWAY follows its ACK.
        drainPing = 0x6832_6a2d_6472_6169L + highestInboundId;
        sendGoAway(ConnectionInput.SEND_GRACEFUL_GOAWAY, MAX_STREAM_ID, ErrorCode.NO_ERROR, ByteBuffer.allocate(0));
        writer.writePing(false, drainPing, out);
    }

    /** Sends our new settings; they apply when the peer acknowledges them. */
    public void updateSettings(List<Setting> settings) {
        check(ConnectionInput.SEND_SETTINGS);
        for (Setting s : settings) {
            if (s.id().equals(SettingId.ENABLE_PUSH) && !client && s.value() == 1) {
                throw new InvalidSettingsValueException(ErrorScope.CALLER, 0,
                        "RFC 9113 §6.5.2: a server must not send SETTINGS_ENABLE_PUSH 1");
            }
            if (s.id().equals(SettingId.ENABLE_CONNECT_PROTOCOL) && s.value() == 0 && localConnectProtocol) {
                throw new InvalidSettingsValueException(ErrorScope.CALLER, 0,
                        "RFC 8441 §3: SETTINGS_ENABLE_CONNECT_PROTOCOL cannot go from 1 back to 0");
            }
            if (s.id().equals(SettingId.NO_RFC7540_PRIORITIES) && (s.value() == 1) != config.noRfc7540Priorities()) {
                // RFC 9218 §2.1: senders must not change the value after the first SETTINGS frame.
                throw new InvalidSettingsValueException(ErrorScope.CALLER, 0, "RFC 9218 §2.1: "
                        + "SETTINGS_NO_RFC7540_PRIORITIES cannot change after the first SETTINGS frame; it is "
                        + (config.noRfc7540Priorities() ? 1 : 0) + " (H2Configuration.noRfc7540Priorities)");
            }
        }
        List<Setting> copy = List.copyOf(settings);
        writer.writeSettings(copy, out);
        pendingLocalSettings.add(copy);
        applyEnforcedLimits();
    }

    /** Sends ALTSVC for an origin on stream 0 (servers). */
    public void advertiseAlternativeService(String fieldValue, String origin, int streamId) {
        check(ConnectionInput.SEND_ALTERNATIVE_SERVICE);
        if (streamId != 0) {
            existing(streamId);
        }
        writer.writeAltSvc(streamId, origin, fieldValue, out);
    }

    /** Sends ORIGIN (servers). */
    public void sendOrigin(List<String> origins) {
        check(ConnectionInput.SEND_ORIGIN);
        writer.writeOrigin(origins, out);
    }

    /** Sends PRIORITY for a stream; it bypasses the stream machine. */
    public void prioritize(int streamId, PrioritySpec priority) {
        check(ConnectionInput.SEND_PRIORITY);
        if (priority.streamDependency() == streamId) {
            throw new H2ProtocolException(ErrorScope.CALLER, streamId, "RFC 7540 §5.3.1: a stream cannot depend on itself");
        }
        writer.writePriority(streamId, priority, out);
    }

    /** Sends PRIORITY_UPDATE for a stream (clients; RFC 9218 §7.1). */
    public void sendPriorityUpdate(int streamId, String priorityFieldValue) {
        check(ConnectionInput.SEND_PRIORITY_UPDATE);
        if (streamId < 1) {
            // RFC 9218 §7.1: a prioritized stream id of 0 is a connection error at the peer.
            throw new IllegalArgumentException("RFC 9218 §7.1: prioritized stream " + Integer.toUnsignedString(streamId)
                    + " is outside 1..2^31-1");
        }
        boolean counted = false;
        if (isIdle(streamId)) {
            if (isPeerInitiated(streamId)) {
                throw new H2ProtocolException(ErrorScope.CALLER, streamId, "RFC 9218 §7.1: push stream " + streamId
                        + " is idle; clients must not prioritize it before its PUSH_PROMISE");
            }
            prioritizedIdle.forgetUpTo(nextOutboundId - 1);
            if (!prioritizedIdle.contains(streamId)) {
                long count = prioritizedIdle.size() + 1L + openOutbound;
                if (count > remoteSettings.maxConcurrentStreams()) {
                    throw new TooManyStreamsException(ErrorScope.CALLER, streamId, "RFC 9218 §7.1: " + count
                            + " idle prioritized and active streams would exceed the peer's "
                            + "SETTINGS_MAX_CONCURRENT_STREAMS " + remoteSettings.maxConcurrentStreams());
                }
                counted = true;
            }
        }
        writer.writePriorityUpdate(streamId, priorityFieldValue, out);
        if (counted) {
            prioritizedIdle.add(streamId);
        }
    }

    /** Sends a frame of an extension type. */
    public void sendUnknownFrame(int typeCode, int flags, int streamId, ByteBuffer payload) {
        check(ConnectionInput.SEND_UNKNOWN_FRAME);
        if (FrameType.of(typeCode) != null) {
            throw new IllegalArgumentException("RFC 9113 §5.5: type " + typeCode + " is a known frame type ("
                    + FrameType.of(typeCode) + "); use its own method");
        }
        writer.writeUnknown(typeCode, flags, streamId, payload, out);
    }

    // ---------------------------------------------------------------- queries

    /** Notes the time a stream's send window fell from above 0 to 0 or below: {@link #stalledStreams} counts from it. */
    private void blockedSince(Stream s, long windowBefore) {
        if (windowBefore > 0 && s.sendWindow <= 0) {
            s.sendBlockedSince = flood.now();
        }
    }

    /**
     * Streams that may send DATA but have had no window for at least {@code threshold} nanoseconds of the
     * connection's clock, because theirs or the connection's is 0 or below (SECURITY.md #22), by id.
     */
    public List<Integer> stalledStreams(long threshold) {
        long now = flood.now();
        List<Integer> stalled = new ArrayList<>();
        for (Stream s : streams.values()) {
            if (!streamTable.lookup(s.state, StreamInput.SEND_DATA).allowed()) {
                continue;
            }
            boolean blocked = false;
            long since = now;
            if (s.sendWindow <= 0) {
                blocked = true;
                since = s.sendBlockedSince;
            }
            if (sendWindow <= 0 && (!blocked || sendBlockedSince - since < 0)) {
                blocked = true;
                since = sendBlockedSince;
            }
            if (blocked && now - since >= threshold) {
                stalled.add(s.id);
            }
        }
        stalled.sort(null);
        return stalled;
    }

    /** How much DATA we may send on the stream now: the smaller window, never below 0. */
    public long localFlowControlWindow(int streamId) {
        if (streamId == 0) {
            return Math.max(0, sendWindow);
        }
        Stream s = existing(streamId);
        return Math.max(0, Math.min(s.sendWindow, sendWindow));
    }

    /**
     * How much DATA we may send on the stream now, as {@link #localFlowControlWindow} tells, or -1 when no
     * DATA may be sent on it at all: the connection machine allows no more DATA (closed on an error), or the
     * stream has no state (idle, closed) or its state allows none (we sent END_STREAM, RFC 9113 §5.1).
     * Asks, never throws: a send loop uses it to skip and forget streams that ended.
     */
    public long sendableWindow(int streamId) {
        Stream s = streams.get(streamId);
        if (s == null || !ConnectionMachine.TABLE.lookup(state, ConnectionInput.SEND_DATA).allowed()
                || !streamTable.lookup(s.state, StreamInput.SEND_DATA).allowed()) {
            return -1;
        }
        return Math.max(0, Math.min(s.sendWindow, sendWindow));
    }

    /** How much DATA the peer may send on the stream now. */
    public long remoteFlowControlWindow(int streamId) {
        if (streamId == 0) {
            return Math.max(0, receiveWindow.window());
        }
        Stream s = existing(streamId);
        return Math.max(0, Math.min(s.window(), receiveWindow.window()));
    }

    /**
     * Whether RFC 7540 priority signals are ignored (RFC 9218 §2.1): we sent SETTINGS_NO_RFC7540_PRIORITIES 1,
     * so we said we would; or the peer did, and a receiver of 1 must.
     */
    public boolean ignoresRfc7540Priorities() {
        return config.noRfc7540Priorities() || remoteSettings.noRfc7540Priorities();
    }

    /** Open and half-closed streams the peer started. */
    public int openInboundStreams() {
        return openInbound;
    }

    /** Open and half-closed streams we started. */
    public int openOutboundStreams() {
        return openOutbound;
    }

    /** Streams with a state machine: open, half-closed and reserved. */
    public int activeStreams() {
        return streams.size();
    }

    /** Received octets held until more arrive: a partial frame, and a field block awaiting CONTINUATION. */
    public int bufferedInboundSize() {
        boolean inBlock = pendingHeaders != null || pendingPushPromise != null;
        return parser.bufferedSize() + (inBlock ? blockLength : 0);
    }

    /** Our settings, as acknowledged. */
    public Settings localSettings() {
        return localSettings;
    }

    /** The peer's settings. */
    public Settings remoteSettings() {
        return remoteSettings;
    }

    /** The largest frame payload we may send. */
    public int maxOutboundFrameSize() {
        return writer.maxFrameSize();
    }

    /** The largest frame payload we accept. */
    public int maxInboundFrameSize() {
        return parser.maxFrameSize();
    }

    /** Whether headers and data may be queued now: the outbound buffer is below its soft limit. */
    public boolean isWritable() {
        return out.size() < config.limits().outboundBufferSize();
    }

    /** The octets waiting to be sent. */
    public int outboundSize() {
        return out.size();
    }

    /** Takes up to {@code max} octets from the front of the outbound buffer. */
    public ByteBuffer dataToSend(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max " + max + " is negative");
        }
        ByteBuffer dst = ByteBuffer.allocate(Math.min(max, out.size()));
        drainInto(dst);
        return dst.flip();
    }

    /** Moves as many outbound octets as fit into {@code dst}. */
    public int dataToSend(ByteBuffer dst) {
        return drainInto(dst);
    }

    /** Writes outbound octets to {@code channel} until it takes no more or none wait. */
    public long dataToSend(GatheringByteChannel channel) throws IOException {
        try {
            return out.writeTo(channel);
        } finally {
            drained();
        }
    }

    private int drainInto(ByteBuffer dst) {
        int moved = out.writeTo(dst);
        drained();
        return moved;
    }

    private void drained() {
        if (out.isEmpty()) {
            queuedControlFrames = 0;
        }
    }

    /** Drops every octet waiting to be sent. */
    public void clearOutboundDataBuffer() {
        out.clear();
        queuedControlFrames = 0;
    }
}
