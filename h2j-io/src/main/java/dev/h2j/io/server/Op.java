package dev.h2j.io.server;

import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.List;

/** One step of a response, queued on its stream until the connection may send it. */
sealed interface Op {

    /** A header block: interim or final response headers, ending the stream or not. */
    record Headers(List<HeaderField> fields, boolean endStream) implements Op {
    }

    /** Content from memory; {@code written} (or null) runs once all of it went to the connection. */
    record Data(ByteBuffer data, Runnable written, boolean endStream) implements Op {
    }

    /** Content pulled from a channel until its end, then closed. */
    record Transfer(ReadableByteChannel channel, boolean endStream) implements Op {
    }

    /** The end of the response, with trailers when the list is not empty. */
    record End(List<HeaderField> trailers) implements Op {
    }

    /** RST_STREAM. */
    record Reset(ErrorCode errorCode) implements Op {
    }
}
