/**
 * HTTP/2 frames: their values, an incremental parser and a writer; no connection state.
 *
 * <p>Main types:
 * <ul>
 *   <li>{@link dev.h2j.frame.Frame}: a sealed interface with one record per frame type
 *       ({@link dev.h2j.frame.DataFrame}, {@link dev.h2j.frame.HeadersFrame}, ...,
 *       {@link dev.h2j.frame.UnknownFrame}); {@link dev.h2j.frame.FrameType} names the types for
 *       dispatch.</li>
 *   <li>{@link dev.h2j.frame.FrameParser}: bytes in, frames out, with every frame-level rule of RFC 9113
 *       §4 and §6 (and RFC 7838 §4, RFC 8336 §2, RFC 9218 §7.1) enforced; a broken rule is a
 *       {@link dev.h2j.frame.FrameFormatException} that carries its error code and scope.</li>
 *   <li>{@link dev.h2j.frame.FrameWriter} and {@link dev.h2j.frame.FrameBuffer}: frames out as bytes,
 *       field blocks split into CONTINUATION frames as needed.</li>
 *   <li>{@link dev.h2j.frame.ErrorCode} and {@link dev.h2j.frame.SettingId}: protocol numbers that keep
 *       values h2j does not know; {@link dev.h2j.frame.Setting} pairs an identifier with its value.</li>
 * </ul>
 *
 * <p>Field blocks are opaque octets here: HPACK lives in {@code dev.h2j.hpack}, and this package depends
 * on nothing but {@code java.base}.
 *
 * <p>Payloads are {@link java.nio.ByteBuffer}s read between position and limit. Frames returned by the
 * parser hold read-only views of the input (or of the parser's assembly buffer) that are valid only until
 * the next parser call: copy what must outlive it.
 *
 * <p>Null policy: no method accepts null, and none returns null except
 * {@link dev.h2j.frame.FrameParser#next(java.nio.ByteBuffer)}, which returns null when it needs more
 * input, and {@link dev.h2j.frame.FrameType#of(int)} for a code h2j does not know. Optional record
 * components ({@link dev.h2j.frame.HeadersFrame#priority()}) are {@link java.util.Optional}.
 *
 * <p>Thread safety: records, {@code ErrorCode}, {@code SettingId} and {@code FrameType} are immutable;
 * {@code FrameParser}, {@code FrameWriter} and {@code FrameBuffer} are not thread-safe and have one owner
 * at a time.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113">RFC 9113</a>
 */
package dev.h2j.frame;
