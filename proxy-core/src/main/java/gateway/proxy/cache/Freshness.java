package gateway.proxy.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.Set;

/**
 * Freshness lifetime and current age of a stored response (RFC 9111 section 4.2), for a shared
 * cache: s-maxage first, then max-age, then Expires minus Date, then a heuristic of a tenth of
 * the time since Last-Modified, capped.
 */
public final class Freshness {
    /** Status codes heuristically cacheable by default (RFC 9110 section 15.1). */
    static final Set<Integer> HEURISTIC_STATUSES = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);
    private final Duration heuristicCap;

    public Freshness(Duration heuristicCap) {
        this.heuristicCap = heuristicCap;
    }

    /** RFC 9111 section 4.2.1. */
    public Duration lifetime(int status, Fields response, Instant responseTime) {
        CacheControl cc = CacheControl.parse(response);
        OptionalLong s = cc.seconds("s-maxage");
        if (s.isPresent()) {
            return Duration.ofSeconds(s.getAsLong());
        }
        OptionalLong max = cc.seconds("max-age");
        if (max.isPresent()) {
            return Duration.ofSeconds(max.getAsLong());
        }
        Instant date = dateOr(response, responseTime);
        if (response.contains("Expires")) {
            Instant expires = HttpDates.parse(response.get("Expires"));
            if (expires == null) {
                return Duration.ZERO; // invalid Expires means already expired (5.3)
            }
            Duration d = Duration.between(date, expires);
            return d.isNegative() ? Duration.ZERO : d;
        }
        // 4.2.2: heuristics only without explicit freshness, for heuristically cacheable or public responses.
        if (HEURISTIC_STATUSES.contains(status) || cc.has("public")) {
            Instant lastModified = HttpDates.parse(response.get("Last-Modified"));
            if (lastModified != null && lastModified.isBefore(date)) {
                // in milliseconds: Duration.dividedBy goes through BigDecimal, on every hit
                Duration tenth = Duration.ofMillis(Duration.between(lastModified, date).toMillis() / 10);
                return tenth.compareTo(heuristicCap) > 0 ? heuristicCap : tenth;
            }
        }
        return Duration.ZERO;
    }

    private static final Pattern AGE = Pattern.compile("[0-9]{1,12}");

    /** RFC 9111 section 4.2.3. */
    public static Duration currentAge(Fields response, Instant requestTime, Instant responseTime, Instant now) {
        Instant date = dateOr(response, responseTime);
        Duration apparentAge = max(Duration.ZERO, Duration.between(date, responseTime));
        long ageValue = 0;
        String age = response.get("Age");
        if (age != null && AGE.matcher(age.trim()).matches()) {
            ageValue = Long.parseLong(age.trim());
        }
        Duration responseDelay = max(Duration.ZERO, Duration.between(requestTime, responseTime));
        Duration correctedAgeValue = Duration.ofSeconds(ageValue).plus(responseDelay);
        Duration correctedInitialAge = max(apparentAge, correctedAgeValue);
        Duration residentTime = max(Duration.ZERO, Duration.between(responseTime, now));
        return correctedInitialAge.plus(residentTime);
    }

    private static Instant dateOr(Fields response, Instant fallback) {
        Instant date = HttpDates.parse(response.get("Date"));
        return date == null ? fallback : date;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
