package gateway.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.proxy.cache.HeadFreshening.Outcome;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 9111 section 4.3.5: a HEAD's 200 against the stored GET response (a 4-byte body). */
class HeadFresheningTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final String LM = HttpDates.format(T);

    private static Outcome compare(Fields stored, String... head) {
        StoredResponse response = new StoredResponse("http://a.test/x", Map.of(), 200, "OK", stored, T, T,
                StoredBody.onHeap("body".getBytes()));
        return HeadFreshening.compare(Fields.of(head), response);
    }

    @Test
    void section4_3_5_theSameEntityTagAndLengthUpdate() {
        Fields stored = Fields.of("ETag", "\"v1\"", "Last-Modified", LM);
        assertThat(compare(stored, "ETag", "\"v1\"", "Content-Length", "4")).isEqualTo(Outcome.UPDATE);
        assertThat(compare(stored, "ETag", "\"v1\"")).isEqualTo(Outcome.UPDATE);
    }

    @Test
    void section4_3_5_anotherEntityTagOrLengthInvalidates() {
        Fields stored = Fields.of("ETag", "\"v1\"", "Last-Modified", LM);
        assertThat(compare(stored, "ETag", "\"v2\"", "Content-Length", "4")).isEqualTo(Outcome.INVALIDATE);
        assertThat(compare(stored, "ETag", "\"v1\"", "Content-Length", "5")).isEqualTo(Outcome.INVALIDATE);
        assertThat(compare(stored, "ETag", "\"v1\"", "Content-Length", "four")).isEqualTo(Outcome.INVALIDATE);
        assertThat(compare(stored, "Last-Modified", LM)).as("the HEAD lost the ETag").isEqualTo(Outcome.INVALIDATE);
    }

    @Test
    void section4_3_5_withoutEntityTagsLastModifiedDecides() {
        Fields stored = Fields.of("Last-Modified", LM);
        assertThat(compare(stored, "Last-Modified", LM, "Content-Length", "4")).isEqualTo(Outcome.UPDATE);
        assertThat(compare(stored, "Last-Modified", HttpDates.format(T.plusSeconds(1))))
                .isEqualTo(Outcome.INVALIDATE);
        assertThat(compare(stored, "Content-Length", "4")).as("no validator to agree on")
                .isEqualTo(Outcome.INVALIDATE);
        assertThat(compare(Fields.of(), "Content-Length", "4")).isEqualTo(Outcome.INVALIDATE);
    }
}
