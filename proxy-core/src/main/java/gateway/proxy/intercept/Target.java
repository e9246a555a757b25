package gateway.proxy.intercept;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where one request is sent.
 *
 * @param host       the host name for the Host header and the log (from Host or the request URI)
 * @param port       the port for the Host header
 * @param connectTo  the address the upstream connection goes to; for an intercepted connection the
 *                   original destination, never what the Host header names
 * @param path       the origin-form request target sent upstream
 * @param intercepted whether the request arrived on the transparent listener
 */
public record Target(String host, int port, InetSocketAddress connectTo, String path, boolean intercepted) {
    public Target {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTo, "connectTo");
        Objects.requireNonNull(path, "path");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The Host header value: the port only when it is not 80. */
    public String hostHeader() {
        String name = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == 80 ? name : name + ":" + port;
    }

    /** The absolute URL, for the access log and as the cache's primary key. */
    public String url() {
        return "http://" + hostHeader() + path;
    }
}
