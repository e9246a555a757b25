package gateway.proxy.intercept;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a request into its {@link Target}. Intercepted requests go to the connection's original
 * destination (the accepted socket's local address under TPROXY); the Host header only names
 * the resource, so a forged Host cannot redirect the connection. Explicit requests must use the
 * absolute form (RFC 9112 section 3.2.2) or, for CONNECT, the authority form.
 */
public final class TargetResolver {
    private final Predicate<InetAddress> isLocalAddress;
    private final Set<Integer> proxyPorts;

    /**
     * @param isLocalAddress whether an address belongs to this machine
     * @param proxyPorts     the ports the proxy listens on (a live, thread-safe view: ports bound as 0
     *                       are added once known); a target that is this machine on one is a loop
     */
    public TargetResolver(Predicate<InetAddress> isLocalAddress, Set<Integer> proxyPorts) {
        this.isLocalAddress = isLocalAddress;
        this.proxyPorts = proxyPorts;
    }

    /** Target of a request that arrived on the transparent listener. */
    public Target intercepted(HttpRequest request, InetSocketAddress originalDestination) throws TargetException {
        if (isLoop(originalDestination.getAddress(), originalDestination.getPort())) {
            throw new LoopException("original destination " + originalDestination + " is this proxy");
        }
        String path = request.uri();
        String host = null;
        int port = originalDestination.getPort();
        if (!path.startsWith("/")) {
            URI uri = absolute(path);
            path = originForm(uri);
        }
        String hostHeader = request.headers().get(HttpHeaderNames.HOST);
        if (hostHeader != null && !hostHeader.isBlank()) {
            HostPort hp = HostPort.parse(hostHeader.trim(), 80);
            host = hp.host();
            port = hp.port();
        }
        if (host == null) {
            host = originalDestination.getAddress().getHostAddress();
        }
        return new Target(host, port, originalDestination, path, true);
    }

    /** Target of an absolute-form request on the explicit listener. */
    public Target explicit(HttpRequest request) throws TargetException {
        URI uri = absolute(request.uri());
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new TargetException("only http:// URLs are proxied (use CONNECT for " + uri.getScheme() + ")");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new TargetException("request URL has no host: " + request.uri());
        }
        host = stripBrackets(host).toLowerCase(Locale.ROOT);
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        checkLiteralLoop(host, port);
        return new Target(host, port, InetSocketAddress.createUnresolved(host, port), originForm(uri), false);
    }

    /** Target of a CONNECT request (authority form {@code host:port}). */
    public Target connect(HttpRequest request, Set<Integer> allowedPorts) throws TargetException {
        HostPort hp = HostPort.parse(request.uri(), -1);
        if (hp.port() == -1) {
            throw new TargetException("CONNECT target needs host:port: " + request.uri());
        }
        if (!allowedPorts.contains(hp.port())) {
            throw new ForbiddenTargetException("CONNECT to port " + hp.port() + " is not allowed");
        }
        checkLiteralLoop(hp.host(), hp.port());
        return new Target(hp.host(), hp.port(), InetSocketAddress.createUnresolved(hp.host(), hp.port()), "", false);
    }

    private void checkLiteralLoop(String host, int port) throws LoopException {
        if (!proxyPorts.contains(port)) {
            return;
        }
        if (host.equalsIgnoreCase("localhost")) {
            throw new LoopException(host + ":" + port + " is this proxy");
        }
        InetAddress literal = IpLiteral.parse(host);
        if (literal != null && isLoop(literal, port)) {
            throw new LoopException(host + ":" + port + " is this proxy");
        }
    }

    private boolean isLoop(InetAddress address, int port) {
        return proxyPorts.contains(port) && (address.isLoopbackAddress() || address.isAnyLocalAddress()
                || isLocalAddress.test(address));
    }

    private static URI absolute(String text) throws TargetException {
        try {
            URI uri = new URI(text);
            if (!uri.isAbsolute()) {
                throw new TargetException("a proxy request needs an absolute URL, got: " + text);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new TargetException("unparseable request target: " + e.getMessage());
        }
    }

    private static String originForm(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** A Host header or authority split into name and port. */
    record HostPort(String host, int port) {

        static HostPort parse(String authority, int defaultPort) throws TargetException {
            String host;
            String portText = null;
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close < 0) {
                    throw new TargetException("bad IPv6 authority: " + authority);
                }
                host = authority.substring(1, close);
                if (authority.length() > close + 1) {
                    if (authority.charAt(close + 1) != ':') {
                        throw new TargetException("bad authority: " + authority);
                    }
                    portText = authority.substring(close + 2);
                }
            } else {
                int colon = authority.lastIndexOf(':');
                if (colon >= 0 && authority.indexOf(':') == colon) {
                    host = authority.substring(0, colon);
                    portText = authority.substring(colon + 1);
                } else {
                    host = authority;
                }
            }
            if (!hostNameCharacters(host)) {
                throw new TargetException("bad host name: " + authority);
            }
            int port = defaultPort;
            if (portText != null) {
                try {
                    port = Integer.parseInt(portText);
                } catch (NumberFormatException e) {
                    throw new TargetException("bad port in " + authority);
                }
                if (port < 1 || port > 65535) {
                    throw new TargetException("port out of range in " + authority);
                }
            }
            return new HostPort(host.toLowerCase(Locale.ROOT), port);
        }

        /** Letters, digits and . - _ : % only (names, IPv4 and IPv6 literals with a zone); not empty. */
        private static boolean hostNameCharacters(String host) {
            if (host.isEmpty()) {
                return false;
            }
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || c == '.' || c == '-' || c == '_' || c == ':' || c == '%';
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }
}
