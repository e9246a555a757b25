package gateway.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 9110 section 13.1.5, with the strong Last-Modified rule of section 8.8.2.2. */
class IfRangeTest {
    private static final Instant MODIFIED = Instant.parse("2026-01-01T00:00:00Z");
    private static final String LM = HttpDates.format(MODIFIED);
    private static final Fields STORED = Fields.of("ETag", "\"v1\"", "Last-Modified", LM,
            "Date", HttpDates.format(MODIFIED.plusSeconds(60)));

    @Test
    void withoutIfRangeTheRangeApplies() {
        assertThat(IfRange.allowsRange(null, STORED)).isTrue();
    }

    @Test
    void rfc9110_13_1_5_entityTagMustMatchStrongly() {
        assertThat(IfRange.allowsRange("\"v1\"", STORED)).isTrue();
        assertThat(IfRange.allowsRange(" \"v1\" ", STORED)).isTrue();
        assertThat(IfRange.allowsRange("\"v2\"", STORED)).isFalse();
        assertThat(IfRange.allowsRange("W/\"v1\"", STORED)).isFalse();
        assertThat(IfRange.allowsRange("\"v1\"", Fields.of("ETag", "W/\"v1\""))).isFalse();
        assertThat(IfRange.allowsRange("\"v1\"", Fields.of())).isFalse();
    }

    @Test
    void rfc9110_13_1_5_dateMustEqualAStrongLastModified() {
        assertThat(IfRange.allowsRange(LM, STORED)).isTrue();
        assertThat(IfRange.allowsRange(HttpDates.format(MODIFIED.plusSeconds(1)), STORED)).isFalse();
        // Date within the second of Last-Modified: the validator is weak (8.8.2.2), never a match
        Fields weak = Fields.of("Last-Modified", LM, "Date", LM);
        assertThat(IfRange.allowsRange(LM, weak)).isFalse();
        assertThat(IfRange.allowsRange(LM, Fields.of("Last-Modified", LM))).isFalse();
    }

    @Test
    void rfc9110_13_1_5_malformedValuesSendTheWholeRepresentation() {
        for (String bad : new String[] {"", "garbage", "\"v1", "W/", "W/v1", "\"v1\", \"v2\"", "*",
                LM + ", " + LM, "\"v\u0001\""}) {
            assertThat(IfRange.allowsRange(bad, STORED)).as(bad).isFalse();
        }
    }
}
