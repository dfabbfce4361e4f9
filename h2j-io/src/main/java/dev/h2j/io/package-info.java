/**
 * What h2j's server and client drivers share: the TLS and ALPN rules of RFC 9113 §9.2 ({@link dev.h2j.io.Tls}).
 */
package dev.h2j.io;
