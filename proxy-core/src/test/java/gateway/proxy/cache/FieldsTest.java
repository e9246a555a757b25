package gateway.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The packed form (stored responses) answers exactly like the flat one (requests in flight). */
class FieldsTest {
    private static final Fields FLAT = Fields.of("Cache-Control", "max-age=60, Public", "ETag", "\"x\"",
            "Vary", "Accept-Encoding", "cache-control", "no-transform", "X-Name", "caf\u00e9 cr\u00e8me", "Empty", "");

    @Test
    void packedLooksUpLikeFlatIgnoringCase() {
        Fields packed = FLAT.packed();
        for (String name : List.of("cache-control", "CACHE-CONTROL", "etag", "Vary", "x-name", "empty", "Missing",
                "Cache-Contro", "Cache-Controls")) {
            assertThat(packed.get(name)).as(name).isEqualTo(FLAT.get(name));
            assertThat(packed.getAll(name)).as(name).isEqualTo(FLAT.getAll(name));
            assertThat(packed.contains(name)).as(name).isEqualTo(FLAT.contains(name));
        }
        assertThat(packed.tokens("Cache-Control")).containsExactly("max-age=60", "public", "no-transform");
        assertThat(packed.get("X-Name")).isEqualTo("caf\u00e9 cr\u00e8me");
        assertThat(packed.forEachPacked((b, n, nl, v, vl) -> { })).isTrue();
        assertThat(packed.get("Empty")).isEmpty();
    }

    @Test
    void packedKeepsOrderSizeAndEquality() {
        Fields packed = FLAT.packed();
        assertThat(packed.entries()).isEqualTo(FLAT.entries());
        assertThat(packed.size()).isEqualTo(6);
        assertThat(packed).isEqualTo(FLAT).hasSameHashCodeAs(FLAT);
        assertThat(packed.packed()).isSameAs(packed);
    }

    @Test
    void updatesAndRemovalsWorkOnThePackedForm() {
        Fields packed = FLAT.packed();
        Fields updated = packed.updatedBy(Fields.of("Cache-Control", "max-age=5", "Content-Length", "0"));
        assertThat(updated.getAll("Cache-Control")).containsExactly("max-age=5");
        assertThat(updated.contains("Content-Length")).isFalse();
        assertThat(packed.without("etag", "VARY").entries()).extracting("key")
                .containsExactly("Cache-Control", "cache-control", "X-Name", "Empty");
    }

    @Test
    void textBeyondLatin1StaysFlatAndIntact() {
        Fields odd = Fields.of("X-Snow", "\u2603").packed();
        assertThat(odd.forEachPacked((b, n, nl, v, vl) -> { })).isFalse();
        assertThat(odd.get("x-snow")).isEqualTo("\u2603");
    }

    @Test
    void packedBytesAreTheFieldsAsOnTheWire() {
        StringBuilder seen = new StringBuilder();
        FLAT.packed().forEachPacked((b, nameAt, nameLength, valueAt, valueLength) -> seen
                .append(new String(b, nameAt, nameLength, java.nio.charset.StandardCharsets.ISO_8859_1)).append(": ")
                .append(new String(b, valueAt, valueLength, java.nio.charset.StandardCharsets.ISO_8859_1)).append('|'));
        assertThat(seen.toString()).isEqualTo("Cache-Control: max-age=60, Public|ETag: \"x\"|Vary: Accept-Encoding|"
                + "cache-control: no-transform|X-Name: caf\u00e9 cr\u00e8me|Empty: |");
    }

    @Test
    void packedWeighsLessThanFlat() {
        assertThat(FLAT.packed().weight()).isLessThan(FLAT.weight());
    }
}
