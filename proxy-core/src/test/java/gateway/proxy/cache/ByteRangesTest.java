package gateway.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9110 section 14: the Range field against a complete stored object of 100 bytes. */
class ByteRangesTest {

    private static List<ByteRange> parse(String header) {
        return ByteRanges.parse(header, 100);
    }

    private static ByteRange r(long first, long last) {
        return new ByteRange(first, last, 100);
    }

    @Test
    void rfc9110_14_1_2_singleRangesResolveAgainstTheLength() {
        assertThat(parse("bytes=0-9")).containsExactly(r(0, 9));
        assertThat(parse("bytes=90-")).containsExactly(r(90, 99));
        assertThat(parse("bytes=-10")).containsExactly(r(90, 99));
        assertThat(parse("bytes=-500")).containsExactly(r(0, 99));
        assertThat(parse("bytes=95-200")).containsExactly(r(95, 99));
        assertThat(parse("Bytes = 95-200").get(0).contentRange()).isEqualTo("bytes 95-99/100");
    }

    @Test
    void rfc9110_14_1_2_hugePositionsSaturateInsteadOfFailing() {
        assertThat(parse("bytes=0-99999999999999999999999")).containsExactly(r(0, 99));
        assertThat(parse("bytes=99999999999999999999999-")).containsExactly(ByteRange.UNSATISFIABLE);
    }

    @Test
    void rfc9110_14_1_1_invalidRangeFieldsAreIgnored() {
        for (String bad : new String[] {"items=0-1", "bytes=9-3", "bytes=x-3", "bytes=+1-2", "bytes=1--2",
                "bytes=1-2-3", "bytes=-", "bytes=", "bytes=,", "bytes 0-1", "bytes=0-1,x", "bytes=0x10-",
                "bytes=-+5", "bytes=\u0660-5", ""}) {
            assertThat(parse(bad)).as(bad).isNull();
        }
        assertThat(parse(null)).isNull();
    }

    @Test
    void rfc9110_15_5_17_noSatisfiableRangeIs416() {
        assertThat(parse("bytes=100-")).containsExactly(ByteRange.UNSATISFIABLE);
        assertThat(parse("bytes=-0")).containsExactly(ByteRange.UNSATISFIABLE);
        assertThat(parse("bytes=100-110, 200-")).containsExactly(ByteRange.UNSATISFIABLE);
        assertThat(ByteRanges.parse("bytes=0-0", 0)).containsExactly(ByteRange.UNSATISFIABLE);
        assertThat(ByteRanges.parse("bytes=-5", 0)).containsExactly(ByteRange.UNSATISFIABLE);
    }

    /** Against 1000 bytes, where ranges far enough apart stay separate parts. */
    private static List<ByteRange> parse1000(String header) {
        return ByteRanges.parse(header, 1000);
    }

    private static ByteRange k(long first, long last) {
        return new ByteRange(first, last, 1000);
    }

    @Test
    void rfc9110_14_2_severalRangesKeepTheirOrderAndDropUnsatisfiableOnes() {
        assertThat(parse1000("bytes=0-1,,500-559")).containsExactly(k(0, 1), k(500, 559));
        assertThat(parse1000("bytes=-10, 0-1")).containsExactly(k(990, 999), k(0, 1));
        assertThat(parse1000("bytes=0-1, 5000-6000")).containsExactly(k(0, 1));
    }

    @Test
    void rfc9110_15_3_7_2_overlappingAndNearbyRangesAreCoalesced() {
        assertThat(parse1000("bytes=500-559, 0-9, 5-20")).containsExactly(k(0, 20), k(500, 559));
        assertThat(parse1000("bytes=0-0,0-0,0-0,0-0")).containsExactly(k(0, 0));
        assertThat(parse1000("bytes=0-9, 30-39")).as("a gap smaller than a part's header").containsExactly(k(0, 39));
        assertThat(parse1000("bytes=0-9, 500-509")).containsExactly(k(0, 9), k(500, 509));
    }

    @Test
    void rfc9110_14_2_tooManyRangesAreIgnored() {
        StringBuilder many = new StringBuilder("bytes=0-0");
        for (int i = 1; i < ByteRanges.MAX_RANGES; i++) {
            many.append(',').append(i * 200).append('-').append(i * 200);
        }
        assertThat(ByteRanges.parse(many.toString(), 10_000)).hasSize(ByteRanges.MAX_RANGES);
        assertThat(ByteRanges.parse(many.append(",9000-9001").toString(), 10_000)).isNull();
    }
}
