package dev.h2j.io.client;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a connection goes: scheme, host and port of an {@code http} or {@code https} URI (RFC 9110
 * §4.3.1), with the {@code :authority} requests on it carry.
 */
record Origin(String scheme, String host, int port, String authority) {

    /** Checks that a URI can be fetched: absolute, http or https, with a host; returns it. */
    static URI check(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http or https URI: " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the URI has no host: " + uri);
        }
        return uri;
    }

    /** The origin of a URI that {@link #check(URI)} accepts. */
    static Origin of(URI uri) {
        check(uri);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        // RFC 9113 §8.3.1: :authority leaves out the deprecated userinfo.
        String authority = uri.getPort() >= 0 ? host + ":" + port : host;
        return new Origin(scheme, host, port, authority);
    }

    /** Whether a request for this origin may go on a connection to {@code other} (RFC 9110 §4.3.1). */
    boolean sameAs(Origin other) {
        return scheme.equals(other.scheme) && host.equals(other.host) && port == other.port;
    }

    /** Whether requests go over TLS. */
    boolean secure() {
        return scheme.equals("https");
    }

    /** The host for a socket address: an IPv6 literal without its brackets. */
    String socketHost() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The origin as text, such as {@code https://example.com:443}. */
    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port;
    }
}
