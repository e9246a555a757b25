package gateway.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per RFC 9111 behaviour; time is a fixed clock, never the wall clock. */
class CacheStrategyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DATE = HttpDates.format(T0);
    private static final Fields PLAIN_REQUEST = Fields.of("Host", "a.test");

    private static CacheStrategy at(Instant now) {
        return new CacheStrategy(new Freshness(Duration.ofDays(1)), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static StoredResponse stored(String... headers) {
        return new StoredResponse("http://a.test/", Map.of(), 200, "OK", Fields.of(headers), T0, T0,
                StoredBody.onHeap(new byte[0]));
    }

    private static CacheDecision decide(Instant now, Fields request, StoredResponse stored) {
        return at(now).decide("GET", request, stored);
    }

    @Test
    void section4_2_1_maxAgeFreshThenStale() {
        StoredResponse r = stored("Date", DATE, "Cache-Control", "max-age=60", "ETag", "\"v1\"");
        assertThat(decide(T0.plusSeconds(59), PLAIN_REQUEST, r)).isInstanceOf(CacheDecision.Serve.class);
        assertThat(decide(T0.plusSeconds(60), PLAIN_REQUEST, r)).isInstanceOf(CacheDecision.Validate.class);
    }

    @Test
    void section5_2_2_10_sMaxageOverridesMaxAgeInASharedCache() {
        StoredResponse r = stored("Date", DATE, "Cache-Control", "max-age=10, s-maxage=100");
        assertThat(decide(T0.plusSeconds(50), PLAIN_REQUEST, r)).isInstanceOf(CacheDecision.Serve.class);
    }

    @Test
    void section5_3_expiresMinusDate() {
        StoredResponse r = stored("Date", DATE, "Expires", HttpDates.format(T0.plusSeconds(30)));
        assertThat(decide(T0.plusSeconds(29), PLAIN_REQUEST, r)).isInstanceOf(CacheDecision.Serve.class);
        assertThat(decide(T0.plusSeconds(31), PLAIN_REQUEST, r)).isInstanceOf(CacheDecision.Fetch.class);
    }

    @Test
    void section5_3_invalidExpiresMeansExpired() {
        StoredResponse r = stored("Date", DATE, "Expires", "0", "ETag", "\"x\"");
        assertThat(decide(T0, PLAIN_REQUEST, r)).isInstanceOf(CacheDecision.Validate.class);
    }

    @Test
    void section4_2_2_heuristicIsATenthOfLastModifiedAge() {
        // Last-Modified 100 s before Date: heuristic lifetime 10 s
        StoredResponse r = stored("Date", DATE, "Last-Modified", HttpDates.format(T0.minusSeconds(100)));
        assertThat(decide(T0.plusSeconds(9), PLAIN_REQUEST, r)).isInstanceOf(CacheDecision.Serve.class);
        assertThat(decide(T0.plusSeconds(11), PLAIN_REQUEST, r)).isInstanceOf(CacheDecision.Validate.class);
    }

    @Test
    void section4_2_2_heuristicIsCapped() {
        StoredResponse r = stored("Date", DATE, "Last-Modified", HttpDates.format(T0.minus(Duration.ofDays(3650))));
        Freshness freshness = new Freshness(Duration.ofHours(1));
        assertThat(freshness.lifetime(200, r.headers(), T0)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void section4_2_3_ageHeaderAndResponseDelayCount() {
        Fields headers = Fields.of("Date", DATE, "Age", "30");
        // request sent 2 s before the response arrived, 10 s resident
        Duration age = Freshness.currentAge(headers, T0.minusSeconds(2), T0, T0.plusSeconds(10));
        assertThat(age).isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void section4_2_3_apparentAgeFromAnOldDate() {
        Fields headers = Fields.of("Date", HttpDates.format(T0.minusSeconds(100)));
        assertThat(Freshness.currentAge(headers, T0, T0, T0)).isEqualTo(Duration.ofSeconds(100));
    }

    @Test
    void section5_1_serveCarriesTheCurrentAge() {
        StoredResponse r = stored("Date", DATE, "Cache-Control", "max-age=60");
        CacheDecision.Serve serve = (CacheDecision.Serve) decide(T0.plusSeconds(7), PLAIN_REQUEST, r);
        assertThat(serve.age()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void section5_2_2_4_responseNoCacheAlwaysValidates() {
        StoredResponse r = stored("Date", DATE, "Cache-Control", "max-age=600, no-cache", "ETag", "\"a\"");
        assertThat(decide(T0, PLAIN_REQUEST, r)).isInstanceOf(CacheDecision.Validate.class);
    }

    @Test
    void section5_2_1_4_requestNoCacheValidates() {
        StoredResponse r = stored("Date", DATE, "Cache-Control", "max-age=600", "ETag", "\"a\"");
        assertThat(decide(T0, Fields.of("Cache-Control", "no-cache"), r)).isInstanceOf(CacheDecision.Validate.class);
    }

    @Test
    void section5_4_pragmaNoCacheWithoutCacheControlValidates() {
        StoredResponse r = stored("Date", DATE, "Cache-Control", "max-age=600", "ETag", "\"a\"");
        assertThat(decide(T0, Fields.of("Pragma", "no-cache"), r)).isInstanceOf(CacheDecision.Validate.class);
        assertThat(decide(T0, Fields.of("Pragma", "no-cache", "Cache-Control", "max-age=900"), r))
                .isInstanceOf(CacheDecision.Serve.class);
    }

    @Test
    void section5_2_1_1_requestMaxAgeLimitsAcceptableAge() {
        StoredResponse r = stored("Date", DATE, "Cache-Control", "max-age=600", "ETag", "\"a\"");
        assertThat(decide(T0.plusSeconds(20), Fields.of("Cache-Control", "max-age=10"), r))
                .isInstanceOf(CacheDecision.Validate.class);
    }

    @Test
    void section5_2_1_3_minFreshNeedsRemainingFreshness() {
        StoredResponse r = stored("Date", DATE, "Cache-Control", "max-age=60", "ETag", "\"a\"");
        assertThat(decide(T0.plusSeconds(30), Fields.of("Cache-Control", "min-fresh=40"), r))
                .isInstanceOf(CacheDecision.Validate.class);
    }

    @Test
    void section5_2_2_2_mustRevalidateStaleIsNeverServed() {
        StoredResponse r = stored("Date", DATE, "Cache-Control", "max-age=1, must-revalidate", "ETag", "\"a\"");
        assertThat(decide(T0.plusSeconds(5), Fields.of("Cache-Control", "max-stale=100"), r))
                .isInstanceOf(CacheDecision.Validate.class);
    }

    @Test
    void section5_2_2_8_proxyRevalidateStaleIsNeverServed() {
        StoredResponse r = stored("Date", DATE, "Cache-Control", "max-age=1, proxy-revalidate", "ETag", "\"a\"");
        assertThat(decide(T0.plusSeconds(5), PLAIN_REQUEST, r)).isInstanceOf(CacheDecision.Validate.class);
    }

    @Test
    void section4_3_1_conditionsFromEtagAndLastModified() {
        String lm = HttpDates.format(T0.minusSeconds(1000));
        StoredResponse r = stored("Date", DATE, "ETag", "\"v7\"", "Last-Modified", lm, "Cache-Control", "max-age=0");
        CacheDecision.Validate v = (CacheDecision.Validate) decide(T0.plusSeconds(1), PLAIN_REQUEST, r);
        assertThat(v.conditions().get("If-None-Match")).isEqualTo("\"v7\"");
        assertThat(v.conditions().get("If-Modified-Since")).isEqualTo(lm);
    }

    @Test
    void staleWithoutValidatorsIsFetched() {
        StoredResponse r = stored("Date", DATE, "Cache-Control", "max-age=1");
        assertThat(decide(T0.plusSeconds(5), PLAIN_REQUEST, r)).isInstanceOf(CacheDecision.Fetch.class);
    }

    @Test
    void section5_2_1_5_requestNoStoreBypassesTheCache() {
        StoredResponse r = stored("Date", DATE, "Cache-Control", "max-age=600");
        assertThat(decide(T0, Fields.of("Cache-Control", "no-store"), r)).isInstanceOf(CacheDecision.Fetch.class);
    }

    @Test
    void section4_3_4_a304RefreshesStoredHeadersButKeepsContentLength() {
        StoredResponse r = new StoredResponse("http://a.test/", Map.of(), 200, "OK",
                Fields.of("Date", DATE, "ETag", "\"a\"", "Cache-Control", "max-age=1", "Content-Length", "5",
                        "X-Kept", "yes"), T0, T0, StoredBody.onHeap("hello".getBytes()));
        Instant later = T0.plusSeconds(100);
        StoredResponse refreshed = r.refreshedBy(Fields.of("Date", HttpDates.format(later), "Cache-Control",
                "max-age=60", "Content-Length", "0"), later, later);
        assertThat(refreshed.headers().get("Cache-Control")).isEqualTo("max-age=60");
        assertThat(refreshed.headers().get("Content-Length")).isEqualTo("5");
        assertThat(refreshed.headers().get("X-Kept")).isEqualTo("yes");
        assertThat(decide(later.plusSeconds(30), PLAIN_REQUEST, refreshed)).isInstanceOf(CacheDecision.Serve.class);
    }

    @Test
    void rfc5861_staleIfErrorWindowAndWhatForbidsIt() {
        // stored at T0 with max-age=60: at T0+100 it is 40 s stale
        Instant later = T0.plusSeconds(100);
        CacheStrategy at = new CacheStrategy(new Freshness(Duration.ofDays(1)), Clock.fixed(later, ZoneOffset.UTC));
        record Case(String responseCacheControl, String requestCacheControl, boolean allowed) {
        }
        for (Case c : List.of(
                new Case("max-age=60, stale-if-error=60", null, true),
                new Case("max-age=60, stale-if-error=30", null, false), // 40 s stale is past the window
                new Case("max-age=60", "stale-if-error=50", true), // the request's own window (section 4)
                new Case("max-age=60", null, false),
                new Case("max-age=60, stale-if-error=60, must-revalidate", null, false), // RFC 9111 5.2.2.2
                new Case("max-age=60, stale-if-error=60, proxy-revalidate", null, false), // 5.2.2.8
                new Case("s-maxage=60, stale-if-error=60", null, false), // 5.2.2.10: implies proxy-revalidate
                new Case("max-age=60, stale-if-error=60, no-cache", null, false), // 5.2.2.4
                new Case("max-age=60, stale-if-error=60", "no-cache", false))) { // 5.2.1.4
            StoredResponse r = stored("Date", DATE, "Cache-Control", c.responseCacheControl());
            Fields request = c.requestCacheControl() == null ? PLAIN_REQUEST
                    : Fields.of("Cache-Control", c.requestCacheControl());
            assertThat(at.staleIfError(request, r)).as(c.toString()).isEqualTo(c.allowed());
        }
    }

    @Test
    void cacheControlParsingHandlesQuotesCaseAndBadNumbers() {
        CacheControl cc = CacheControl.parse(Fields.of("Cache-Control", "Max-Age=\"30\", no-cache=\"Set-Cookie, X\"",
                "Cache-Control", "s-maxage=abc"));
        assertThat(cc.seconds("max-age")).hasValue(30);
        assertThat(cc.directives().get("no-cache")).isEqualTo("Set-Cookie, X");
        assertThat(cc.seconds("s-maxage")).hasValue(0);
    }
}
