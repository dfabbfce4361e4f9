package dev.h2j.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The differences between h2 and h2j that are known and right, each a named {@link Rule} that points at
 * its entry in docs/DIFFERENCES-FROM-H2.md and at the RFC section behind it, plus the equivalences that
 * make two encodings of one meaning compare equal (docs/DIFFERENTIAL.md). A rule recognises one narrow
 * shape of difference and rewrites one side's step into what the other library does there; the
 * difference is explained only when, after the rules, the two steps are equal. Nothing is ignored
 * wholesale: a rule that does not recognise its exact shape leaves the step alone, and the difference
 * is reported.
 *
 * <p>Rules that leave the two connections in states that differ by design ("stopping" rules) end the
 * comparison of their script: later steps would only show consequences of the same difference.
 */
final class KnownDifferences {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private KnownDifferences() {
    }

    /** A rule's recognise-and-rewrite step: returns whether it rewrote anything. */
    @FunctionalInterface
    interface Rewrite {
        boolean apply(Step step);
    }

    /**
     * A known difference.
     *
     * @param name a short name, used in reports
     * @param doc the heading of its entry in docs/DIFFERENCES-FROM-H2.md
     * @param rfc the RFC section that makes h2j's behaviour right
     * @param stops whether the two connections differ by design after it, so the rest of the script
     *     is not compared
     */
    record Rule(String name, String doc, String rfc, boolean stops) {
        @Override
        public String toString() {
            return name + " (DIFFERENCES-FROM-H2.md \"" + doc + "\"; " + rfc + ")";
        }
    }

    /**
     * A rule with the step that recognises its difference and rewrites it away.
     *
     * @param rule the rule
     * @param rewrite returns whether it rewrote anything
     */
    private record Rewriting(Rule rule, Rewrite rewrite) {}

    /**
     * The rules that explained a step, and whether the comparison stops after it.
     *
     * @param rules the rules that applied
     * @param stop whether a stopping rule applied
     */
    record Verdict(List<Rule> rules, boolean stop) {}

    /**
     * One step of one script as the rules see it: the step itself, both libraries' canonical outcomes
     * (which the rules may rewrite) and what the conversation agreed on before it.
     *
     * @param op the compiled step
     * @param h2 h2's outcome
     * @param h2j h2j's outcome
     * @param history the steps before
     */
    record Step(JsonNode op, ObjectNode h2, ObjectNode h2j, History history) {
        boolean is(String name) {
            return op.get("op").asText().equals(name);
        }

        boolean isCall() {
            return !is("receive");
        }

        /** The stream a call names, or -1. */
        int stream() {
            return op.path("stream").asInt(-1);
        }

        /** The frames of a receive step, in order; empty for a call. */
        List<PeerFrame> frames() {
            return is("receive") ? PeerFrame.all(op.get("hex").asText(), history.client) : List.of();
        }

        /** The last complete frame of a receive step, or null. */
        PeerFrame last() {
            List<PeerFrame> frames = frames();
            return frames.isEmpty() ? null : frames.get(frames.size() - 1);
        }

        /** h2's outcome becomes h2j's: for stopping rules, where h2j's whole reaction is the right one. */
        boolean adopt() {
            h2.setAll(h2j.deepCopy());
            return true;
        }
    }

    /**
     * A frame the script sent, as its 9-octet header and payload.
     *
     * @param type the frame type
     * @param flags the flags
     * @param stream the stream identifier
     * @param payload the payload octets
     */
    record PeerFrame(int type, int flags, int stream, byte[] payload) {
        static final int DATA = 0x0;
        static final int HEADERS = 0x1;
        static final int PRIORITY = 0x2;
        static final int RST_STREAM = 0x3;
        static final int SETTINGS = 0x4;
        static final int PUSH_PROMISE = 0x5;
        static final int GOAWAY = 0x7;
        static final int WINDOW_UPDATE = 0x8;
        static final int CONTINUATION = 0x9;
        static final int ALTSVC = 0xa;
        static final int ORIGIN = 0xc;
        static final int PRIORITY_UPDATE = 0x10;

        /** The complete frames of {@code hex}, after the client preface when a server reads them. */
        static List<PeerFrame> all(String hex, boolean client) {
            byte[] octets = HexFormat.of().parseHex(hex);
            int pos = !client && startsWithPreface(octets) ? 24 : 0;
            List<PeerFrame> frames = new ArrayList<>();
            while (octets.length - pos >= 9) {
                int length = length(octets, pos);
                if (octets.length - pos - 9 < length) {
                    break;
                }
                int stream = (int) (((octets[pos + 5] & 0x7fL) << 24) | ((octets[pos + 6] & 0xff) << 16)
                        | ((octets[pos + 7] & 0xff) << 8) | (octets[pos + 8] & 0xff));
                frames.add(new PeerFrame(octets[pos + 3] & 0xff, octets[pos + 4] & 0xff, stream,
                        Arrays.copyOfRange(octets, pos + 9, pos + 9 + length)));
                pos += 9 + length;
            }
            return frames;
        }

        /** The length field of an incomplete frame at the end of {@code hex}, or -1 if there is none. */
        static int incompleteLength(String hex, boolean client) {
            byte[] octets = HexFormat.of().parseHex(hex);
            int pos = !client && startsWithPreface(octets) ? 24 : 0;
            while (octets.length - pos >= 9) {
                int length = length(octets, pos);
                if (octets.length - pos - 9 < length) {
                    return length;
                }
                pos += 9 + length;
            }
            return -1;
        }

        private static int length(byte[] octets, int pos) {
            return ((octets[pos] & 0xff) << 16) | ((octets[pos + 1] & 0xff) << 8) | (octets[pos + 2] & 0xff);
        }

        private static boolean startsWithPreface(byte[] octets) {
            return octets.length >= 24 && octets[0] == 'P' && octets[1] == 'R' && octets[2] == 'I';
        }

        boolean ack() {
            return (flags & 0x1) != 0;
        }
    }

    /** What the script has done so far, as both libraries agree it. */
    static final class History {
        private final boolean client;
        private final boolean normalizeOutboundHeaders;
        private boolean initiated;
        private ObjectNode initialSettings;
        private boolean settingsAcknowledged;
        private final Deque<ObjectNode> pendingSettings = new ArrayDeque<>();
        private boolean peerFrameSeen;
        private boolean goAwaySent;
        private boolean goAwaySentWithError;
        private boolean goAwayReceived;
        private final Set<Integer> headersSent = new HashSet<>();
        private final Set<Integer> headRequests = new HashSet<>();
        private final Set<Integer> resetByUs = new HashSet<>();
        private final Set<Integer> reservedRemote = new HashSet<>();
        private final Set<Integer> reservedLocal = new HashSet<>();
        private boolean over;

        History(JsonNode script) {
            this.client = script.get("role").asText().equals("client");
            this.normalizeOutboundHeaders = script.path("config").path("normalize_outbound_headers").asBoolean(true);
        }

        /** Notes the agreed outcome of a step. */
        void record(JsonNode op, ObjectNode agreed) {
            String name = op.get("op").asText();
            boolean failed = !agreed.get("error").isNull();
            if (name.equals("initiate") && !failed) {
                initiated = true;
            }
            for (JsonNode frame : agreed.get("sent")) {
                String type = frame.get("frame").asText();
                if (type.equals("SETTINGS") && !frame.get("ack").asBoolean()) {
                    if (initialSettings == null) {
                        initialSettings = (ObjectNode) frame.get("settings");
                    }
                    pendingSettings.add((ObjectNode) frame.get("settings"));
                } else if (type.equals("GOAWAY")) {
                    goAwaySent = true;
                    goAwaySentWithError |= frame.get("error_code").asInt() != 0;
                } else if (type.equals("RST_STREAM")) {
                    resetByUs.add(frame.get("stream").asInt());
                }
            }
            for (JsonNode event : agreed.get("events")) {
                String type = event.get("event").asText();
                if (type.equals("SettingsAcknowledged")) {
                    settingsAcknowledged = true;
                } else if (type.equals("PushedStreamReceived")) {
                    reservedRemote.add(event.get("stream").asInt());
                } else if (event.has("stream")) {
                    reservedRemote.remove(event.get("stream").asInt());
                }
            }
            if (name.equals("receive")) {
                for (PeerFrame frame : PeerFrame.all(op.get("hex").asText(), client)) {
                    peerFrameSeen = true;
                    if (frame.type() == PeerFrame.SETTINGS && frame.ack()) {
                        pendingSettings.poll();
                    } else if (frame.type() == PeerFrame.GOAWAY) {
                        goAwayReceived = true;
                    }
                }
            } else if (name.equals("send_headers") && !failed) {
                headersSent.add(op.get("stream").asInt());
                for (JsonNode field : op.get("headers")) {
                    if (field.get(0).asText().equals(":method") && field.get(1).asText().equals("HEAD")) {
                        headRequests.add(op.get("stream").asInt());
                    }
                }
                reservedLocal.remove(op.get("stream").asInt());
            } else if (name.equals("push_stream") && !failed) {
                reservedLocal.add(op.get("promised").asInt());
            }
            // RFC 9113 §5.4.1: after a connection error the endpoint closes the connection; what either
            // library does with later input is not HTTP/2 any more.
            if (name.equals("receive") && failed) {
                over = true;
            }
        }

        /** Whether the connection ended in a connection error, so the rest of the script is not compared. */
        boolean over() {
            return over;
        }
    }

    // ---------------------------------------------------------------- equivalences

    /** RFC 9113 §6.5.2: the initial value of each setting that has one. */
    private static final Map<String, Long> INITIAL_VALUES = Map.of(
            "1", 4096L, // SETTINGS_HEADER_TABLE_SIZE
            "2", 1L, // SETTINGS_ENABLE_PUSH
            "4", 65_535L, // SETTINGS_INITIAL_WINDOW_SIZE
            "5", 16_384L, // SETTINGS_MAX_FRAME_SIZE
            "8", 0L); // SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441 §3)

    /**
     * Rewrites one library's step into a form that does not depend on choices the RFC leaves open
     * (docs/DIFFERENTIAL.md, "Equivalences"): the entries of the first SETTINGS that restate an initial
     * value go, and so does a server's SETTINGS_ENABLE_PUSH 0.
     */
    static void normalize(ObjectNode view, History history) {
        if (history.initialSettings != null) {
            return;
        }
        for (JsonNode frame : view.get("sent")) {
            if (isFrame(frame, "SETTINGS") && !frame.get("ack").asBoolean()) {
                // RFC 9113 §6.5.2: a first SETTINGS entry equal to the initial value changes nothing.
                ObjectNode settings = (ObjectNode) frame.get("settings");
                List<String> same = new ArrayList<>();
                settings.fieldNames().forEachRemaining(id -> {
                    if (INITIAL_VALUES.containsKey(id) && INITIAL_VALUES.get(id) == settings.get(id).asLong()) {
                        same.add(id);
                    }
                });
                // RFC 9113 §8.4: clients never push, so a server's SETTINGS_ENABLE_PUSH 0 says nothing.
                if (!history.client && settings.path("2").asLong(-1) == 0) {
                    same.add("2");
                }
                settings.remove(same);
                return;
            }
        }
    }

    // ---------------------------------------------------------------- the rules

    private static final String SETTINGS_ON_ACK = "Settings apply when acknowledged, in order";
    private static final String STREAM_ERRORS = "Stream errors stay stream errors";
    private static final String GOAWAY = "GOAWAY is not the end";
    private static final String ROLES = "Role rules are exact";
    private static final String FIELDS = "Field validation follows RFC 9113 §8";
    private static final String EXTENSIONS = "Extension frames";
    private static final String CLOSED = "Closed streams cost no memory";

    static final Rule INITIAL_SETTINGS_APPLY_ON_ACK = new Rule("initial-settings-apply-on-ack", SETTINGS_ON_ACK,
            "RFC 9113 §6.5.3", false);
    static final Rule SETTINGS_ACKNOWLEDGED_IN_ORDER = new Rule("settings-acknowledged-in-order", SETTINGS_ON_ACK,
            "RFC 9113 §6.5.3", true);
    static final Rule UNSOLICITED_SETTINGS_ACK = new Rule("unsolicited-settings-ack", SETTINGS_ON_ACK,
            "RFC 9113 §6.5.3", false);
    static final Rule ENABLE_PUSH_STARTS_AT_ONE = new Rule("enable-push-starts-at-one",
            "SETTINGS_ENABLE_PUSH starts at 1", "RFC 9113 §6.5.2", false);
    static final Rule SETTINGS_ACK_WITH_PAYLOAD = new Rule("settings-ack-with-payload", "Error codes",
            "RFC 9113 §6.5", false);
    static final Rule COMPRESSION_ERROR = new Rule("compression-error", "Error codes", "RFC 9113 §4.3", false);
    static final Rule EXCEPTION_NAMES = new Rule("exception-names", "Exception classes", "RFC 9113 §5.4, §7",
            false);
    static final Rule GOAWAY_EXPLAINS_ITSELF = new Rule("goaway-explains-itself",
            "A connection error's GOAWAY says why", "RFC 9113 §6.8", false);
    static final Rule GOAWAY_NAMES_LAST_PROCESSED = new Rule("goaway-names-last-processed",
            "GOAWAY names the last stream processed", "RFC 9113 §6.8", false);
    static final Rule GOAWAY_AFTER_BAD_PREFACE = new Rule("goaway-after-bad-preface", "The preface",
            "RFC 9113 §3.4", false);
    static final Rule PREFACE_STARTS_WITH_SETTINGS = new Rule("preface-starts-with-settings", "The preface",
            "RFC 9113 §3.4", true);
    static final Rule INITIATE_FIRST_AND_ONCE = new Rule("initiate-first-and-once", "The preface", "RFC 9113 §3.4",
            true);
    static final Rule STREAM_ERRORS_STAY_STREAM_ERRORS = new Rule("stream-errors-stay-stream-errors", STREAM_ERRORS,
            "RFC 9113 §5.4.2, §8.1.1, §6.9, §4.2", true);
    static final Rule REFUSED_STREAM_OVER_LIMIT = new Rule("refused-stream-over-limit", STREAM_ERRORS,
            "RFC 9113 §5.1.2", true);
    static final Rule PRIORITY_ERRORS_ARE_STREAM_ERRORS = new Rule("priority-errors-are-stream-errors",
            STREAM_ERRORS, "RFC 9113 §5.3.1, §6.3, §6.4", true);
    static final Rule CLOSED_STREAM_FRAMES = new Rule("closed-stream-frames", CLOSED, "RFC 9113 §5.1", true);
    static final Rule LATE_FRAMES_AFTER_OUR_RESET = new Rule("late-frames-after-our-reset", CLOSED,
            "RFC 9113 §5.1", false);
    static final Rule CLOSED_STREAM_CALLS = new Rule("closed-stream-calls", "Calls on closed streams",
            "RFC 9113 §5.1", false);
    static final Rule CONNECTION_ERROR_KEEPS_EVENTS = new Rule("connection-error-keeps-events",
            "A connection error loses nothing", "RFC 9113 §5.4.1", false);
    static final Rule SENDABLE_WINDOW_NOT_NEGATIVE = new Rule("sendable-window-not-negative",
            "localFlowControlWindow is what may be sent now", "RFC 9113 §6.9.2", false);
    /** Recognised by {@link #h2StateMoved}, which {@link Comparison} asks after each step. */
    static final Rule REFUSED_CALL_CHANGES_NOTHING = new Rule("refused-call-changes-nothing",
            "A refused call changes nothing", "RFC 9113 §5.1", true);
    static final Rule GOAWAY_IS_NOT_THE_END = new Rule("goaway-is-not-the-end", GOAWAY, "RFC 9113 §6.8", true);
    static final Rule REFUSED_STREAMS_AFTER_GOAWAY = new Rule("refused-streams-after-goaway", GOAWAY,
            "RFC 9113 §6.8, §8.7", true);
    static final Rule ROLE_RULES_ARE_EXACT = new Rule("role-rules-are-exact", ROLES,
            "RFC 9113 §6.5.2, §8.4; RFC 7838 §4", true);
    static final Rule RST_STREAM_ON_IDLE_STREAM = new Rule("rst-stream-on-idle-stream", ROLES, "RFC 9113 §6.4",
            true);
    static final Rule CLOSED_AFTER_GOAWAY_WITH_ERROR = new Rule("closed-after-goaway-with-error", GOAWAY,
            "RFC 9113 §5.4.1, §6.8", true);
    static final Rule COOKIE_POSITION = new Rule("cookie-position", FIELDS, "RFC 9113 §8.2.3, RFC 9110 §5.3", false);
    static final Rule SERVERS_MAY_PRIORITIZE = new Rule("servers-may-prioritize", ROLES, "RFC 9113 §6.3", false);
    static final Rule RESERVED_STREAM_FRAMES = new Rule("reserved-stream-frames",
            "Reserved streams take HEADERS, RST_STREAM and PRIORITY only", "RFC 9113 §5.1", true);
    static final Rule MALFORMED_FIELDS_RECEIVED = new Rule("malformed-fields-received", FIELDS,
            "RFC 9113 §8.2.1, §8.3.2, §8.4", true);
    static final Rule MALFORMED_FIELDS_SENT = new Rule("malformed-fields-sent", FIELDS,
            "RFC 9113 §8.2.1, §8.2.2", true);
    static final Rule PUSH_REFUSED_WHILE_DISABLING_IT = new Rule("push-refused-while-disabling-it",
            "Pushes after we disabled push are refused", "RFC 9113 §6.5.3, §8.4", true);
    static final Rule TABLE_SIZE_UPDATE_OWED = new Rule("table-size-update-owed",
            "A smaller header table is announced in the next field block", "RFC 9113 §4.3.1", true);
    static final Rule WINDOW_UPDATE_ON_RESERVED_STREAM = new Rule("window-update-on-reserved-stream",
            "Reserved streams take HEADERS, RST_STREAM and PRIORITY only", "RFC 9113 §5.1", true);
    static final Rule CONTINUATION_OUTSIDE_A_BLOCK = new Rule("continuation-outside-a-block",
            "CONTINUATION only continues a field block", "RFC 9113 §6.10", true);
    static final Rule MESSAGES_START_WITH_HEADERS = new Rule("messages-start-with-headers", FIELDS,
            "RFC 9113 §8.1", true);
    static final Rule CONTENT_OF_A_HEAD_RESPONSE = new Rule("content-of-a-head-response", FIELDS,
            "RFC 9113 §8.1.1", true);
    static final Rule CONNECT_REQUESTS = new Rule("connect-requests", FIELDS, "RFC 9113 §8.5", true);
    static final Rule ALTSVC_ON_A_STREAM = new Rule("altsvc-on-a-stream", EXTENSIONS, "RFC 7838 §4", false);
    static final Rule IGNORED_ALTSVC_REPORTED = new Rule("ignored-altsvc-reported", EXTENSIONS,
            "RFC 7838 §4, RFC 9113 §5.5", false);
    static final Rule ORIGIN_AND_PRIORITY_UPDATE = new Rule("origin-and-priority-update", EXTENSIONS,
            "RFC 8336 §2, RFC 9218 §7.1", false);
    static final Rule MALFORMED_ORIGIN_OR_PRIORITY_UPDATE = new Rule("malformed-origin-or-priority-update",
            EXTENSIONS, "RFC 8336 §2, RFC 9218 §7.1, RFC 9113 §4.2", true);
    static final Rule OVERSIZE_FRAME_HEADER = new Rule("oversize-frame-header",
            "Oversize frames are refused from their header", "RFC 9113 §4.2", true);

    /** The rules that rewrite, in the order they are tried. */
    private static final List<Rewriting> REWRITINGS = List.of(
            new Rewriting(INITIAL_SETTINGS_APPLY_ON_ACK, KnownDifferences::initialSettingsApplyOnAck),
            new Rewriting(SETTINGS_ACKNOWLEDGED_IN_ORDER, KnownDifferences::settingsAcknowledgedInOrder),
            new Rewriting(UNSOLICITED_SETTINGS_ACK, KnownDifferences::unsolicitedSettingsAck),
            new Rewriting(ENABLE_PUSH_STARTS_AT_ONE, KnownDifferences::enablePushStartsAtOne),
            new Rewriting(SETTINGS_ACK_WITH_PAYLOAD, KnownDifferences::settingsAckWithPayload),
            new Rewriting(COMPRESSION_ERROR, KnownDifferences::compressionError),
            new Rewriting(EXCEPTION_NAMES, KnownDifferences::exceptionNames),
            new Rewriting(GOAWAY_EXPLAINS_ITSELF, KnownDifferences::goAwayExplainsItself),
            new Rewriting(GOAWAY_NAMES_LAST_PROCESSED, KnownDifferences::goAwayNamesLastProcessed),
            new Rewriting(GOAWAY_AFTER_BAD_PREFACE, KnownDifferences::goAwayAfterBadPreface),
            new Rewriting(PREFACE_STARTS_WITH_SETTINGS, KnownDifferences::prefaceStartsWithSettings),
            new Rewriting(INITIATE_FIRST_AND_ONCE, KnownDifferences::initiateFirstAndOnce),
            new Rewriting(STREAM_ERRORS_STAY_STREAM_ERRORS, KnownDifferences::streamErrorsStayStreamErrors),
            new Rewriting(REFUSED_STREAM_OVER_LIMIT, KnownDifferences::refusedStreamOverLimit),
            new Rewriting(PRIORITY_ERRORS_ARE_STREAM_ERRORS, KnownDifferences::priorityErrorsAreStreamErrors),
            new Rewriting(CLOSED_STREAM_FRAMES, KnownDifferences::closedStreamFrames),
            new Rewriting(LATE_FRAMES_AFTER_OUR_RESET, KnownDifferences::lateFramesAfterOurReset),
            new Rewriting(CLOSED_STREAM_CALLS, KnownDifferences::closedStreamCalls),
            new Rewriting(CONNECTION_ERROR_KEEPS_EVENTS, KnownDifferences::connectionErrorKeepsEvents),
            new Rewriting(SENDABLE_WINDOW_NOT_NEGATIVE, KnownDifferences::sendableWindowNotNegative),
            new Rewriting(GOAWAY_IS_NOT_THE_END, KnownDifferences::goAwayIsNotTheEnd),
            new Rewriting(REFUSED_STREAMS_AFTER_GOAWAY, KnownDifferences::refusedStreamsAfterGoAway),
            new Rewriting(CLOSED_AFTER_GOAWAY_WITH_ERROR, KnownDifferences::closedAfterGoAwayWithError),
            new Rewriting(ROLE_RULES_ARE_EXACT, KnownDifferences::roleRulesAreExact),
            new Rewriting(RST_STREAM_ON_IDLE_STREAM, KnownDifferences::rstStreamOnIdleStream),
            new Rewriting(SERVERS_MAY_PRIORITIZE, KnownDifferences::serversMayPrioritize),
            new Rewriting(RESERVED_STREAM_FRAMES, KnownDifferences::reservedStreamFrames),
            new Rewriting(COOKIE_POSITION, KnownDifferences::cookiePosition),
            new Rewriting(MALFORMED_FIELDS_RECEIVED, KnownDifferences::malformedFieldsReceived),
            new Rewriting(MALFORMED_FIELDS_SENT, KnownDifferences::malformedFieldsSent),
            new Rewriting(MESSAGES_START_WITH_HEADERS, KnownDifferences::messagesStartWithHeaders),
            new Rewriting(PUSH_REFUSED_WHILE_DISABLING_IT, KnownDifferences::pushRefusedWhileDisablingIt),
            new Rewriting(TABLE_SIZE_UPDATE_OWED, KnownDifferences::tableSizeUpdateOwed),
            new Rewriting(WINDOW_UPDATE_ON_RESERVED_STREAM, KnownDifferences::windowUpdateOnReservedStream),
            new Rewriting(CONTINUATION_OUTSIDE_A_BLOCK, KnownDifferences::continuationOutsideABlock),
            new Rewriting(CONTENT_OF_A_HEAD_RESPONSE, KnownDifferences::contentOfAHeadResponse),
            new Rewriting(CONNECT_REQUESTS, KnownDifferences::connectRequests),
            new Rewriting(ALTSVC_ON_A_STREAM, KnownDifferences::altSvcOnAStream),
            new Rewriting(IGNORED_ALTSVC_REPORTED, KnownDifferences::ignoredAltSvcReported),
            new Rewriting(ORIGIN_AND_PRIORITY_UPDATE, KnownDifferences::originAndPriorityUpdate),
            new Rewriting(MALFORMED_ORIGIN_OR_PRIORITY_UPDATE, KnownDifferences::malformedOriginOrPriorityUpdate),
            new Rewriting(OVERSIZE_FRAME_HEADER, KnownDifferences::oversizeFrameHeader));

    /** Every rule: those that rewrite, and the one {@link #h2StateMoved} recognises. */
    static final List<Rule> RULES = Stream.concat(REWRITINGS.stream().map(Rewriting::rule),
            Stream.of(REFUSED_CALL_CHANGES_NOTHING)).toList();

    /** The verdict of the rules on a step where the libraries differ, or null if they do not explain it. */
    static Verdict explain(Step step) {
        List<Rule> applied = new ArrayList<>();
        for (Rewriting rewriting : REWRITINGS) {
            if (rewriting.rewrite().apply(step)) {
                applied.add(rewriting.rule());
            }
        }
        if (applied.isEmpty() || !step.h2().equals(step.h2j())) {
            return null;
        }
        return new Verdict(List.copyOf(applied), applied.stream().anyMatch(Rule::stops));
    }

    // ---------------------------------------------------------------- settings

    /**
     * h2 treats its initial settings as in force from the start, so the ACK of its first SETTINGS changes
     * nothing; in h2j they apply when the peer acknowledges them, and that ACK reports each entry's
     * change from the RFC's initial value. Rewrites h2j's report of exactly its first SETTINGS to h2's
     * empty one.
     */
    private static boolean initialSettingsApplyOnAck(Step step) {
        if (step.history().settingsAcknowledged || step.history().initialSettings == null) {
            return false;
        }
        ObjectNode expected = JSON.objectNode();
        step.history().initialSettings.fields().forEachRemaining(entry -> {
            Long initial = INITIAL_VALUES.get(entry.getKey());
            ArrayNode change = expected.putArray(entry.getKey());
            if (initial == null) {
                change.addNull();
            } else {
                change.add(initial);
            }
            change.add(entry.getValue().asLong());
        });
        ObjectNode h2Ack = firstEvent(step.h2(), "SettingsAcknowledged");
        ObjectNode h2jAck = firstEvent(step.h2j(), "SettingsAcknowledged");
        if (h2Ack == null || h2jAck == null || !h2Ack.get("changed").isEmpty()
                || !h2jAck.get("changed").equals(Comparison.canonical(expected))) {
            return false;
        }
        h2jAck.set("changed", JSON.objectNode());
        return true;
    }

    /**
     * With two of our SETTINGS frames unacknowledged, h2 applies the values of both at the first ACK;
     * h2j applies the first frame's only, as RFC 9113 §6.5.3 orders. Recognised when h2j's
     * SettingsAcknowledged names exactly the settings of the oldest pending frame and h2's names more,
     * all from pending frames; h2's report is rewritten to h2j's.
     */
    private static boolean settingsAcknowledgedInOrder(Step step) {
        Deque<ObjectNode> pending = step.history().pendingSettings;
        ObjectNode h2Ack = firstEvent(step.h2(), "SettingsAcknowledged");
        ObjectNode h2jAck = firstEvent(step.h2j(), "SettingsAcknowledged");
        if (pending.size() < 2 || h2Ack == null || h2jAck == null) {
            return false;
        }
        Set<String> oldest = names(pending.peekFirst());
        Set<String> all = new HashSet<>();
        pending.forEach(settings -> all.addAll(names(settings)));
        Set<String> h2Names = names(h2Ack.get("changed"));
        if (!names(h2jAck.get("changed")).equals(oldest) || !h2Names.containsAll(oldest) || h2Names.equals(oldest)
                || !all.containsAll(h2Names)) {
            return false;
        }
        h2Ack.set("changed", h2jAck.get("changed").deepCopy());
        return true;
    }

    /**
     * A SETTINGS ACK that acknowledges nothing (no SETTINGS of ours is pending): h2 reports a
     * SettingsAcknowledged with no changes, h2j reports nothing, since nothing was acknowledged (RFC 9113
     * §6.5.3 ties an ACK to a SETTINGS frame sent). Drops h2's empty reports beyond the pending count.
     */
    private static boolean unsolicitedSettingsAck(Step step) {
        long acks = step.frames().stream().filter(f -> f.type() == PeerFrame.SETTINGS && f.ack()).count();
        long unsolicited = acks - step.history().pendingSettings.size();
        if (unsolicited <= 0 || count(step.h2(), "SettingsAcknowledged") - count(step.h2j(), "SettingsAcknowledged")
                != unsolicited) {
            return false;
        }
        ArrayNode events = (ArrayNode) step.h2().get("events");
        long removed = 0;
        for (int i = events.size() - 1; i >= 0 && removed < unsolicited; i--) {
            if (isEvent(events.get(i), "SettingsAcknowledged") && events.get(i).get("changed").isEmpty()) {
                events.remove(i);
                removed++;
            }
        }
        return removed == unsolicited;
    }

    /**
     * RFC 9113 §6.5.2 gives SETTINGS_ENABLE_PUSH the initial value 1 on both sides; h2 starts a server's
     * at 0, so a client's RemoteSettingsChanged reports the server's ENABLE_PUSH as changed from 0, where
     * h2j says from 1. Rewrites the original value.
     */
    private static boolean enablePushStartsAtOne(Step step) {
        if (!step.history().client) {
            return false;
        }
        boolean rewritten = false;
        ArrayNode h2Events = (ArrayNode) step.h2().get("events");
        ArrayNode h2jEvents = (ArrayNode) step.h2j().get("events");
        for (int i = 0; i < Math.min(h2Events.size(), h2jEvents.size()); i++) {
            JsonNode h2Change = h2Events.get(i).path("changed").path("2");
            JsonNode h2jChange = h2jEvents.get(i).path("changed").path("2");
            if (isEvent(h2Events.get(i), "RemoteSettingsChanged") && h2Change.path(0).asLong(-1) == 0
                    && h2jChange.path(0).asLong(-1) == 1 && h2Change.get(1).equals(h2jChange.get(1))) {
                ((ArrayNode) h2jChange).set(0, h2Change.get(0));
                rewritten = true;
            }
        }
        return rewritten;
    }

    // ---------------------------------------------------------------- error codes and names

    /**
     * RFC 9113 §6.5: a SETTINGS frame with ACK and a payload is a connection error FRAME_SIZE_ERROR; h2
     * sends PROTOCOL_ERROR. Rewrites h2j's code (and its exception's name) to h2's.
     */
    private static boolean settingsAckWithPayload(Step step) {
        PeerFrame last = step.last();
        if (last == null || last.type() != PeerFrame.SETTINGS || !last.ack() || last.payload().length == 0
                || !isError(step.h2(), "ProtocolError", 1) || !isError(step.h2j(), "FrameDataMissingError", 6)) {
            return false;
        }
        return sameErrorAndGoAwayCode(step);
    }

    /**
     * RFC 9113 §4.3: a header block that does not decode is a connection error COMPRESSION_ERROR; h2
     * sends PROTOCOL_ERROR. Rewrites h2j's code (and its exception's name) to h2's.
     */
    private static boolean compressionError(Step step) {
        if (!step.is("receive") || !isError(step.h2(), "ProtocolError", 1)
                || !isError(step.h2j(), "CompressionError", 9)) {
            return false;
        }
        return sameErrorAndGoAwayCode(step);
    }

    /** Rewrites h2j's error, and the code of its GOAWAY if it sent one, to h2's. */
    private static boolean sameErrorAndGoAwayCode(Step step) {
        step.h2j().set("error", step.h2().get("error").deepCopy());
        ObjectNode goAway = lastFrame(step.h2j(), "GOAWAY");
        if (goAway != null) {
            goAway.put("error_code", step.h2().get("error").get("code").asInt());
        }
        return true;
    }

    /**
     * One entry of {@link #exceptionNames}: in steps the predicate accepts, h2 raising {@code h2Name}
     * with {@code h2Code} is h2j raising {@code h2jName} with {@code h2jCode}.
     */
    private record NamePair(String h2Name, int h2Code, String h2jName, int h2jCode, Predicate<Step> when) {}

    /**
     * Where both refuse the same thing but name the exception differently. h2j's exception classes each
     * carry one error code, and its NoSuchStreamException is for the caller naming an idle stream; h2
     * reuses classes across codes and reports the state of its connection machine instead. Each pair is
     * listed with its case in docs/DIFFERENCES-FROM-H2.md, "Exception classes".
     */
    private static final List<NamePair> NAME_PAIRS = List.of(
            // A peer's SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1 (RFC 9113 §6.5.2).
            new NamePair("InvalidSettingsValueError", 3, "FlowControlError", 3,
                    step -> step.last() != null && step.last().type() == PeerFrame.SETTINGS),
            // A peer's frame on an idle stream (RFC 9113 §5.1).
            new NamePair("NoSuchStreamError", 1, "ProtocolError", 1, step -> step.is("receive")),
            // A promised stream id that is not new (RFC 9113 §5.1.1).
            new NamePair("StreamIDTooLowError", 1, "ProtocolError", 1, KnownDifferences::hasPushPromise),
            // PUSH_PROMISE after we disabled push (RFC 9113 §8.4).
            new NamePair("ProtocolError", 1, "UnsupportedFrameError", 1, KnownDifferences::hasPushPromise),
            // A call naming an idle stream (RFC 9113 §5.1).
            new NamePair("ProtocolError", 1, "NoSuchStreamError", 1, Step::isCall),
            // A new stream after a GOAWAY (RFC 9113 §6.8): h2j's code says the request may be retried.
            new NamePair("ProtocolError", 1, "ProtocolError", 7, KnownDifferences::newStreamAfterGoAway),
            new NamePair("TooManyStreamsError", 1, "ProtocolError", 7, KnownDifferences::newStreamAfterGoAway),
            // A request on one of our stream ids already used and closed (RFC 9113 §5.1.1): h2 finds the
            // closed stream, h2j the id that is too low for a new one.
            new NamePair("StreamClosedError", 5, "StreamIDTooLowError", 1, step -> step.is("send_headers")),
            // DATA the frame size or a window forbids, on a stream that cannot take DATA anyway: h2 checks
            // the size first, h2j the stream (RFC 9113 §5.1, §8.1).
            new NamePair("FrameTooLargeError", 6, "ProtocolError", 1, step -> step.is("send_data")),
            new NamePair("FrameTooLargeError", 6, "StreamClosedError", 5, step -> step.is("send_data")),
            new NamePair("FlowControlError", 3, "StreamClosedError", 5, step -> step.is("send_data")),
            // A window increment past 2^31-1 on a stream we promised, where no WINDOW_UPDATE may go (RFC
            // 9113 §5.1): h2 checks the window first, h2j the stream's state.
            new NamePair("FlowControlError", 3, "ProtocolError", 1, step -> step.is("increment_flow_control_window")
                    && step.history().reservedLocal.contains(step.stream())),
            // A window increment for a closed stream h2 has pruned: h2 fails its own lookup.
            new NamePair("KeyError", -1, "StreamClosedError", 5, step -> step.is("increment_flow_control_window")),
            // Any call after our GOAWAY with an error code: h2j's closed connection refuses before it looks
            // at the stream (RFC 9113 §5.4.1).
            new NamePair("NoSuchStreamError", 1, "ProtocolError", 1,
                    step -> step.isCall() && step.history().goAwaySentWithError),
            // A stream a role may not open, over the peer's concurrency limit: h2 checks the limit first,
            // h2j the role (RFC 9113 §5.1.1, §8.4).
            new NamePair("TooManyStreamsError", 1, "ProtocolError", 1, step -> step.is("send_headers")),
            new NamePair("TooManyStreamsError", 1, "NoSuchStreamError", 1, step -> step.is("send_headers")),
            // A window increment for an idle stream (RFC 9113 §5.1): h2 fails its own lookup.
            new NamePair("KeyError", -1, "NoSuchStreamError", 1, step -> step.is("increment_flow_control_window")),
            // A setting value out of range (RFC 9113 §6.5.2): h2j's Setting refuses to be built.
            new NamePair("InvalidSettingsValueError", 3, "ValueError", -1, step -> step.is("update_settings")),
            new NamePair("InvalidSettingsValueError", 1, "ValueError", -1, step -> step.is("update_settings")),
            // ... and after a GOAWAY, when h2's closed connection machine refuses the call first.
            new NamePair("ProtocolError", 1, "ValueError", -1, step -> step.is("update_settings")
                    && (step.history().goAwaySent || step.history().goAwayReceived)));

    private static boolean newStreamAfterGoAway(Step step) {
        return (step.is("send_headers") || step.is("push_stream"))
                && (step.history().goAwayReceived || step.history().goAwaySent);
    }

    private static boolean hasPushPromise(Step step) {
        return step.frames().stream().anyMatch(f -> f.type() == PeerFrame.PUSH_PROMISE);
    }

    private static boolean exceptionNames(Step step) {
        JsonNode h2 = step.h2().get("error");
        JsonNode h2j = step.h2j().get("error");
        if (h2.isNull() || h2j.isNull()) {
            return false;
        }
        for (NamePair pair : NAME_PAIRS) {
            if (isError(step.h2(), pair.h2Name(), pair.h2Code()) && isError(step.h2j(), pair.h2jName(), pair.h2jCode())
                    && pair.when().test(step)) {
                step.h2j().set("error", h2.deepCopy());
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- GOAWAY and the preface

    /**
     * The GOAWAY h2j sends for a connection error carries a message naming the RFC rule as debug data;
     * h2's carries none. RFC 9113 §6.8: debug data has no semantic value. Drops h2j's debug data from the
     * GOAWAY of a failed receive when h2's has none.
     */
    private static boolean goAwayExplainsItself(Step step) {
        if (!step.is("receive") || step.h2j().get("error").isNull()) {
            return false;
        }
        ObjectNode h2GoAway = lastFrame(step.h2(), "GOAWAY");
        ObjectNode h2jGoAway = lastFrame(step.h2j(), "GOAWAY");
        if (h2jGoAway == null || h2jGoAway.get("debug").asText().isEmpty()
                || (h2GoAway != null && !h2GoAway.get("debug").asText().isEmpty())) {
            return false;
        }
        h2jGoAway.put("debug", "");
        return true;
    }

    /**
     * h2's GOAWAY for a connection error names the highest stream id the peer used, even one the
     * offending frame just named and nothing processed; h2j names the last stream it processed (RFC 9113
     * §6.8: streams above it may be retried). Recognised when h2's id is the offending frame's stream and
     * h2j's is lower; h2j's is rewritten.
     */
    private static boolean goAwayNamesLastProcessed(Step step) {
        ObjectNode h2GoAway = lastFrame(step.h2(), "GOAWAY");
        ObjectNode h2jGoAway = lastFrame(step.h2j(), "GOAWAY");
        PeerFrame last = step.last();
        if (!step.is("receive") || step.h2().get("error").isNull() || h2GoAway == null || h2jGoAway == null
                || last == null || h2GoAway.get("last_stream").asInt() != last.stream()
                || h2jGoAway.get("last_stream").asInt() >= last.stream()) {
            return false;
        }
        h2jGoAway.put("last_stream", last.stream());
        return true;
    }

    /**
     * h2 raises on a client preface that is not the RFC 9113 §3.4 octets without sending anything; h2j
     * also sends GOAWAY(0, PROTOCOL_ERROR). §3.4 allows either ("a GOAWAY frame MAY be omitted").
     */
    private static boolean goAwayAfterBadPreface(Step step) {
        if (step.history().client || step.history().peerFrameSeen || !step.is("receive")
                || !step.h2().get("sent").isEmpty() || !isError(step.h2(), "ProtocolError", 1)
                || !isError(step.h2j(), "ProtocolError", 1) || step.h2j().get("sent").size() != 1) {
            return false;
        }
        JsonNode goAway = step.h2j().get("sent").get(0);
        if (!isFrame(goAway, "GOAWAY") || goAway.get("last_stream").asInt() != 0
                || goAway.get("error_code").asInt() != 1 || !prefaceBroken(step.op())) {
            return false;
        }
        ((ArrayNode) step.h2j().get("sent")).removeAll();
        return true;
    }

    /** Whether the octets of a server's receive do not start with the client preface. */
    private static boolean prefaceBroken(JsonNode op) {
        String preface = "505249202a20485454502f322e300d0a0d0a534d0d0a0d0a";
        String hex = op.get("hex").asText();
        int n = Math.min(hex.length(), preface.length());
        return !hex.regionMatches(0, preface, 0, n);
    }

    /**
     * RFC 9113 §3.4: the peer's preface starts with a SETTINGS frame (not an ACK), and anything else is a
     * connection error PROTOCOL_ERROR. h2 does not check it. Adopts h2j's outcome when it is exactly that
     * error, on the step that carries the peer's first frame.
     */
    private static boolean prefaceStartsWithSettings(Step step) {
        PeerFrame first = step.frames().isEmpty() ? null : step.frames().get(0);
        if (step.history().peerFrameSeen || first == null || (first.type() == PeerFrame.SETTINGS && !first.ack())
                || !isError(step.h2j(), "ProtocolError", 1) || !step.h2().get("error").isNull()
                || !step.h2j().get("events").isEmpty() || step.h2j().get("sent").size() != 1
                || lastFrame(step.h2j(), "GOAWAY") == null) {
            return false;
        }
        return step.adopt();
    }

    /**
     * h2 lets a connection send before initiate_connection (its first octets are then not the preface)
     * and lets initiate_connection run twice (a second SETTINGS); h2j refuses both (RFC 9113 §3.4: the
     * preface comes first, and once). Adopts h2j's refusal.
     */
    private static boolean initiateFirstAndOnce(Step step) {
        boolean early = !step.history().initiated && !step.is("initiate") && step.isCall();
        boolean twice = step.history().initiated && step.is("initiate");
        if (!(early || twice) || !step.h2().get("error").isNull() || !isError(step.h2j(), "ProtocolError", 1)
                || !step.h2j().get("sent").isEmpty()) {
            return false;
        }
        return step.adopt();
    }

    // ---------------------------------------------------------------- stream errors

    /** RFC 9113 §5.4.2 codes a stream error carries here: malformed, flow control, frame size. */
    private static final Set<Integer> STREAM_ERROR_CODES = Set.of(0x1, 0x3, 0x6);
    /** Frame types whose errors are about one stream: DATA, HEADERS, WINDOW_UPDATE, CONTINUATION. */
    private static final Set<Integer> STREAM_FRAME_TYPES = Set.of(0x0, 0x1, 0x8, 0x9);

    /**
     * Where RFC 9113 makes an error a stream error (a malformed message, §8.1.1; DATA beyond a stream's
     * window, §6.9; a zero WINDOW_UPDATE on a stream, §6.9; an oversize DATA frame, §4.2), h2 ends the
     * whole connection; h2j resets the stream and goes on. Recognised when the step's last frame is on a
     * stream, h2 sent GOAWAY(code) and raised, and h2j sent RST_STREAM(that stream, same code) with a
     * StreamReset event and did not raise; everything else sent in the step must agree.
     */
    private static boolean streamErrorsStayStreamErrors(Step step) {
        PeerFrame last = step.last();
        int code = step.h2().get("error").path("code").asInt(-1);
        if (last == null || last.stream() == 0 || !STREAM_FRAME_TYPES.contains(last.type())
                || !STREAM_ERROR_CODES.contains(code) || !step.h2j().get("error").isNull()) {
            return false;
        }
        ArrayNode h2jEvents = (ArrayNode) step.h2j().get("events");
        JsonNode reset = h2jEvents.isEmpty() ? null : h2jEvents.get(h2jEvents.size() - 1);
        if (reset == null || !isEvent(reset, "StreamReset") || reset.get("stream").asInt() != last.stream()
                || reset.get("error_code").asInt() != code || reset.get("remote_reset").asBoolean()) {
            return false;
        }
        return goAwayBecameReset(step, last.stream(), code, code);
    }

    /**
     * Whether h2's step ends with GOAWAY(h2Code) where h2j's ends with RST_STREAM(stream, h2jCode), the
     * frames before them agreeing; if so, h2's outcome becomes h2j's.
     */
    private static boolean goAwayBecameReset(Step step, int stream, int h2Code, int h2jCode) {
        ArrayNode h2Sent = ((ArrayNode) step.h2().get("sent")).deepCopy();
        ArrayNode h2jSent = ((ArrayNode) step.h2j().get("sent")).deepCopy();
        JsonNode goAway = h2Sent.isEmpty() ? null : h2Sent.remove(h2Sent.size() - 1);
        JsonNode reset = h2jSent.isEmpty() ? null : h2jSent.remove(h2jSent.size() - 1);
        if (step.h2().get("error").isNull() || !step.h2j().get("error").isNull() || goAway == null
                || !isFrame(goAway, "GOAWAY") || goAway.get("error_code").asInt() != h2Code || reset == null
                || !isFrame(reset, "RST_STREAM") || reset.get("stream").asInt() != stream
                || reset.get("error_code").asInt() != h2jCode || !h2Sent.equals(h2jSent)) {
            return false;
        }
        return step.adopt();
    }

    /**
     * RFC 9113 §5.1.2: a HEADERS frame over our concurrent stream limit is a stream error, PROTOCOL_ERROR
     * or REFUSED_STREAM; h2 raises TooManyStreamsError and ends the connection, h2j refuses the stream
     * with RST_STREAM(REFUSED_STREAM) so that the request can be retried.
     */
    private static boolean refusedStreamOverLimit(Step step) {
        PeerFrame last = step.last();
        if (last == null || last.type() != PeerFrame.HEADERS || !isError(step.h2(), "TooManyStreamsError", 1)) {
            return false;
        }
        return goAwayBecameReset(step, last.stream(), 1, 7);
    }

    /**
     * RFC 9113 §5.3.1 (a stream depending on itself) and §6.3 (a PRIORITY frame of a length other than 5)
     * are stream errors; h2 ends the connection. h2j resets the stream, or, when the stream is idle,
     * sends nothing, since RST_STREAM must not name an idle stream (§6.4).
     */
    private static boolean priorityErrorsAreStreamErrors(Step step) {
        PeerFrame last = step.last();
        if (last == null || last.type() != PeerFrame.PRIORITY || last.stream() == 0
                || !step.h2j().get("error").isNull()) {
            return false;
        }
        int code = step.h2().get("error").path("code").asInt(-1);
        if (code != 1 && code != 6) {
            return false;
        }
        ArrayNode h2Sent = ((ArrayNode) step.h2().get("sent")).deepCopy();
        JsonNode goAway = h2Sent.isEmpty() ? null : h2Sent.remove(h2Sent.size() - 1);
        if (goAway != null && isFrame(goAway, "GOAWAY") && h2Sent.equals(step.h2j().get("sent"))) {
            // The stream was idle: nothing to reset.
            return step.adopt();
        }
        return goAwayBecameReset(step, last.stream(), code, code);
    }

    /**
     * A frame on a stream that is closed: h2 answers a stream it remembers as closed by END_STREAM with
     * a connection error STREAM_CLOSED, and a HEADERS frame on a lower, skipped id with a connection
     * error PROTOCOL_ERROR (RFC 9113 §5.1.1); h2j, which keeps no memory of closed streams, answers every
     * such frame with RST_STREAM(STREAM_CLOSED), which RFC 9113 §5.1 allows for closed streams.
     */
    private static boolean closedStreamFrames(Step step) {
        PeerFrame last = step.last();
        if (last == null || last.stream() == 0 || !(isError(step.h2(), "StreamClosedError", 5)
                || isError(step.h2(), "StreamIDTooLowError", 1))) {
            return false;
        }
        int code = step.h2().get("error").get("code").asInt();
        return goAwayBecameReset(step, last.stream(), code, 5);
    }

    /**
     * RFC 9113 §5.1: frames that crossed our RST_STREAM are discarded. h2 answers each of them with
     * another RST_STREAM(STREAM_CLOSED); h2j sends nothing. Drops those answers from h2's step, for
     * streams we reset.
     */
    private static boolean lateFramesAfterOurReset(Step step) {
        if (!step.is("receive")) {
            return false;
        }
        boolean removed = false;
        ArrayNode sent = (ArrayNode) step.h2().get("sent");
        for (Iterator<JsonNode> it = sent.iterator(); it.hasNext();) {
            JsonNode frame = it.next();
            if (isFrame(frame, "RST_STREAM") && frame.get("error_code").asInt() == 5
                    && step.history().resetByUs.contains(frame.get("stream").asInt())) {
                it.remove();
                removed = true;
            }
        }
        return removed;
    }

    /**
     * Calls on a stream that is closed or half-closed (local): h2 refuses them as its connection
     * machine or pruned stream table sees them (ProtocolError, StreamIDTooLowError), h2j as
     * StreamClosedException (STREAM_CLOSED, RFC 9113 §5.1). And h2 still answers window queries on a
     * closed stream it has not pruned yet, where h2j says it is closed. Rewrites h2j's outcome to h2's.
     */
    private static boolean closedStreamCalls(Step step) {
        if (!step.isCall() || !isError(step.h2j(), "StreamClosedError", 5) || !step.h2j().get("sent").isEmpty()
                || !step.h2().get("sent").isEmpty()) {
            return false;
        }
        boolean refused = isError(step.h2(), "ProtocolError", 1) || isError(step.h2(), "StreamIDTooLowError", 1);
        boolean answered = (step.is("local_flow_control_window") || step.is("remote_flow_control_window"))
                && step.h2().get("result").isNumber();
        if (!refused && !answered) {
            return false;
        }
        step.h2j().set("error", step.h2().get("error").deepCopy());
        step.h2j().set("result", step.h2().get("result").deepCopy());
        return true;
    }

    /**
     * When a received frame is a connection error, h2 raises and the events of the frames before it in
     * the same call are lost; h2j attaches them to the exception ({@code H2Exception.events()}), and the
     * driver reports them. Drops h2j's events when both raised the same error and h2 reported none.
     */
    private static boolean connectionErrorKeepsEvents(Step step) {
        if (!step.is("receive") || step.h2().get("error").isNull()
                || !step.h2().get("error").equals(step.h2j().get("error"))
                || !step.h2().get("events").isEmpty() || step.h2j().get("events").isEmpty()) {
            return false;
        }
        ((ArrayNode) step.h2j().get("events")).removeAll();
        return true;
    }

    // ---------------------------------------------------------------- calls

    /**
     * After SETTINGS_INITIAL_WINDOW_SIZE shrinks, a stream's window may be negative (RFC 9113 §6.9.2).
     * h2's local_flow_control_window returns the negative number; h2j's localFlowControlWindow returns
     * what may be sent now, which is 0. Rewrites h2j's 0 to h2's negative result.
     */
    private static boolean sendableWindowNotNegative(Step step) {
        if (!step.is("local_flow_control_window") || step.h2().get("result").asLong(0) >= 0
                || !step.h2j().get("result").isNumber() || step.h2j().get("result").asLong() != 0) {
            return false;
        }
        step.h2j().set("result", step.h2().get("result"));
        return true;
    }

    /**
     * The rule that explains how h2's state moved during a step the two libraries agreed on, or null.
     *
     * <p>h2 changes state before it finds a call invalid: a stream's (headers sent, trailers sent, a
     * stream created for a request it then refuses), its connection machine's (a server's refused
     * send_headers leaves it in CLIENT_OPEN, an input its state does not allow closes it), the next stream
     * id, a window, and its HPACK encoder's dynamic table (the field block is encoded before the check
     * that refuses it, so the peer never sees entries h2 then refers to). h2j validates before it changes
     * anything: {@link #REFUSED_CALL_CHANGES_NOTHING}, on a call both refused during which h2's state (as
     * its driver reports it) changed.
     *
     * <p>And h2's connection machine takes the first frame or call that is not SETTINGS, PING, PRIORITY
     * or WINDOW_UPDATE as a sign of the role: a server that receives ALTSVC (which RFC 7838 §4 says a
     * server ignores) enters CLIENT_OPEN and then refuses to push. h2j's role never changes:
     * {@link #ROLE_RULES_ARE_EXACT}, when h2's connection machine is in the other role's open state.
     */
    static Rule h2StateMoved(JsonNode op, Transcript.Step h2, Transcript.Step h2j, JsonNode h2StateBefore,
            boolean client) {
        String connection = h2.state().path("connection").asText();
        if (connection.equals(client ? "SERVER_OPEN" : "CLIENT_OPEN")) {
            return ROLE_RULES_ARE_EXACT;
        }
        if (!op.get("op").asText().equals("receive") && !h2.error().isNull() && !h2j.error().isNull()
                && !h2StateBefore.isNull() && !h2StateBefore.equals(h2.state())) {
            return REFUSED_CALL_CHANGES_NOTHING;
        }
        return null;
    }

    /** Connection-specific fields, which normalising outbound fields leaves out (RFC 9113 §8.2.2). */
    private static final Set<String> CONNECTION_SPECIFIC =
            Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");

    /**
     * Whether h2j sent one field block, and it carries the fields the call asked for: lowercased, without
     * connection-specific fields and TE other than "trailers" (RFC 9113 §8.2, §8.2.2).
     */
    private static boolean fieldBlockAsAsked(Step step) {
        ArrayNode expected = JSON.arrayNode();
        for (JsonNode field : step.op().get("headers")) {
            String name = field.get(0).asText().toLowerCase(java.util.Locale.ROOT);
            String value = field.get(1).asText();
            if (!CONNECTION_SPECIFIC.contains(name) && !(name.equals("te") && !value.equals("trailers"))) {
                expected.addArray().add(name).add(value);
            }
        }
        JsonNode sent = step.h2j().get("sent");
        return sent.size() == 1 && sent.get(0).has("headers") && sent.get(0).get("headers").equals(expected);
    }

    // ---------------------------------------------------------------- GOAWAY is not the end

    /**
     * After a GOAWAY either way, h2's connection machine is closed: every later frame is a connection
     * error and every call is refused. RFC 9113 §6.8 lets streams up to the last stream id finish and
     * PING, SETTINGS and WINDOW_UPDATE go on, and lets the sender of GOAWAY ignore new streams above its
     * last stream id; h2j does that. Adopts h2j's outcome where h2 raised PROTOCOL_ERROR and h2j did not.
     */
    private static boolean goAwayIsNotTheEnd(Step step) {
        if (!(step.history().goAwaySent || step.history().goAwayReceived) || !isError(step.h2(), "ProtocolError", 1)
                || !step.h2j().get("error").isNull()) {
            return false;
        }
        ArrayNode h2Sent = (ArrayNode) step.h2().get("sent");
        if (step.is("receive") ? h2Sent.size() != 1 || !isFrame(h2Sent.get(0), "GOAWAY") : !h2Sent.isEmpty()) {
            return false;
        }
        return step.adopt();
    }

    /**
     * Streams we started above the last stream id of a GOAWAY we receive were not processed and may be
     * retried (RFC 9113 §6.8, §8.7); h2j closes them with StreamReset(REFUSED_STREAM, remote), h2 leaves
     * them open. Drops those events from h2j's step.
     */
    private static boolean refusedStreamsAfterGoAway(Step step) {
        int lastStream = -1;
        for (PeerFrame frame : step.frames()) {
            if (frame.type() == PeerFrame.GOAWAY && frame.payload().length >= 8) {
                lastStream = ((frame.payload()[0] & 0x7f) << 24) | ((frame.payload()[1] & 0xff) << 16)
                        | ((frame.payload()[2] & 0xff) << 8) | (frame.payload()[3] & 0xff);
            }
        }
        if (lastStream < 0) {
            return false;
        }
        boolean removed = false;
        ArrayNode events = (ArrayNode) step.h2j().get("events");
        for (Iterator<JsonNode> it = events.iterator(); it.hasNext();) {
            JsonNode event = it.next();
            int stream = event.path("stream").asInt();
            if (isEvent(event, "StreamReset") && event.get("error_code").asInt() == 7
                    && event.get("remote_reset").asBoolean() && stream > lastStream
                    && (stream % 2 == 1) == step.history().client) {
                it.remove();
                removed = true;
            }
        }
        return removed;
    }

    // ---------------------------------------------------------------- roles

    /**
     * What one role may not do, h2 lets it do and h2j refuses: a server sending HEADERS on a stream
     * that no PUSH_PROMISE reserved (a request from a server, RFC 9113 §8.4 and §5.1), a client sending
     * ALTSVC (RFC 7838 §4: the frame is for clients to receive), a server sending SETTINGS_ENABLE_PUSH 1,
     * and a server announcing it to a client (RFC 9113 §6.5.2: a connection error PROTOCOL_ERROR). Adopts
     * h2j's outcome.
     */
    private static boolean roleRulesAreExact(Step step) {
        boolean client = step.history().client;
        if (!client && step.is("send_headers") && step.stream() % 2 == 0 && step.h2().get("error").isNull()
                && isError(step.h2j(), "ProtocolError", 1) && step.h2j().get("sent").isEmpty()) {
            return step.adopt();
        }
        if (client && step.is("advertise_alternative_service") && step.h2().get("error").isNull()
                && isError(step.h2j(), "ProtocolError", 1) && step.h2j().get("sent").isEmpty()) {
            return step.adopt();
        }
        if (!client && step.is("update_settings") && step.h2().get("error").isNull()
                && isError(step.h2j(), "InvalidSettingsValueError", 1) && step.h2j().get("sent").isEmpty()) {
            for (JsonNode setting : step.op().get("settings")) {
                if (setting.get(0).asInt() == 2 && setting.get(1).asInt() == 1) {
                    return step.adopt();
                }
            }
        }
        PeerFrame last = step.last();
        ObjectNode changed = firstEvent(step.h2(), "RemoteSettingsChanged");
        if (client && last != null && last.type() == PeerFrame.SETTINGS && changed != null
                && changed.get("changed").path("2").path(1).asInt() == 1 && step.h2().get("error").isNull()
                && isError(step.h2j(), "InvalidSettingsValueError", 1)) {
            return step.adopt();
        }
        return false;
    }

    /**
     * RFC 9113 §6.4: RST_STREAM on an idle stream is a connection error PROTOCOL_ERROR. h2 ignores a
     * RST_STREAM for a stream it does not know. Adopts h2j's error.
     */
    private static boolean rstStreamOnIdleStream(Step step) {
        PeerFrame last = step.last();
        if (last == null || last.type() != PeerFrame.RST_STREAM || !step.h2().get("error").isNull()
                || !isError(step.h2j(), "ProtocolError", 1) || lastFrame(step.h2j(), "GOAWAY") == null) {
            return false;
        }
        return step.adopt();
    }

    /**
     * After we sent GOAWAY with an error code the connection is over (RFC 9113 §5.4.1, §6.8: the
     * sender closes it); h2j reads nothing more and refuses every call, h2 still parses what arrives
     * (and may raise on it) and still accepts some calls. Adopts h2j's outcome.
     */
    private static boolean closedAfterGoAwayWithError(Step step) {
        if (!step.history().goAwaySentWithError || !step.h2j().get("events").isEmpty()
                || !step.h2j().get("sent").isEmpty()) {
            return false;
        }
        boolean silent = step.is("receive") && step.h2j().get("error").isNull();
        boolean refused = step.isCall() && step.h2().get("error").isNull() && isError(step.h2j(), "ProtocolError", 1);
        return (silent || refused) && step.adopt();
    }

    /**
     * RFC 9113 §8.2.3: the crumbs of a split cookie are joined into one field. h2 appends the joined
     * field after the others; h2j puts it where the first crumb was. Only fields of the same name have an
     * order that matters (RFC 9110 §5.3). Rewrites h2j's header list to h2's when they differ only in
     * where the cookie field stands.
     */
    private static boolean cookiePosition(Step step) {
        boolean rewritten = false;
        ArrayNode h2Events = (ArrayNode) step.h2().get("events");
        ArrayNode h2jEvents = (ArrayNode) step.h2j().get("events");
        for (int i = 0; i < Math.min(h2Events.size(), h2jEvents.size()); i++) {
            JsonNode h2Headers = h2Events.get(i).get("headers");
            JsonNode h2jHeaders = h2jEvents.get(i).get("headers");
            if (h2Headers != null && h2jHeaders != null && !h2Headers.equals(h2jHeaders)
                    && withoutCookie(h2Headers).equals(withoutCookie(h2jHeaders))
                    && onlyCookie(h2Headers).equals(onlyCookie(h2jHeaders))) {
                ((ObjectNode) h2jEvents.get(i)).set("headers", h2Headers.deepCopy());
                rewritten = true;
            }
        }
        return rewritten;
    }

    private static ArrayNode withoutCookie(JsonNode headers) {
        ArrayNode out = JSON.arrayNode();
        headers.forEach(field -> {
            if (!field.get(0).asText().equals("cookie")) {
                out.add(field);
            }
        });
        return out;
    }

    private static ArrayNode onlyCookie(JsonNode headers) {
        ArrayNode out = JSON.arrayNode();
        headers.forEach(field -> {
            if (field.get(0).asText().equals("cookie")) {
                out.add(field);
            }
        });
        return out;
    }

    /**
     * h2 refuses PRIORITY from a server (RFC1122Error); RFC 9113 §6.3 lets either endpoint send it, in
     * any stream state. Adopts h2j's PRIORITY frame.
     */
    private static boolean serversMayPrioritize(Step step) {
        if (step.history().client || !step.is("prioritize") || !isError(step.h2(), "RFC1122Error", -1)
                || !step.h2j().get("error").isNull() || step.h2j().get("sent").size() != 1
                || !isFrame(step.h2j().get("sent").get(0), "PRIORITY")) {
            return false;
        }
        return step.adopt();
    }

    /**
     * RFC 9113 §5.1: on a stream reserved by the peer's PUSH_PROMISE, any frame other than HEADERS,
     * RST_STREAM or PRIORITY, and on one we reserved, any frame other than RST_STREAM, PRIORITY or
     * WINDOW_UPDATE, is a connection error PROTOCOL_ERROR. h2 answers with RST_STREAM(STREAM_CLOSED)
     * and goes on; h2j ends the connection. Adopts h2j's outcome.
     */
    private static boolean reservedStreamFrames(Step step) {
        PeerFrame last = step.last();
        if (last == null || !step.h2().get("error").isNull() || !isError(step.h2j(), "ProtocolError", 1)) {
            return false;
        }
        boolean remote = step.history().reservedRemote.contains(last.stream())
                && !Set.of(PeerFrame.HEADERS, PeerFrame.RST_STREAM, PeerFrame.PRIORITY).contains(last.type());
        boolean local = step.history().reservedLocal.contains(last.stream())
                && !Set.of(PeerFrame.RST_STREAM, PeerFrame.PRIORITY, PeerFrame.WINDOW_UPDATE).contains(last.type());
        return (remote || local) && step.adopt();
    }

    /**
     * RFC 9113 §5.1, reserved (local): we may send only HEADERS, RST_STREAM and PRIORITY. h2 sends a
     * WINDOW_UPDATE on a stream it promised; h2j refuses the call. Adopts h2j's refusal.
     */
    private static boolean windowUpdateOnReservedStream(Step step) {
        if (!step.is("increment_flow_control_window") || !step.history().reservedLocal.contains(step.stream())
                || !step.h2().get("error").isNull() || !isError(step.h2j(), "ProtocolError", 1)
                || !step.h2j().get("sent").isEmpty()) {
            return false;
        }
        return step.adopt();
    }

    /**
     * RFC 9113 §6.10: a CONTINUATION frame that does not follow HEADERS, PUSH_PROMISE or CONTINUATION
     * without END_HEADERS is a connection error PROTOCOL_ERROR. h2 answers one on a stream it reset as a
     * frame on a closed stream (RST_STREAM(STREAM_CLOSED)); h2j ends the connection. Adopts h2j's error.
     */
    private static boolean continuationOutsideABlock(Step step) {
        PeerFrame last = step.last();
        if (last == null || last.type() != PeerFrame.CONTINUATION || step.frames().size() != 1
                || !step.h2().get("error").isNull() || !isError(step.h2j(), "ProtocolError", 1)) {
            return false;
        }
        return step.adopt();
    }

    // ---------------------------------------------------------------- fields

    /**
     * A field block RFC 9113 makes malformed that h2 accepts: a value with CR, LF or NUL or with
     * leading or trailing whitespace (§8.2.1), a :status that is not three digits (§8.3.2), a promised
     * request whose method is not safe (§8.4). h2j treats the message as malformed, a stream error
     * PROTOCOL_ERROR (§8.1.1); h2 delivers it. Recognised when h2j's step is h2's with the header event
     * for that stream (and its StreamEnded) replaced by StreamReset(PROTOCOL_ERROR) and RST_STREAM added,
     * and the fields h2 delivered break one of those rules.
     */
    private static boolean malformedFieldsReceived(Step step) {
        PeerFrame last = step.last();
        if (last == null || !Set.of(PeerFrame.HEADERS, PeerFrame.CONTINUATION, PeerFrame.PUSH_PROMISE)
                .contains(last.type()) || !step.h2().get("error").isNull() || !step.h2j().get("error").isNull()) {
            return false;
        }
        ArrayNode h2Events = (ArrayNode) step.h2().get("events");
        for (int i = 0; i < h2Events.size(); i++) {
            JsonNode event = h2Events.get(i);
            if (!event.has("headers") || !malformed(event)) {
                continue;
            }
            int stream = event.get("stream").asInt();
            ArrayNode expectedEvents = h2Events.deepCopy();
            expectedEvents.remove(i);
            if (i < expectedEvents.size() && isEvent(expectedEvents.get(i), "StreamEnded")
                    && expectedEvents.get(i).get("stream").asInt() == stream) {
                expectedEvents.remove(i);
            }
            expectedEvents.insert(i, JSON.objectNode().put("event", "StreamReset").put("stream", stream)
                    .put("error_code", 1).put("remote_reset", false));
            ArrayNode expectedSent = ((ArrayNode) step.h2().get("sent")).deepCopy();
            expectedSent.addObject().put("frame", "RST_STREAM").put("stream", stream).put("error_code", 1);
            if (Comparison.canonical(expectedEvents).equals(step.h2j().get("events"))
                    && Comparison.canonical(expectedSent).equals(step.h2j().get("sent"))) {
                return step.adopt();
            }
        }
        return false;
    }

    /** Whether a header event's fields break a rule of RFC 9113 §8 that h2 does not check. */
    private static boolean malformed(JsonNode event) {
        for (JsonNode field : event.get("headers")) {
            String name = field.get(0).asText();
            String value = field.get(1).asText();
            if (badValue(value)) {
                return true;
            }
            if (name.equals(":status") && !value.matches("[0-9]{3}")) {
                return true;
            }
            if (isEvent(event, "PushedStreamReceived") && name.equals(":method")
                    && !value.equals("GET") && !value.equals("HEAD")) {
                return true;
            }
        }
        return false;
    }

    /** RFC 9113 §8.2.1: CR, LF and NUL never, and no whitespace at either end. */
    private static boolean badValue(String value) {
        return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0
                || !value.isEmpty()
                        && (isWhitespace(value.charAt(0)) || isWhitespace(value.charAt(value.length() - 1)));
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Outbound fields RFC 9113 forbids: a value with CR, LF or NUL or surrounding whitespace (§8.2.1),
     * which h2 sends and h2j refuses; and TE other than "trailers" (§8.2.2), which h2 refuses and h2j,
     * normalising outbound fields, leaves out as it leaves out connection-specific fields. Adopts h2j's
     * outcome.
     */
    private static boolean malformedFieldsSent(Step step) {
        if (!step.is("send_headers") && !step.is("push_stream")) {
            return false;
        }
        boolean badValues = false;
        boolean te = false;
        for (JsonNode field : step.op().get("headers")) {
            badValues |= badValue(field.get(1).asText());
            te |= field.get(0).asText().equalsIgnoreCase("te") && !field.get(1).asText().equals("trailers");
        }
        if (badValues && step.h2().get("error").isNull() && isError(step.h2j(), "ProtocolError", 1)
                && step.h2j().get("sent").isEmpty()) {
            return step.adopt();
        }
        if (te && step.history().normalizeOutboundHeaders && isError(step.h2(), "ProtocolError", 1)
                && step.h2j().get("error").isNull() && fieldBlockAsAsked(step)) {
            return step.adopt();
        }
        return false;
    }

    /**
     * A PUSH_PROMISE that arrives after we sent SETTINGS_ENABLE_PUSH 0 but before the peer acknowledged
     * it: the peer may push until it has the setting (RFC 9113 §6.5.3), and h2 accepts the push; h2j,
     * which no longer wants it, refuses the promised stream with RST_STREAM(REFUSED_STREAM) (§8.4, §8.7).
     * Adopts h2j's refusal.
     */
    private static boolean pushRefusedWhileDisablingIt(Step step) {
        boolean disabling = step.history().pendingSettings.stream().anyMatch(s -> s.path("2").asInt(-1) == 0);
        ObjectNode pushed = firstEvent(step.h2(), "PushedStreamReceived");
        JsonNode sent = step.h2j().get("sent");
        if (!disabling || pushed == null || !step.h2j().get("events").isEmpty() || sent.size() != 1
                || !isFrame(sent.get(0), "RST_STREAM")
                || sent.get(0).get("stream").asInt() != pushed.get("stream").asInt()
                || sent.get(0).get("error_code").asInt() != 7) {
            return false;
        }
        return step.adopt();
    }

    /**
     * RFC 9113 §4.3.1: after acknowledging a SETTINGS_HEADER_TABLE_SIZE below the table's size, the
     * encoder MUST start its next field block with a Dynamic Table Size Update. When the same value
     * arrives twice before that block, h2's HPACK encoder forgets the update it owes (it recomputes "the
     * size changed" from the last two values), and the peer cannot decode the block. Recognised when
     * h2's block fails on exactly that and h2j's carries the fields asked for; adopts h2j's block.
     */
    private static boolean tableSizeUpdateOwed(Step step) {
        JsonNode sent = step.h2().get("sent");
        if (!(step.is("send_headers") || step.is("push_stream")) || sent.size() != 1
                || !isFrame(sent.get(0), "UNREADABLE")
                || !sent.get(0).get("why").asText().contains("must start with a dynamic table size update")
                || !fieldBlockAsAsked(step)) {
            return false;
        }
        return step.adopt();
    }

    /**
     * RFC 9113 §8.1: a message starts with a HEADERS frame; DATA first makes it malformed. h2 sends DATA
     * on a stream it has sent no headers on (a server before its response); h2j refuses. Adopts h2j's
     * refusal.
     */
    private static boolean messagesStartWithHeaders(Step step) {
        if (!step.is("send_data") || step.history().headersSent.contains(step.stream())
                || !step.h2().get("error").isNull() || !isError(step.h2j(), "ProtocolError", 1)
                || !step.h2j().get("sent").isEmpty()) {
            return false;
        }
        return step.adopt();
    }

    /**
     * DATA in the response to a HEAD request, which RFC 9110 §9.3.2 says has no content: RFC 9113 §8.1.1
     * exempts such a message from content-length accounting and names no reaction, and h2j passes the
     * DATA on; h2 ends the connection with InvalidBodyLengthError. Adopts h2j's outcome.
     */
    private static boolean contentOfAHeadResponse(Step step) {
        PeerFrame last = step.last();
        if (last == null || last.type() != PeerFrame.DATA || !step.history().headRequests.contains(last.stream())
                || !isError(step.h2(), "InvalidBodyLengthError", 1) || !step.h2j().get("error").isNull()) {
            return false;
        }
        return step.adopt();
    }

    /**
     * RFC 9113 §8.5: a CONNECT request has :method and :authority only, no :scheme or :path. h2 requires
     * :scheme and :path in every request and ends the connection; h2j accepts it. Adopts h2j's outcome.
     */
    private static boolean connectRequests(Step step) {
        ObjectNode request = firstEvent(step.h2j(), "RequestReceived");
        if (request == null || !isError(step.h2(), "ProtocolError", 1) || !step.h2j().get("error").isNull()) {
            return false;
        }
        for (JsonNode field : request.get("headers")) {
            String name = field.get(0).asText();
            if (name.equals(":method") && !field.get(1).asText().equals("CONNECT")
                    || name.equals(":scheme") || name.equals(":path")) {
                return false;
            }
        }
        return step.adopt();
    }

    // ---------------------------------------------------------------- extension frames

    /**
     * An ALTSVC frame on a stream applies to that stream's origin (RFC 7838 §4). h2's event puts the
     * stream's :authority in its origin field; h2j's names the stream and leaves the origin empty (the
     * frame carries none). Rewrites h2j's empty origin to h2's.
     */
    private static boolean altSvcOnAStream(Step step) {
        PeerFrame last = step.last();
        ObjectNode h2Event = firstEvent(step.h2(), "AlternativeServiceAvailable");
        ObjectNode h2jEvent = firstEvent(step.h2j(), "AlternativeServiceAvailable");
        if (last == null || last.type() != PeerFrame.ALTSVC || last.stream() == 0 || h2Event == null
                || h2jEvent == null || h2Event.get("origin").asText().isEmpty()
                || !h2jEvent.get("origin").asText().isEmpty()) {
            return false;
        }
        h2jEvent.put("origin", h2Event.get("origin").asText());
        return true;
    }

    /**
     * An ALTSVC frame RFC 7838 §4 says to ignore (stream 0 without origin, or another stream with one)
     * changes nothing in h2j either, but h2j hands it to the application as UnknownFrameReceived, as it
     * does every frame it does not act on (RFC 9113 §5.5); h2 drops it. Drops those events from h2j's step.
     */
    private static boolean ignoredAltSvcReported(Step step) {
        boolean removed = false;
        ArrayNode events = (ArrayNode) step.h2j().get("events");
        for (Iterator<JsonNode> it = events.iterator(); it.hasNext();) {
            JsonNode event = it.next();
            if (isEvent(event, "UnknownFrameReceived") && event.get("type").asInt() == PeerFrame.ALTSVC) {
                it.remove();
                removed = true;
            }
        }
        return removed;
    }

    /**
     * h2 does not know ORIGIN (RFC 8336) or PRIORITY_UPDATE (RFC 9218) and reports them as
     * UnknownFrameReceived; h2j decodes them into OriginReceived and PriorityUpdateReceived. Rewrites
     * each decoded event to h2's form after checking that it decodes the frame's payload.
     */
    private static boolean originAndPriorityUpdate(Step step) {
        boolean rewritten = false;
        ArrayNode h2Events = (ArrayNode) step.h2().get("events");
        ArrayNode h2jEvents = (ArrayNode) step.h2j().get("events");
        for (int i = 0; i < Math.min(h2Events.size(), h2jEvents.size()); i++) {
            JsonNode h2Event = h2Events.get(i);
            JsonNode h2jEvent = h2jEvents.get(i);
            if (isEvent(h2Event, "UnknownFrameReceived") && decodes(h2Event, h2jEvent)) {
                h2jEvents.set(i, h2Event.deepCopy());
                rewritten = true;
            }
        }
        return rewritten;
    }

    /**
     * A malformed ORIGIN or PRIORITY_UPDATE frame (an entry running past the payload, a prioritized
     * stream id missing) is a connection error in h2j, FRAME_SIZE_ERROR or PROTOCOL_ERROR as RFC 8336 and
     * RFC 9218 §7.1 (with RFC 9113 §4.2) say; h2, not knowing the type, reports it as unknown. Adopts
     * h2j's error.
     */
    private static boolean malformedOriginOrPriorityUpdate(Step step) {
        PeerFrame last = step.last();
        if (last == null || (last.type() != PeerFrame.ORIGIN && last.type() != PeerFrame.PRIORITY_UPDATE)
                || !step.h2().get("error").isNull() || step.h2j().get("error").isNull()) {
            return false;
        }
        return step.adopt();
    }

    /** Whether h2j's event is the decoded form of h2's UnknownFrameReceived. */
    private static boolean decodes(JsonNode unknown, JsonNode decoded) {
        byte[] payload = HexFormat.of().parseHex(unknown.get("payload").asText());
        if (unknown.get("type").asInt() == PeerFrame.ORIGIN && isEvent(decoded, "OriginReceived")) {
            ArrayNode origins = JSON.arrayNode();
            for (int pos = 0; pos + 2 <= payload.length;) {
                int length = ((payload[pos] & 0xff) << 8) | (payload[pos + 1] & 0xff);
                origins.add(new String(payload, pos + 2, Math.min(length, payload.length - pos - 2),
                        StandardCharsets.ISO_8859_1));
                pos += 2 + length;
            }
            return origins.equals(decoded.get("origins"));
        }
        if (unknown.get("type").asInt() == PeerFrame.PRIORITY_UPDATE && isEvent(decoded, "PriorityUpdateReceived")
                && payload.length >= 4) {
            int stream = ((payload[0] & 0x7f) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8)
                    | (payload[3] & 0xff);
            String value = new String(payload, 4, payload.length - 4, StandardCharsets.ISO_8859_1);
            return decoded.get("prioritized_stream").asInt() == stream
                    && decoded.get("field_value").asText().equals(value);
        }
        return false;
    }

    /**
     * RFC 9113 §4.2: a frame longer than SETTINGS_MAX_FRAME_SIZE is a FRAME_SIZE_ERROR. h2j refuses it
     * from its 9-octet header; h2 waits for the whole payload first. Recognised on a step that ends in
     * such an incomplete frame; adopts h2j's outcome.
     */
    private static boolean oversizeFrameHeader(Step step) {
        if (!step.is("receive") || PeerFrame.incompleteLength(step.op().get("hex").asText(), step.history().client)
                <= 16_384 || !step.h2().get("error").isNull() || !isError(step.h2j(), "FrameTooLargeError", 6)) {
            return false;
        }
        return step.adopt();
    }

    // ---------------------------------------------------------------- helpers

    private static ObjectNode firstEvent(ObjectNode view, String name) {
        for (JsonNode event : view.get("events")) {
            if (isEvent(event, name)) {
                return (ObjectNode) event;
            }
        }
        return null;
    }

    private static long count(ObjectNode view, String name) {
        long n = 0;
        for (JsonNode event : view.get("events")) {
            if (isEvent(event, name)) {
                n++;
            }
        }
        return n;
    }

    private static ObjectNode lastFrame(ObjectNode view, String type) {
        ObjectNode last = null;
        for (JsonNode frame : view.get("sent")) {
            if (isFrame(frame, type)) {
                last = (ObjectNode) frame;
            }
        }
        return last;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean isEvent(JsonNode event, String name) {
        return event.path("event").asText().equals(name);
    }

    private static boolean isFrame(JsonNode frame, String type) {
        return frame.get("frame").asText().equals(type);
    }

    /** Whether the step raised {@code name} with {@code code} (-1: no code). */
    private static boolean isError(ObjectNode view, String name, int code) {
        JsonNode error = view.get("error");
        JsonNode actual = error.path("code");
        return error.path("error").asText().equals(name) && (actual.isNumber() ? actual.asInt() : -1) == code;
    }
}
