package dev.h2j.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.h2j.CompressionException;
import dev.h2j.DenialOfServiceException;
import dev.h2j.FlowControlException;
import dev.h2j.FrameDataMissingException;
import dev.h2j.FrameTooLargeException;
import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.H2Exception;
import dev.h2j.InvalidBodyLengthException;
import dev.h2j.InvalidSettingsValueException;
import dev.h2j.NoAvailableStreamIdException;
import dev.h2j.NoSuchStreamException;
import dev.h2j.OutboundBufferFullException;
import dev.h2j.StreamClosedException;
import dev.h2j.StreamIdTooLowException;
import dev.h2j.TooManyStreamsException;
import dev.h2j.UnsupportedFrameException;
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
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs a compiled script on h2j's {@link H2Connection} and records the transcript in the canonical form
 * the Python driver ({@code src/test/python/h2_driver.py}) emits for h2.
 */
final class JavaDriver {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    private JavaDriver() {
    }

    static Transcript run(JsonNode script) {
        H2Connection conn = new H2Connection(configuration(script));
        List<Transcript.Step> steps = new ArrayList<>();
        for (JsonNode step : script.get("steps")) {
            List<Event> events = List.of();
            JsonNode result = null;
            JsonNode error = null;
            try {
                Outcome outcome = step(conn, step);
                events = outcome.events();
                result = outcome.result();
            } catch (H2Exception e) {
                events = e.events();
                error = error(e);
            } catch (RuntimeException e) {
                // IllegalArgumentException is h2's ValueError; anything else is named as it is, and differs.
                error = error(e);
            }
            ArrayNode canonical = JSON.arrayNode();
            events.forEach(event -> canonical.add(canonical(event)));
            steps.add(new Transcript.Step(canonical, error, result, HEX.formatHex(bytes(conn.dataToSend())), null));
        }
        return new Transcript(script.get("name").asText(), steps);
    }

    private static H2Configuration configuration(JsonNode script) {
        JsonNode config = script.path("config");
        H2Configuration base = script.get("role").asText().equals("client")
                ? H2Configuration.client().withEnablePush(config.path("enable_push").asBoolean(false))
                : H2Configuration.server();
        return base.withValidateOutboundHeaders(config.path("validate_outbound_headers").asBoolean(true))
                .withNormalizeOutboundHeaders(config.path("normalize_outbound_headers").asBoolean(true))
                .withValidateInboundHeaders(config.path("validate_inbound_headers").asBoolean(true))
                .withNormalizeInboundHeaders(config.path("normalize_inbound_headers").asBoolean(true));
    }

    private record Outcome(List<Event> events, JsonNode result) {
        static final Outcome NOTHING = new Outcome(List.of(), null);
    }

    private static Outcome step(H2Connection conn, JsonNode step) {
        int stream = step.path("stream").asInt(0);
        switch (step.get("op").asText()) {
            case "initiate" -> conn.initiateConnection();
            case "receive" -> {
                return new Outcome(conn.receiveData(ByteBuffer.wrap(HEX.parseHex(step.get("hex").asText()))), null);
            }
            case "send_headers" -> {
                List<HeaderField> headers = headers(step.get("headers"));
                boolean endStream = step.path("end_stream").asBoolean(false);
                if (step.has("weight") || step.has("depends_on") || step.has("exclusive")) {
                    conn.sendHeaders(stream, headers, endStream, priority(step));
                } else {
                    conn.sendHeaders(stream, headers, endStream);
                }
            }
            case "send_data" -> {
                ByteBuffer data = ByteBuffer.wrap(HEX.parseHex(step.path("data").asText("")));
                boolean endStream = step.path("end_stream").asBoolean(false);
                if (step.has("pad_length")) {
                    conn.sendData(stream, data, endStream, step.get("pad_length").asInt());
                } else {
                    conn.sendData(stream, data, endStream);
                }
            }
            case "end_stream" -> conn.endStream(stream);
            case "increment_flow_control_window" -> {
                if (stream == 0) {
                    conn.incrementFlowControlWindow(step.get("increment").asInt());
                } else {
                    conn.incrementFlowControlWindow(step.get("increment").asInt(), stream);
                }
            }
            case "acknowledge_received_data" -> conn.acknowledgeReceivedData(step.get("size").asInt(), stream);
            case "push_stream" -> conn.pushStream(stream, step.get("promised").asInt(), headers(step.get("headers")));
            case "ping" -> conn.ping(ByteBuffer.wrap(HEX.parseHex(step.get("data").asText())).getLong());
            case "reset_stream" -> conn.resetStream(stream, ErrorCode.of(step.path("error_code").asInt(0)));
            case "close_connection" -> {
                ErrorCode code = ErrorCode.of(step.path("error_code").asInt(0));
                if (step.has("last_stream") || step.has("additional_data")) {
                    conn.closeConnection(code, step.get("last_stream").asInt(),
                            ByteBuffer.wrap(HEX.parseHex(step.path("additional_data").asText(""))));
                } else {
                    conn.closeConnection(code);
                }
            }
            case "update_settings" -> {
                List<Setting> settings = new ArrayList<>();
                for (JsonNode pair : step.get("settings")) {
                    settings.add(new Setting(SettingId.of(pair.get(0).asInt()), pair.get(1).asLong()));
                }
                conn.updateSettings(settings);
            }
            case "advertise_alternative_service" -> {
                if (step.has("stream")) {
                    conn.advertiseAlternativeService(step.get("field_value").asText(), stream);
                } else {
                    conn.advertiseAlternativeService(step.get("field_value").asText(), step.get("origin").asText());
                }
            }
            case "prioritize" -> conn.prioritize(stream, priority(step));
            case "next_available_stream_id" -> {
                return new Outcome(List.of(), JSON.numberNode(conn.nextAvailableStreamId()));
            }
            case "local_flow_control_window" -> {
                return new Outcome(List.of(), JSON.numberNode(conn.localFlowControlWindow(stream)));
            }
            case "remote_flow_control_window" -> {
                return new Outcome(List.of(), JSON.numberNode(conn.remoteFlowControlWindow(stream)));
            }
            case "open_streams" -> {
                return new Outcome(List.of(),
                        JSON.arrayNode().add(conn.openInboundStreams()).add(conn.openOutboundStreams()));
            }
            default -> throw new IllegalStateException("unknown step " + step);
        }
        return Outcome.NOTHING;
    }

    /** h2's defaults for the priority fields a call leaves out: weight 16, no dependency, not exclusive. */
    private static PrioritySpec priority(JsonNode step) {
        return new PrioritySpec(step.path("depends_on").asInt(0), step.path("exclusive").asBoolean(false),
                step.path("weight").asInt(16));
    }

    private static List<HeaderField> headers(JsonNode pairs) {
        List<HeaderField> headers = new ArrayList<>();
        for (JsonNode pair : pairs) {
            headers.add(HeaderField.of(pair.get(0).asText().getBytes(StandardCharsets.ISO_8859_1),
                    pair.get(1).asText().getBytes(StandardCharsets.ISO_8859_1)));
        }
        return headers;
    }

    /** h2's name for the exception h2j threw: h2j keeps h2's hierarchy, with Java's suffix. */
    static ObjectNode error(RuntimeException e) {
        ObjectNode error = JSON.objectNode();
        error.put("error", h2Name(e));
        if (e instanceof H2Exception h2) {
            error.put("code", h2.errorCode().unsignedCode());
        } else {
            error.putNull("code");
        }
        return error;
    }

    private static String h2Name(RuntimeException e) {
        // Most specific first: the hierarchy is h2's (StreamClosedError extends NoSuchStreamError, ...).
        if (e instanceof StreamClosedException) {
            return "StreamClosedError";
        } else if (e instanceof NoSuchStreamException) {
            return "NoSuchStreamError";
        } else if (e instanceof FlowControlException) {
            return "FlowControlError";
        } else if (e instanceof FrameTooLargeException) {
            return "FrameTooLargeError";
        } else if (e instanceof FrameDataMissingException) {
            return "FrameDataMissingError";
        } else if (e instanceof TooManyStreamsException) {
            return "TooManyStreamsError";
        } else if (e instanceof StreamIdTooLowException) {
            return "StreamIDTooLowError";
        } else if (e instanceof NoAvailableStreamIdException) {
            return "NoAvailableStreamIDError";
        } else if (e instanceof InvalidSettingsValueException) {
            return "InvalidSettingsValueError";
        } else if (e instanceof InvalidBodyLengthException) {
            return "InvalidBodyLengthError";
        } else if (e instanceof UnsupportedFrameException) {
            return "UnsupportedFrameError";
        } else if (e instanceof DenialOfServiceException) {
            return "DenialOfServiceError";
        } else if (e instanceof CompressionException) {
            // h2 has no class of its own for HPACK errors: it raises ProtocolError.
            return "CompressionError";
        } else if (e instanceof H2Exception) {
            return "ProtocolError";
        } else if (e instanceof OutboundBufferFullException) {
            return "OutboundBufferFull";
        } else if (e instanceof IllegalArgumentException) {
            return "ValueError";
        }
        return "Java:" + e.getClass().getName();
    }

    static ObjectNode canonical(Event event) {
        ObjectNode out = JSON.objectNode();
        out.put("event", event.getClass().getSimpleName());
        if (event instanceof RequestReceived e) {
            headerEvent(out, e.streamId(), e.headers(), e.streamEnded(), e.priorityUpdated());
        } else if (event instanceof ResponseReceived e) {
            headerEvent(out, e.streamId(), e.headers(), e.streamEnded(), e.priorityUpdated());
        } else if (event instanceof TrailersReceived e) {
            headerEvent(out, e.streamId(), e.headers(), e.streamEnded(), e.priorityUpdated());
        } else if (event instanceof InformationalResponseReceived e) {
            out.put("stream", e.streamId());
            out.set("headers", headers(e.headers()));
            out.set("priority_updated",
                    e.priorityUpdated().<JsonNode>map(JavaDriver::canonical).orElse(JSON.nullNode()));
        } else if (event instanceof DataReceived e) {
            out.put("stream", e.streamId());
            out.put("data", HEX.formatHex(bytes(e.data())));
            out.put("flow_controlled_length", e.flowControlledLength());
            out.put("stream_ended", e.streamEnded().isPresent());
        } else if (event instanceof WindowUpdated e) {
            out.put("stream", e.streamId());
            out.put("delta", e.delta());
        } else if (event instanceof RemoteSettingsChanged e) {
            out.set("changed", settings(e.changedSettings()));
        } else if (event instanceof SettingsAcknowledged e) {
            out.set("changed", settings(e.changedSettings()));
        } else if (event instanceof PingReceived e) {
            out.put("data", HEX.toHexDigits(e.pingData()));
        } else if (event instanceof PingAckReceived e) {
            out.put("data", HEX.toHexDigits(e.pingData()));
        } else if (event instanceof StreamEnded e) {
            out.put("stream", e.streamId());
        } else if (event instanceof StreamReset e) {
            out.put("stream", e.streamId());
            out.put("error_code", e.errorCode().unsignedCode());
            out.put("remote_reset", e.remoteReset());
        } else if (event instanceof PushedStreamReceived e) {
            out.put("stream", e.pushedStreamId());
            out.put("parent", e.parentStreamId());
            out.set("headers", headers(e.headers()));
        } else if (event instanceof PriorityUpdated e) {
            out.put("stream", e.streamId());
            out.put("weight", e.weight());
            out.put("depends_on", e.dependsOn());
            out.put("exclusive", e.exclusive());
        } else if (event instanceof ConnectionTerminated e) {
            out.put("error_code", e.errorCode().unsignedCode());
            out.put("last_stream", e.lastStreamId());
            out.put("additional_data", HEX.formatHex(bytes(e.additionalData())));
        } else if (event instanceof AlternativeServiceAvailable e) {
            // h2's event has no stream id: a stream's ALTSVC names the origin of that stream's request.
            out.put("origin", e.origin());
            out.put("field_value", e.fieldValue());
        } else if (event instanceof UnknownFrameReceived e) {
            out.put("type", e.typeCode());
            out.put("flags", e.flags());
            out.put("stream", e.streamId());
            out.put("payload", HEX.formatHex(bytes(e.payload())));
        } else if (event instanceof OriginReceived e) {
            ArrayNode origins = out.putArray("origins");
            e.origins().forEach(origins::add);
        } else if (event instanceof PriorityUpdateReceived e) {
            out.put("prioritized_stream", e.prioritizedStreamId());
            out.put("field_value", e.priorityFieldValue());
        } else {
            throw new IllegalStateException("no canonical form for " + event);
        }
        return out;
    }

    private static void headerEvent(ObjectNode out, int streamId, List<HeaderField> headers,
            Optional<StreamEnded> streamEnded, Optional<PriorityUpdated> priorityUpdated) {
        out.put("stream", streamId);
        out.set("headers", headers(headers));
        out.put("stream_ended", streamEnded.isPresent());
        out.set("priority_updated", priorityUpdated.<JsonNode>map(JavaDriver::canonical).orElse(JSON.nullNode()));
    }

    static ArrayNode headers(List<HeaderField> headers) {
        ArrayNode out = JSON.arrayNode();
        for (HeaderField field : headers) {
            out.addArray().add(new String(field.nameBytes(), StandardCharsets.ISO_8859_1))
                    .add(new String(field.valueBytes(), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private static ObjectNode settings(Map<SettingId, ChangedSetting> changed) {
        TreeMap<Integer, ChangedSetting> byId = new TreeMap<>();
        changed.forEach((id, change) -> byId.put(id.id(), change));
        ObjectNode out = JSON.objectNode();
        byId.forEach((id, change) -> {
            ArrayNode pair = out.putArray(Integer.toString(id));
            if (change.originalValue().isPresent()) {
                pair.add(change.originalValue().getAsLong());
            } else {
                pair.addNull();
            }
            pair.add(change.newValue());
        });
        return out;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] octets = new byte[buffer.remaining()];
        buffer.duplicate().get(octets);
        return octets;
    }
}
