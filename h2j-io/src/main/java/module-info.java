/**
 * h2j's I/O drivers: they move bytes between sockets and the sans-I/O {@link dev.h2j.H2Connection}.
 *
 * <p>Depends on the h2j core and the JDK only. {@link dev.h2j.io} holds what the server and the client
 * share, such as the TLS rules of RFC 9113 §9.2; {@link dev.h2j.io.server} is the NIO server
 * ({@link dev.h2j.io.server.H2Server}) and {@link dev.h2j.io.client} the client
 * ({@link dev.h2j.io.client.H2Client}).
 */
module dev.h2j.io {
    requires transitive dev.h2j;

    exports dev.h2j.io;
    exports dev.h2j.io.client;
    exports dev.h2j.io.server;
}
