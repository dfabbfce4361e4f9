package dev.h2j.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The RFC 9110 and RFC 3986 rules the static file handler applies, one by one. */
class HttpRulesTest {

    /** The range parsed from {@code spec} for a file of {@code size} octets, or null when it is ignored. */
    static long[] range(String spec, long size) {
        return StaticFiles.parseRange(spec, size).orElse(null);
    }

    @Test
    void oneByteRangeOfEachForm() {
        // RFC 9110 §14.1.2: first-last, first-, -suffix; the last position is clipped to the file.
        assertThat(range("bytes=0-9", 100)).containsExactly(0, 9);
        assertThat(range("bytes=90-", 100)).containsExactly(90, 99);
        assertThat(range("bytes=-5", 100)).containsExactly(95, 99);
        assertThat(range("bytes=-500", 100)).containsExactly(0, 99);
        assertThat(range("Bytes=5-500", 100)).containsExactly(5, 99);
        assertThat(range("BYTES = 5-500", 100)).isNull();
    }

    @Test
    void unsatisfiableRangesAreEmptyArrays() {
        // RFC 9110 §15.5.17: a first position past the end, a zero suffix, any range of an empty file.
        assertThat(range("bytes=100-", 100)).isEmpty();
        assertThat(range("bytes=100-200", 100)).isEmpty();
        assertThat(range("bytes=-0", 100)).isEmpty();
        assertThat(range("bytes=0-", 0)).isEmpty();
    }

    @Test
    void rangesThatAreIgnored() {
        // RFC 9110 §14.2: other units, several ranges, and invalid specs make the header ignored (200).
        assertThat(range("items=0-1", 100)).isNull();
        assertThat(range("bytes=0-1,5-6", 100)).isNull();
        assertThat(range("bytes=9-1", 100)).isNull();
        assertThat(range("bytes=-", 100)).isNull();
        assertThat(range("bytes=a-b", 100)).isNull();
        assertThat(range("bytes=5", 100)).isNull();
    }

    @Test
    void ifNoneMatchComparesWeakly() {
        // RFC 9110 §8.8.3.2: weak comparison ignores W/; * matches any current representation.
        assertThat(StaticFiles.matchesWeakly("\"1-2\"", "\"1-2\"")).isTrue();
        assertThat(StaticFiles.matchesWeakly("W/\"1-2\"", "\"1-2\"")).isTrue();
        assertThat(StaticFiles.matchesWeakly("\"x\", \"1-2\"", "\"1-2\"")).isTrue();
        assertThat(StaticFiles.matchesWeakly("*", "\"1-2\"")).isTrue();
        assertThat(StaticFiles.matchesWeakly("\"1-3\"", "\"1-2\"")).isFalse();
    }

    @Test
    void percentDecodingIsStrictUtf8() {
        assertThat(StaticFiles.percentDecode("/a%20b/%C3%BC")).contains("/a b/ü");
        assertThat(StaticFiles.percentDecode("/%2e%2e/x")).contains("/../x");
        assertThat(StaticFiles.percentDecode("/%zz")).isEmpty();
        assertThat(StaticFiles.percentDecode("/%4")).isEmpty();
        assertThat(StaticFiles.percentDecode("/%C3")).isEmpty();
        assertThat(StaticFiles.percentDecode("/%FF")).isEmpty();
        assertThat(StaticFiles.percentEncode("a b ü/")).isEqualTo("a%20b%20%C3%BC/");
    }

    @Test
    void httpDatesInAllThreeForms() {
        // RFC 9110 §5.6.7: IMF-fixdate is sent; IMF-fixdate, RFC 850 and asctime are all accepted.
        long seconds = 784_111_777L;
        assertThat(HttpDates.format(seconds * 1000)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDates.parseSeconds("Sun, 06 Nov 1994 08:49:37 GMT")).contains(seconds);
        assertThat(HttpDates.parseSeconds("Sunday, 06-Nov-94 08:49:37 GMT")).contains(seconds);
        assertThat(HttpDates.parseSeconds("Sun Nov  6 08:49:37 1994")).contains(seconds);
        assertThat(HttpDates.parseSeconds("6 Nov 1994")).isEmpty();
    }

    @Test
    void contentTypesByExtension() {
        assertThat(ContentTypes.of("index.HTML")).isEqualTo("text/html; charset=utf-8");
        assertThat(ContentTypes.of("module.wasm")).isEqualTo("application/wasm");
        assertThat(ContentTypes.of("font.woff2")).isEqualTo("font/woff2");
        assertThat(ContentTypes.of("Makefile")).isEqualTo(ContentTypes.UNKNOWN);
        assertThat(ContentTypes.of("archive.")).isEqualTo(ContentTypes.UNKNOWN);
    }
}
