package gateway.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VaryInvalidationTest {

    @Test
    void section4_1_varyMatchesOnNormalisedValues() {
        Fields response = Fields.of("Vary", "Accept-Encoding, Accept-Language");
        Map<String, String> key = VaryKey.of(response, Fields.of("Accept-Encoding", "gzip,  br", "Accept-Language", "de"));
        assertThat(VaryKey.matches(key, Fields.of("accept-encoding", "gzip, br", "Accept-Language", "de"))).isTrue();
        assertThat(VaryKey.matches(key, Fields.of("Accept-Encoding", "identity", "Accept-Language", "de"))).isFalse();
        assertThat(VaryKey.matches(key, Fields.of("Accept-Encoding", "gzip, br"))).isFalse();
    }

    @Test
    void section4_1_absentFieldMatchesAbsentField() {
        Map<String, String> key = VaryKey.of(Fields.of("Vary", "Cookie"), Fields.of());
        assertThat(VaryKey.matches(key, Fields.of())).isTrue();
        assertThat(VaryKey.matches(key, Fields.of("Cookie", "a=1"))).isFalse();
    }

    @Test
    void section4_4_unsafeMethodInvalidatesTargetAndSameOriginLocations() {
        assertThat(Invalidation.targets("POST", "http://a.test/list", 201,
                Fields.of("Location", "/item/7", "Content-Location", "http://other.test/x")))
                .containsExactly("http://a.test/list", "http://a.test/item/7");
    }

    @Test
    void section4_4_errorsAndSafeMethodsInvalidateNothing() {
        assertThat(Invalidation.targets("DELETE", "http://a.test/x", 500, Fields.of())).isEmpty();
        assertThat(Invalidation.targets("GET", "http://a.test/x", 200, Fields.of())).isEmpty();
        assertThat(Invalidation.targets("PUT", "http://a.test/x", 204, Fields.of())).containsExactly("http://a.test/x");
    }
}
