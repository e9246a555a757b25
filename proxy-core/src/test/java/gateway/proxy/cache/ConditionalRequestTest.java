package gateway.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.proxy.cache.ConditionalRequest.Verdict;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 9111 section 4.3.2 with the preconditions of RFC 9110 sections 13.1 and 13.2. */
class ConditionalRequestTest {
    private static final Instant MODIFIED = Instant.parse("2026-01-01T00:00:00Z");
    private static final String LM = HttpDates.format(MODIFIED);
    private static final String EARLIER = HttpDates.format(MODIFIED.minusSeconds(86_400));
    private static final String LATER = HttpDates.format(MODIFIED.plusSeconds(86_400));
    private static final Fields STORED = Fields.of("ETag", "\"v1\"", "Last-Modified", LM);

    private static Verdict evaluate(String... request) {
        return ConditionalRequest.evaluate(Fields.of(request), 200, STORED);
    }

    @Test
    void rfc9110_13_1_2_ifNoneMatchUsesWeakComparison() {
        assertThat(ConditionalRequest.notModified(Fields.of("If-None-Match", "\"v0\", W/\"v1\""), STORED)).isTrue();
        assertThat(ConditionalRequest.notModified(Fields.of("If-None-Match", "\"v2\""), STORED)).isFalse();
        assertThat(ConditionalRequest.notModified(Fields.of("If-None-Match", "*"), STORED)).isTrue();
        assertThat(ConditionalRequest.notModified(Fields.of("If-None-Match", "v1, \"v1"), STORED)).isFalse();
    }

    @Test
    void rfc9110_13_1_3_ifModifiedSinceIsIgnoredWhenIfNoneMatchIsPresent() {
        Fields request = Fields.of("If-None-Match", "\"v2\"", "If-Modified-Since", LM);
        assertThat(ConditionalRequest.notModified(request, STORED)).isFalse();
    }

    @Test
    void rfc9110_13_1_3_ifModifiedSinceComparesLastModified() {
        assertThat(ConditionalRequest.notModified(Fields.of("If-Modified-Since", LM), STORED)).isTrue();
        assertThat(ConditionalRequest.notModified(Fields.of("If-Modified-Since", EARLIER), STORED)).isFalse();
        assertThat(ConditionalRequest.notModified(Fields.of("If-Modified-Since", "garbage"), STORED)).isFalse();
    }

    @Test
    void rfc9110_13_1_1_ifMatchUsesStrongComparison() {
        assertThat(evaluate("If-Match", "\"v1\"")).isEqualTo(Verdict.SERVE);
        assertThat(evaluate("If-Match", "\"a,b\", \"v1\"")).isEqualTo(Verdict.SERVE);
        assertThat(evaluate("If-Match", "\"v0\"", "If-Match", "\"v1\"")).isEqualTo(Verdict.SERVE);
        assertThat(evaluate("If-Match", "*")).isEqualTo(Verdict.SERVE);
        assertThat(evaluate("If-Match", "W/\"v1\"")).isEqualTo(Verdict.PRECONDITION_FAILED);
        assertThat(evaluate("If-Match", "\"v2\"")).isEqualTo(Verdict.PRECONDITION_FAILED);
        assertThat(ConditionalRequest.evaluate(Fields.of("If-Match", "\"v1\""), 200, Fields.of("ETag", "W/\"v1\"")))
                .as("a weak stored tag never matches strongly").isEqualTo(Verdict.PRECONDITION_FAILED);
        assertThat(ConditionalRequest.evaluate(Fields.of("If-Match", "\"v1\""), 200, Fields.of()))
                .as("no stored ETag").isEqualTo(Verdict.PRECONDITION_FAILED);
    }

    @Test
    void rfc9110_13_1_1_malformedIfMatchMatchesNothing() {
        for (String bad : new String[] {"v1", "\"v1", "v1\"", ",,,", "", "W/", "W/v1", "\"v\"1\"", "* , \"x\""}) {
            assertThat(evaluate("If-Match", bad)).as(bad).isEqualTo(Verdict.PRECONDITION_FAILED);
        }
    }

    @Test
    void rfc9110_13_1_4_ifUnmodifiedSinceFailsWhenModifiedAfterTheDate() {
        assertThat(evaluate("If-Unmodified-Since", EARLIER)).isEqualTo(Verdict.PRECONDITION_FAILED);
        assertThat(evaluate("If-Unmodified-Since", LM)).isEqualTo(Verdict.SERVE);
        assertThat(evaluate("If-Unmodified-Since", LATER)).isEqualTo(Verdict.SERVE);
    }

    @Test
    void rfc9110_13_1_4_invalidDatesAndMissingLastModifiedAreIgnored() {
        assertThat(evaluate("If-Unmodified-Since", "garbage")).isEqualTo(Verdict.SERVE);
        assertThat(evaluate("If-Unmodified-Since", EARLIER + ", " + EARLIER)).isEqualTo(Verdict.SERVE);
        assertThat(ConditionalRequest.evaluate(Fields.of("If-Unmodified-Since", EARLIER), 200,
                Fields.of("ETag", "\"v1\""))).isEqualTo(Verdict.SERVE);
    }

    @Test
    void rfc9110_13_2_2_ifMatchTakesPrecedenceOverIfUnmodifiedSince() {
        assertThat(evaluate("If-Match", "\"v1\"", "If-Unmodified-Since", EARLIER)).isEqualTo(Verdict.SERVE);
    }

    @Test
    void rfc9110_13_2_2_failedPreconditionsComeBeforeNotModified() {
        assertThat(evaluate("If-Match", "\"v2\"", "If-None-Match", "\"v1\"")).isEqualTo(Verdict.PRECONDITION_FAILED);
        assertThat(evaluate("If-Unmodified-Since", EARLIER, "If-Modified-Since", LATER))
                .isEqualTo(Verdict.PRECONDITION_FAILED);
        assertThat(evaluate("If-Match", "\"v1\"", "If-None-Match", "\"v1\"")).isEqualTo(Verdict.NOT_MODIFIED);
        assertThat(evaluate("If-Unmodified-Since", LATER, "If-Modified-Since", LATER)).isEqualTo(Verdict.NOT_MODIFIED);
        assertThat(evaluate()).isEqualTo(Verdict.SERVE);
    }

    @Test
    void rfc9110_13_2_1_preconditionsDoNotApplyToAStoredNon2xx() {
        assertThat(ConditionalRequest.evaluate(Fields.of("If-Match", "\"v2\""), 404, STORED)).isEqualTo(Verdict.SERVE);
        assertThat(ConditionalRequest.evaluate(Fields.of("If-None-Match", "\"v1\""), 301, STORED))
                .isEqualTo(Verdict.SERVE);
    }
}
