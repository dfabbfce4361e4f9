package dev.h2j.internal;

/**
 * The internal event a header-carrying transition of the stream FSM produces: which kind of field
 * block it is, and so which validation rules of RFC 9113 §8 apply to it.
 */
enum HeaderKind {
    /** The field block that opens a request (RFC 9113 §8.3.1). */
    REQUEST,
    /** The request a server promises in PUSH_PROMISE (RFC 9113 §8.4): a request that must be safe. */
    PUSH_PROMISE,
    /** A final response, status 200 to 599 (RFC 9113 §8.3.2). */
    RESPONSE,
    /** An interim response, status 100 to 199 except 101 (RFC 9113 §8.1). */
    INFORMATIONAL,
    /** Trailers: the field block that ends a message after its content (RFC 9113 §8.1). */
    TRAILERS,
}
