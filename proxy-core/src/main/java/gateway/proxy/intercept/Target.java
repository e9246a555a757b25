package gateway.proxy.intercept;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where one request is sent. A class rather than a record only to build the URL once: the
 * cache key, the request collapsing and the access log each ask for it.
 */
public final class Target {
    private final String host;
    private final int port;
    private final InetSocketAddress connectTo;
    private final String path;
    private final boolean intercepted;
    private final String url;

    /**
     * @param host        the host name for the Host header and the log (from Host or the request URI)
     * @param port        the port for the Host header
     * @param connectTo   the address the upstream connection goes to; for an intercepted connection
     *                    the original destination, never what the Host header names
     * @param path        the origin-form request target sent upstream
     * @param intercepted whether the request arrived on the transparent listener
     */
    public Target(String host, int port, InetSocketAddress connectTo, String path, boolean intercepted) {
        this.host = Objects.requireNonNull(host, "host");
        this.connectTo = Objects.requireNonNull(connectTo, "connectTo");
        this.path = Objects.requireNonNull(path, "path");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        this.intercepted = intercepted;
        this.url = "http://" + hostHeader() + path;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public InetSocketAddress connectTo() {
        return connectTo;
    }

    public String path() {
        return path;
    }

    public boolean intercepted() {
        return intercepted;
    }

    /** The Host header value: the port only when it is not 80. */
    public String hostHeader() {
        String name = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == 80 ? name : name + ":" + port;
    }

    /** The absolute URL, for the access log and as the cache's primary key. */
    public String url() {
        return url;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && t.port == port && t.intercepted == intercepted && t.host.equals(host)
                && t.connectTo.equals(connectTo) && t.path.equals(path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, connectTo, path, intercepted);
    }

    @Override
    public String toString() {
        return "Target[" + url + " via " + connectTo + (intercepted ? ", intercepted" : "") + "]";
    }
}
