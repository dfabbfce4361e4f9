package dev.h2j.cli.serve;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** HTTP-date (RFC 9110 §5.6.7): IMF-fixdate to send, all three formats to receive. */
final class HttpDates {
    /** IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /** The obsolete RFC 850 form, {@code Sunday, 06-Nov-94 08:49:37 GMT}: two-digit years within 50 years of now. */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).minusYears(50))
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US).withZone(ZoneOffset.UTC);
    /** The obsolete asctime form, {@code Sun Nov  6 08:49:37 1994}. */
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    /** Formats milliseconds since the epoch as IMF-fixdate, whole seconds. */
    static String format(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Parses any of the three forms; empty if the value is none of them (RFC 9110 §13.1.3: then ignored). */
    static Optional<Long> parseSeconds(String value) {
        for (DateTimeFormatter format : List.of(IMF_FIXDATE, RFC_850, ASCTIME)) {
            try {
                return Optional.of(Instant.from(format.parse(value.strip())).getEpochSecond());
            } catch (DateTimeParseException e) {
                // Try the next form.
            }
        }
        return Optional.empty();
    }
}
