package dev.h2j.cli;

import dev.h2j.frame.AltSvcFrame;
import dev.h2j.frame.ContinuationFrame;
import dev.h2j.frame.DataFrame;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.Frame;
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
import dev.h2j.frame.SettingsFrame;
import dev.h2j.frame.UnknownFrame;
import dev.h2j.frame.WindowUpdateFrame;
import dev.h2j.hpack.HeaderField;
import dev.h2j.io.client.FrameListener;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints every frame a connection sends and receives, one line each with its details indented below,
 * in the style of {@code nghttp -v}:
 *
 * <pre>
 * [  0.012] send HEADERS frame &lt;length=30, flags=0x05, stream_id=1&gt;
 *           ; END_STREAM | END_HEADERS
 *           :method: GET
 * </pre>
 *
 * <p>Thread-safe: the connection's reader and writer threads call it at once; each frame's lines are
 * printed together.
 */
final class FramePrinter implements FrameListener {
    private static final String INDENT = "          ";

    private final PrintWriter out;
    private final LongSupplier nanoTime;
    private final long start;

    FramePrinter(PrintWriter out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** Prints a line of its own, such as "Connecting to ...", with the time stamp. */
    synchronized void note(String text) {
        out.println(stamp() + " " + text);
        out.flush();
    }

    @Override
    public synchronized void frame(Direction direction, Frame frame, int length, List<HeaderField> fields) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%s %s %s frame <length=%d, flags=0x%02x, stream_id=%d>", stamp(),
                direction == Direction.SENT ? "send" : "recv", frame.type() == dev.h2j.frame.FrameType.UNKNOWN
                        ? "UNKNOWN" : frame.type().name(), length, frame.flags(), frame.streamId()));
        List<String> flags = flagNames(frame);
        if (!flags.isEmpty()) {
            lines.add(INDENT + "; " + String.join(" | ", flags));
        }
        details(frame, lines);
        for (HeaderField field : fields) {
            lines.add(INDENT + field.name() + ": " + field.value());
        }
        lines.forEach(out::println);
        out.flush();
    }

    @Override
    public synchronized void upgrade(Direction direction, String head) {
        out.println(stamp() + " HTTP Upgrade " + (direction == Direction.SENT ? "request" : "response"));
        for (String line : head.split("\r\n")) {
            out.println(INDENT + line);
        }
        out.flush();
    }

    private String stamp() {
        return String.format(Locale.ROOT, "[%7.3f]", (nanoTime.getAsLong() - start) / 1e9);
    }

    /** RFC 9113 §6: the flags each frame type defines. */
    private static List<String> flagNames(Frame frame) {
        List<String> names = new ArrayList<>();
        if (frame instanceof DataFrame d) {
            add(names, d.endStream(), "END_STREAM");
            add(names, d.padLength() >= 0, "PADDED");
        } else if (frame instanceof HeadersFrame h) {
            add(names, h.endStream(), "END_STREAM");
            add(names, h.endHeaders(), "END_HEADERS");
            add(names, h.padLength() >= 0, "PADDED");
            add(names, h.priority().isPresent(), "PRIORITY");
        } else if (frame instanceof SettingsFrame s) {
            add(names, s.ack(), "ACK");
        } else if (frame instanceof PingFrame p) {
            add(names, p.ack(), "ACK");
        } else if (frame instanceof PushPromiseFrame p) {
            add(names, p.endHeaders(), "END_HEADERS");
            add(names, p.padLength() >= 0, "PADDED");
        } else if (frame instanceof ContinuationFrame c) {
            add(names, c.endHeaders(), "END_HEADERS");
        }
        return names;
    }

    private static void add(List<String> names, boolean set, String name) {
        if (set) {
            names.add(name);
        }
    }

    private static void details(Frame frame, List<String> lines) {
        if (frame instanceof DataFrame d && d.padLength() >= 0) {
            lines.add(INDENT + "(padlen=" + d.padLength() + ")");
        } else if (frame instanceof HeadersFrame h) {
            String padding = "padlen=" + Math.max(0, h.padLength());
            lines.add(INDENT + "(" + padding + h.priority().map(p -> ", " + priority(p)).orElse("") + ")");
        } else if (frame instanceof PriorityFrame p) {
            lines.add(INDENT + "(" + priority(p.priority()) + ")");
        } else if (frame instanceof RstStreamFrame r) {
            lines.add(INDENT + "(error_code=" + code(r.errorCode()) + ")");
        } else if (frame instanceof SettingsFrame s) {
            lines.add(INDENT + "(niv=" + s.settings().size() + ")");
            for (Setting setting : s.settings()) {
                lines.add(INDENT + String.format(Locale.ROOT, "[SETTINGS_%s(0x%02x):%d]", setting.id().name(),
                        setting.id().id(), setting.value()));
            }
        } else if (frame instanceof PushPromiseFrame p) {
            lines.add(INDENT + "(padlen=" + Math.max(0, p.padLength()) + ", promised_stream_id="
                    + p.promisedStreamId() + ")");
        } else if (frame instanceof PingFrame p) {
            lines.add(INDENT + String.format(Locale.ROOT, "(opaque_data=%016x)", p.opaqueData()));
        } else if (frame instanceof GoAwayFrame g) {
            ByteBuffer debug = g.debugData();
            lines.add(INDENT + "(last_stream_id=" + g.lastStreamId() + ", error_code=" + code(g.errorCode())
                    + ", opaque_data(" + debug.remaining() + ")=[" + StandardCharsets.UTF_8.decode(debug.duplicate())
                    + "])");
        } else if (frame instanceof WindowUpdateFrame w) {
            lines.add(INDENT + "(window_size_increment=" + w.increment() + ")");
        } else if (frame instanceof AltSvcFrame a) {
            lines.add(INDENT + "(origin=" + a.origin() + ", field_value=" + a.fieldValue() + ")");
        } else if (frame instanceof OriginFrame o) {
            lines.add(INDENT + "(origins=" + String.join(" ", o.origins()) + ")");
        } else if (frame instanceof PriorityUpdateFrame p) {
            lines.add(INDENT + "(prioritized_stream_id=" + p.prioritizedStreamId() + ", priority_field_value="
                    + p.priorityFieldValue() + ")");
        } else if (frame instanceof UnknownFrame u) {
            lines.add(INDENT + String.format(Locale.ROOT, "(type=0x%02x)", u.typeCode()));
        }
    }

    private static String priority(PrioritySpec p) {
        return "dep_stream_id=" + p.streamDependency() + ", weight=" + p.weight() + ", exclusive="
                + (p.exclusive() ? 1 : 0);
    }

    private static String code(ErrorCode code) {
        return String.format(Locale.ROOT, "%s(0x%02x)", code.name(), code.unsignedCode());
    }
}
