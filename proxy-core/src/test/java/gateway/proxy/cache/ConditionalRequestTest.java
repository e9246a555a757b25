package gateway.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 9111 section 4.3.2 with the conditions of RFC 9110 sections 13.1.2 and 13.1.3. */
class ConditionalRequestTest {
    private static final String LM = HttpDates.format(Instant.parse("2026-01-01T00:00:00Z"));
    private static final Fields STORED = Fields.of("ETag", "\"v1\"", "Last-Modified", LM);

    @Test
    void rfc9110_13_1_2_ifNoneMatchUsesWeakComparison() {
        assertThat(ConditionalRequest.notModified(Fields.of("If-None-Match", "\"v0\", W/\"v1\""), STORED)).isTrue();
        assertThat(ConditionalRequest.notModified(Fields.of("If-None-Match", "\"v2\""), STORED)).isFalse();
        assertThat(ConditionalRequest.notModified(Fields.of("If-None-Match", "*"), STORED)).isTrue();
    }

    @Test
    void rfc9110_13_1_3_ifModifiedSinceIsIgnoredWhenIfNoneMatchIsPresent() {
        Fields request = Fields.of("If-None-Match", "\"v2\"", "If-Modified-Since", LM);
        assertThat(ConditionalRequest.notModified(request, STORED)).isFalse();
    }

    @Test
    void rfc9110_13_1_3_ifModifiedSinceComparesLastModified() {
        assertThat(ConditionalRequest.notModified(Fields.of("If-Modified-Since", LM), STORED)).isTrue();
        String earlier = HttpDates.format(Instant.parse("2025-12-31T00:00:00Z"));
        assertThat(ConditionalRequest.notModified(Fields.of("If-Modified-Since", earlier), STORED)).isFalse();
        assertThat(ConditionalRequest.notModified(Fields.of("If-Modified-Since", "garbage"), STORED)).isFalse();
    }

    @Test
    void onlyPlainConditionsAreEvaluatedByTheCache() {
        assertThat(ConditionalRequest.evaluable(Fields.of("If-None-Match", "\"v1\""))).isTrue();
        assertThat(ConditionalRequest.evaluable(Fields.of("If-None-Match", "\"v1\"", "If-Match", "\"v1\""))).isFalse();
        assertThat(ConditionalRequest.evaluable(Fields.of("If-Range", "\"v1\""))).isFalse();
        assertThat(ConditionalRequest.evaluable(Fields.of())).isFalse();
    }
}
