package dev.h2j.differential;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads what one library sent, step by step, into frames in a canonical form that says what each frame
 * means rather than how it was encoded: a header block joined with its CONTINUATIONs and decoded to its
 * field list (the two HPACK encoders legitimately choose different representations), SETTINGS as a map
 * (order within the frame is not meaningful), flags as named fields.
 *
 * <p>The frame layer here is deliberately not h2j's {@code FrameParser}: the octets of both libraries are
 * split by the 9-octet header alone (RFC 9113 §4.1), so a frame h2j would reject still shows up. Only
 * header blocks go through h2j's {@link HpackDecoder}, one per library, in the order that library sent
 * them. Not thread-safe; one per transcript.
 */
final class WireReader {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] CLIENT_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
    private boolean prefaceExpected;
    private byte[] pending = new byte[0];
    // The HEADERS or PUSH_PROMISE whose block is open (its fragments so far in blockFragments); null if none.
    private ObjectNode openBlock;
    private final ByteArrayOutputStream blockFragments = new ByteArrayOutputStream();
    private boolean broken;

    /** A reader of what a client ({@code true}: the preface comes first) or a server sends. */
    WireReader(boolean client) {
        this.prefaceExpected = client;
    }

    /**
     * Sets the decoder's table limit as our SETTINGS_HEADER_TABLE_SIZE does: called when the script
     * sends that setting, before the answer is read.
     */
    void headerTableSize(int size) {
        decoder.setMaxTableSize(size);
    }

    /** The frames the octets of one step complete, in order. */
    List<ObjectNode> read(String hex) {
        List<ObjectNode> frames = new ArrayList<>();
        if (broken) {
            return frames;
        }
        byte[] octets = concat(pending, HEX.parseHex(hex));
        int pos = 0;
        if (prefaceExpected && octets.length > 0) {
            int n = Math.min(octets.length, CLIENT_PREFACE.length);
            if (!Arrays.equals(octets, 0, n, CLIENT_PREFACE, 0, n)) {
                return unreadable(frames, "no client preface (RFC 9113 §3.4)", octets, 0);
            }
            if (octets.length < CLIENT_PREFACE.length) {
                pending = octets;
                return frames;
            }
            frames.add(JSON.objectNode().put("frame", "PREFACE"));
            pos = CLIENT_PREFACE.length;
            prefaceExpected = false;
        }
        while (octets.length - pos >= 9) {
            int length = u24(octets, pos);
            if (octets.length - pos - 9 < length) {
                break;
            }
            int type = octets[pos + 3] & 0xff;
            int flags = octets[pos + 4] & 0xff;
            int stream = (int) (u32(octets, pos + 5) & 0x7fff_ffffL);
            byte[] payload = Arrays.copyOfRange(octets, pos + 9, pos + 9 + length);
            try {
                ObjectNode frame = frame(type, flags, stream, payload);
                if (frame != null) {
                    frames.add(frame);
                }
            } catch (RuntimeException e) {
                // A payload too short for its type, or a header block that does not decode (HpackException).
                return unreadable(frames, e.toString(), octets, pos);
            }
            pos += 9 + length;
        }
        pending = Arrays.copyOfRange(octets, pos, octets.length);
        return frames;
    }

    private List<ObjectNode> unreadable(List<ObjectNode> frames, String why, byte[] octets, int from) {
        broken = true;
        frames.add(JSON.objectNode().put("frame", "UNREADABLE").put("why", why)
                .put("octets", HEX.formatHex(octets, from, octets.length)));
        return frames;
    }

    /** The canonical frame, or null while a header block is still open. */
    private ObjectNode frame(int type, int flags, int stream, byte[] payload) {
        ObjectNode out = JSON.objectNode();
        switch (type) {
            case 0x0 -> {
                out.put("frame", "DATA").put("stream", stream).put("end_stream", (flags & 0x1) != 0);
                byte[] data = unpad(flags, payload, out);
                out.put("data", HEX.formatHex(data));
            }
            case 0x1 -> {
                out.put("frame", "HEADERS").put("stream", stream).put("end_stream", (flags & 0x1) != 0);
                byte[] body = unpad(flags, payload, out);
                if ((flags & 0x20) != 0) {
                    out.set("priority", priority(body, 0));
                    body = Arrays.copyOfRange(body, 5, body.length);
                }
                return openBlock(out, body, (flags & 0x4) != 0);
            }
            case 0x2 -> out.put("frame", "PRIORITY").put("stream", stream).setAll(priority(payload, 0));
            case 0x3 -> out.put("frame", "RST_STREAM").put("stream", stream).put("error_code", u32(payload, 0));
            case 0x4 -> {
                out.put("frame", "SETTINGS").put("ack", (flags & 0x1) != 0);
                TreeMap<Integer, Long> settings = new TreeMap<>();
                for (int i = 0; i + 6 <= payload.length; i += 6) {
                    // RFC 9113 §6.5.3: values are processed in order, so a repeated setting's last value holds.
                    settings.put(((payload[i] & 0xff) << 8) | (payload[i + 1] & 0xff), u32(payload, i + 2));
                }
                ObjectNode values = out.putObject("settings");
                settings.forEach((id, value) -> values.put(Integer.toString(id), value));
            }
            case 0x5 -> {
                out.put("frame", "PUSH_PROMISE").put("stream", stream);
                byte[] body = unpad(flags, payload, out);
                out.put("promised", u32(body, 0) & 0x7fff_ffffL);
                return openBlock(out, Arrays.copyOfRange(body, 4, body.length), (flags & 0x4) != 0);
            }
            case 0x6 -> out.put("frame", "PING").put("ack", (flags & 0x1) != 0).put("data", HEX.formatHex(payload));
            case 0x7 -> out.put("frame", "GOAWAY").put("last_stream", u32(payload, 0) & 0x7fff_ffffL)
                    .put("error_code", u32(payload, 4))
                    .put("debug", HEX.formatHex(payload, 8, payload.length));
            case 0x8 -> out.put("frame", "WINDOW_UPDATE").put("stream", stream)
                    .put("increment", u32(payload, 0) & 0x7fff_ffffL);
            case 0x9 -> {
                if (openBlock == null || openBlock.get("stream").asInt() != stream) {
                    out.put("frame", "CONTINUATION").put("stream", stream).put("block", HEX.formatHex(payload));
                    return out;
                }
                blockFragments.writeBytes(payload);
                return (flags & 0x4) != 0 ? closeBlock() : null;
            }
            case 0xa -> {
                int originLength = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
                out.put("frame", "ALTSVC").put("stream", stream)
                        .put("origin", new String(payload, 2, originLength, StandardCharsets.ISO_8859_1))
                        .put("field_value", new String(payload, 2 + originLength, payload.length - 2 - originLength,
                                StandardCharsets.ISO_8859_1));
            }
            default -> out.put("frame", "UNKNOWN").put("type", type).put("flags", flags).put("stream", stream)
                    .put("payload", HEX.formatHex(payload));
        }
        return out;
    }

    private ObjectNode openBlock(ObjectNode start, byte[] fragment, boolean endHeaders) {
        openBlock = start;
        blockFragments.reset();
        blockFragments.writeBytes(fragment);
        return endHeaders ? closeBlock() : null;
    }

    private ObjectNode closeBlock() {
        List<HeaderField> fields = decoder.decode(ByteBuffer.wrap(blockFragments.toByteArray()));
        ObjectNode frame = openBlock;
        openBlock = null;
        frame.set("headers", JavaDriver.headers(fields));
        return frame;
    }

    /** Strips RFC 9113 §6.1 padding, recording its length as "pad" (padding is part of flow control). */
    private static byte[] unpad(int flags, byte[] payload, ObjectNode out) {
        if ((flags & 0x8) == 0) {
            return payload;
        }
        int pad = payload[0] & 0xff;
        out.put("pad", pad);
        return Arrays.copyOfRange(payload, 1, payload.length - pad);
    }

    private static ObjectNode priority(byte[] body, int at) {
        long dependency = u32(body, at);
        return JSON.objectNode().put("depends_on", dependency & 0x7fff_ffffL)
                .put("exclusive", (dependency & 0x8000_0000L) != 0).put("weight", (body[at + 4] & 0xff) + 1);
    }

    private static int u24(byte[] b, int at) {
        return ((b[at] & 0xff) << 16) | ((b[at + 1] & 0xff) << 8) | (b[at + 2] & 0xff);
    }

    private static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8)
                | (b[at + 3] & 0xff);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The values of SETTINGS_HEADER_TABLE_SIZE in the non-ACK SETTINGS frames of {@code hex}, in order. */
    static List<Integer> headerTableSizes(String hex) {
        byte[] octets = HEX.parseHex(hex);
        int pos = 0;
        if (octets.length >= CLIENT_PREFACE.length
                && Arrays.equals(octets, 0, CLIENT_PREFACE.length, CLIENT_PREFACE, 0, CLIENT_PREFACE.length)) {
            pos = CLIENT_PREFACE.length;
        }
        List<Integer> sizes = new ArrayList<>();
        while (octets.length - pos >= 9) {
            int length = u24(octets, pos);
            if (octets.length - pos - 9 < length) {
                break;
            }
            if (octets[pos + 3] == 0x4 && (octets[pos + 4] & 0x1) == 0 && length % 6 == 0) {
                for (int i = pos + 9; i < pos + 9 + length; i += 6) {
                    if (octets[i] == 0 && octets[i + 1] == 1) {
                        sizes.add((int) Math.min(Integer.MAX_VALUE, u32(octets, i + 2)));
                    }
                }
            }
            pos += 9 + length;
        }
        return sizes;
    }
}
