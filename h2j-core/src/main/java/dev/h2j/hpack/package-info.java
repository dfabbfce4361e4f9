/**
 * HPACK, the header compression of HTTP/2 (RFC 7541): a codec with no connection state of its own.
 *
 * <p>The main types:
 * <ul>
 *   <li>{@link dev.h2j.hpack.HeaderField}: one header field, name and value as octets;</li>
 *   <li>{@link dev.h2j.hpack.HpackEncoder}: header lists to header blocks, configured by an
 *       {@link dev.h2j.hpack.IndexingPolicy} and a {@link dev.h2j.hpack.HuffmanPolicy};</li>
 *   <li>{@link dev.h2j.hpack.HpackDecoder}: header blocks to fields, handed to a
 *       {@link dev.h2j.hpack.HeaderSink};</li>
 *   <li>{@link dev.h2j.hpack.HpackException} (connection error, COMPRESSION_ERROR) and
 *       {@link dev.h2j.hpack.HeaderListSizeException} (stream error).</li>
 * </ul>
 *
 * <p>Encoders and decoders are not thread-safe; each serves one direction of one connection.
 * {@code HeaderField}s are immutable and may be shared.
 *
 * <p>Null policy: no method accepts null; passing null throws {@link java.lang.NullPointerException}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7541">RFC 7541</a>
 */
package dev.h2j.hpack;
