package gateway.proxy.intercept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetResolverTest {
    private static final InetAddress GATEWAY = addr("192.0.2.1");
    private final TargetResolver resolver = new TargetResolver(GATEWAY::equals, Set.of(3128, 3129));

    private static InetAddress addr(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static HttpRequest request(HttpMethod method, String uri, String host) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        if (host != null) {
            request.headers().set("Host", host);
        }
        return request;
    }

    @Test
    void interceptedRequestConnectsToOriginalDestinationNotHost() throws Exception {
        InetSocketAddress original = new InetSocketAddress(addr("203.0.113.80"), 80);
        Target target = resolver.intercepted(request(HttpMethod.GET, "/x?y=1", "forged.example"), original);
        assertThat(target.connectTo()).isEqualTo(original);
        assertThat(target.url()).isEqualTo("http://forged.example/x?y=1");
        assertThat(target.intercepted()).isTrue();
    }

    @Test
    void interceptedRequestWithoutHostUsesTheAddress() throws Exception {
        InetSocketAddress original = new InetSocketAddress(addr("203.0.113.80"), 8080);
        Target target = resolver.intercepted(request(HttpMethod.GET, "/", null), original);
        assertThat(target.url()).isEqualTo("http://203.0.113.80:8080/");
    }

    @Test
    void originalDestinationOnTheGatewaysProxyPortIsALoop() {
        InetSocketAddress self = new InetSocketAddress(GATEWAY, 3129);
        assertThatThrownBy(() -> resolver.intercepted(request(HttpMethod.GET, "/", "a"), self))
                .isInstanceOf(LoopException.class);
    }

    @Test
    void gatewayOnAnotherPortIsNotALoop() throws Exception {
        InetSocketAddress web = new InetSocketAddress(GATEWAY, 80);
        assertThat(resolver.intercepted(request(HttpMethod.GET, "/", "a"), web).connectTo()).isEqualTo(web);
    }

    @Test
    void explicitAbsoluteFormGivesOriginFormAndHost() throws Exception {
        Target target = resolver.explicit(request(HttpMethod.GET, "http://Example.test:8080/p/q?r#frag", "ignored"));
        assertThat(target.host()).isEqualTo("example.test");
        assertThat(target.port()).isEqualTo(8080);
        assertThat(target.path()).isEqualTo("/p/q?r");
        assertThat(target.hostHeader()).isEqualTo("example.test:8080");
        assertThat(target.connectTo().isUnresolved()).isTrue();
    }

    @Test
    void explicitIpv6Literal() throws Exception {
        Target target = resolver.explicit(request(HttpMethod.GET, "http://[2001:db8::1]/", null));
        assertThat(target.host()).isEqualTo("2001:db8::1");
        assertThat(target.url()).isEqualTo("http://[2001:db8::1]/");
    }

    @Test
    void explicitOriginFormIsRefused() {
        assertThatThrownBy(() -> resolver.explicit(request(HttpMethod.GET, "/only-a-path", "h")))
                .isInstanceOf(TargetException.class).hasMessageContaining("absolute");
    }

    @Test
    void explicitHttpsUrlIsRefused() {
        assertThatThrownBy(() -> resolver.explicit(request(HttpMethod.GET, "https://a/", "a")))
                .hasMessageContaining("CONNECT");
    }

    @Test
    void explicitRequestToTheProxyItselfIsALoop() {
        assertThatThrownBy(() -> resolver.explicit(request(HttpMethod.GET, "http://127.0.0.1:3128/", null)))
                .isInstanceOf(LoopException.class);
        assertThatThrownBy(() -> resolver.explicit(request(HttpMethod.GET, "http://192.0.2.1:3129/", null)))
                .isInstanceOf(LoopException.class);
        assertThatThrownBy(() -> resolver.explicit(request(HttpMethod.GET, "http://localhost:3128/", null)))
                .isInstanceOf(LoopException.class);
    }

    @Test
    void connectAllowsOnlyConfiguredPorts() throws Exception {
        assertThat(resolver.connect(request(HttpMethod.CONNECT, "example.test:443", null), Set.of(443)).port())
                .isEqualTo(443);
        assertThatThrownBy(() -> resolver.connect(request(HttpMethod.CONNECT, "example.test:25", null), Set.of(443)))
                .isInstanceOf(ForbiddenTargetException.class);
        assertThatThrownBy(() -> resolver.connect(request(HttpMethod.CONNECT, "example.test", null), Set.of(443)))
                .isInstanceOf(TargetException.class);
    }

    @Test
    void malformedHostsAreRefused() {
        InetSocketAddress original = new InetSocketAddress(addr("203.0.113.80"), 80);
        assertThatThrownBy(() -> resolver.intercepted(request(HttpMethod.GET, "/", "a b"), original))
                .isInstanceOf(TargetException.class);
        assertThatThrownBy(() -> resolver.intercepted(request(HttpMethod.GET, "/", "a:99999"), original))
                .isInstanceOf(TargetException.class);
        assertThatThrownBy(() -> resolver.explicit(request(HttpMethod.GET, "http://a:b/", null)))
                .isInstanceOf(TargetException.class);
    }
}
