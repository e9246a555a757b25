package gateway.proxy.handler;

import gateway.proxy.codec.HopByHop;
import gateway.proxy.intercept.Target;
import gateway.proxy.policy.LoopPolicy;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Turns a client's request into the one sent upstream: origin-form target, HTTP/1.1, hop-by-hop
 * fields out (RFC 9110 section 7.6.1) except an Upgrade that is passed on, Host from the URL
 * (kept as sent for intercepted requests), our Via element appended.
 */
final class RequestRewrite {
    private RequestRewrite() {
    }

    /** Rewrites {@code request} in place; returns whether it asks for a protocol upgrade. */
    static boolean apply(HttpRequest request, Target target, LoopPolicy loops) {
        HttpHeaders headers = request.headers();
        String via = loops.viaElement(versionText(request.protocolVersion()));
        boolean upgradeRequest = HopByHop.isUpgrade(headers);
        String upgradeTo = headers.get(HttpHeaderNames.UPGRADE);
        HopByHop.strip(headers);
        if (upgradeRequest) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, upgradeTo);
        }
        if (!target.intercepted() || !headers.contains(HttpHeaderNames.HOST)) {
            headers.set(HttpHeaderNames.HOST, target.hostHeader());
        }
        headers.add(HttpHeaderNames.VIA, via);
        request.setUri(target.path());
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        return upgradeRequest;
    }

    /** "1.1" for HTTP/1.1, as Via writes it (RFC 9110 section 7.6.3). */
    static String versionText(HttpVersion version) {
        return version == HttpVersion.HTTP_1_1 ? "1.1" : version.majorVersion() + "." + version.minorVersion();
    }
}
