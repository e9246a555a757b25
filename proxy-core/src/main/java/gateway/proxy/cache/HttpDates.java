package gateway.proxy.cache;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * IMF-fixdate parsing and formatting (RFC 9110 section 5.6.7); a bad date parses as null. Parsed
 * values are remembered (a stored response's Date and Last-Modified are read on every hit, and
 * java.time parsing is slow); the memo is simply dropped when it grows large.
 */
public final class HttpDates {
    private static final int MEMO_LIMIT = 4096;
    private static final Instant INVALID = Instant.MIN;
    private static final java.util.concurrent.ConcurrentHashMap<String, Instant> MEMO =
            new java.util.concurrent.ConcurrentHashMap<>();

    private HttpDates() {
    }

    public static Instant parse(String value) {
        if (value == null) {
            return null;
        }
        Instant known = MEMO.get(value);
        if (known == null) {
            try {
                known = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                known = INVALID;
            }
            if (MEMO.size() >= MEMO_LIMIT) {
                MEMO.clear();
            }
            MEMO.put(value, known);
        }
        return known == INVALID ? null : known;
    }

    public static String format(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
    }
}
