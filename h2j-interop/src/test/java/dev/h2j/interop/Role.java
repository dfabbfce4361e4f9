package dev.h2j.interop;

/** Which side of the connection the peer plays. */
public enum Role {
    /** The peer is the client; h2j serves ({@link InteropServer}). */
    CLIENT,
    /** The peer serves; h2j is the client ({@link ClientScenarios}). */
    SERVER
}
