package gateway.proxy.handler;

import gateway.proxy.intercept.ForbiddenTargetException;
import gateway.proxy.intercept.LoopException;
import gateway.proxy.intercept.Target;
import gateway.proxy.intercept.TargetException;
import gateway.proxy.policy.Failures;
import gateway.proxy.policy.ProxyFailure;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;

/**
 * Where a request goes: a CONNECT's authority (explicit listener only), an intercepted request's
 * original destination, or an explicit request's absolute-form target; and the failure that
 * answers the request when it names none this proxy serves.
 */
final class RequestTargets {
    private RequestTargets() {
    }

    static Target resolve(ProxyServices services, HttpRequest request, Channel client, boolean transparent)
            throws TargetException {
        if (HttpMethod.CONNECT.equals(request.method())) {
            if (transparent) {
                throw new TargetException("CONNECT is only served by the explicit proxy");
            }
            return services.targets.connect(request, services.config.connectPorts());
        }
        return transparent ? services.targets.intercepted(request, (InetSocketAddress) client.localAddress())
                : services.targets.explicit(request);
    }

    /** 508 for a loop, 403 for a forbidden target, 400 otherwise. */
    static ProxyFailure failure(TargetException e) {
        if (e instanceof LoopException) {
            return Failures.loop(e.getMessage());
        }
        if (e instanceof ForbiddenTargetException) {
            return Failures.forbidden(e.getMessage());
        }
        return Failures.badTarget(e.getMessage());
    }

    /** The upstream address for messages: the IP and port, or the unresolved name. */
    static String describe(Target target) {
        InetSocketAddress to = target.connectTo();
        return to.isUnresolved() ? to.getHostString() + ":" + to.getPort()
                : to.getAddress().getHostAddress() + ":" + to.getPort();
    }
}
