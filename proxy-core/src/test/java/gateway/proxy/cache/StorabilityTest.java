package gateway.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 9111 section 3 (storing responses) for a shared cache. */
class StorabilityTest {

    static Stream<Arguments> table() {
        Fields none = Fields.of();
        Fields auth = Fields.of("Authorization", "Basic eDp5");
        return Stream.of(
                // method, request, status, response, stored?, why (section)
                Arguments.of("GET", none, 200, Fields.of("Cache-Control", "max-age=60"), true, "3 explicit freshness"),
                Arguments.of("POST", none, 200, Fields.of("Cache-Control", "max-age=60"), false, "3 method"),
                Arguments.of("GET", none, 206, Fields.of("Cache-Control", "max-age=60"), false, "3.3 partial not stored"),
                Arguments.of("GET", none, 500, Fields.of("Cache-Control", "max-age=60"), false, "3 status not understood"),
                Arguments.of("GET", Fields.of("Cache-Control", "no-store"), 200, Fields.of("Cache-Control", "max-age=60"),
                        false, "5.2.1.5 request no-store"),
                Arguments.of("GET", none, 200, Fields.of("Cache-Control", "max-age=60, no-store"), false,
                        "5.2.2.5 response no-store"),
                Arguments.of("GET", none, 200, Fields.of("Cache-Control", "private, max-age=60"), false,
                        "5.2.2.7 private"),
                Arguments.of("GET", auth, 200, Fields.of("Cache-Control", "max-age=60"), false, "3.5 Authorization"),
                Arguments.of("GET", auth, 200, Fields.of("Cache-Control", "s-maxage=60"), true, "3.5 s-maxage"),
                Arguments.of("GET", auth, 200, Fields.of("Cache-Control", "public"), true, "3.5 public"),
                Arguments.of("GET", auth, 200, Fields.of("Cache-Control", "max-age=60, must-revalidate"), true,
                        "3.5 must-revalidate"),
                Arguments.of("GET", none, 200, Fields.of("Cache-Control", "max-age=60", "Set-Cookie", "a=b"), false,
                        "Set-Cookie not shared"),
                Arguments.of("GET", none, 200, Fields.of("Cache-Control", "max-age=60", "Vary", "*"), false, "4.1 Vary *"),
                Arguments.of("GET", none, 200, Fields.of("ETag", "\"x\""), true, "3 validator for later revalidation"),
                Arguments.of("GET", none, 200, Fields.of(), false, "3 nothing to go on"),
                Arguments.of("GET", none, 404, Fields.of("Cache-Control", "max-age=5"), true, "3 heuristically cacheable"));
    }

    @ParameterizedTest(name = "{5}")
    @MethodSource("table")
    void decides(String method, Fields request, int status, Fields response, boolean stored, String why) {
        assertThat(Storability.refusal(method, request, status, response) == null).as(why).isEqualTo(stored);
    }
}
