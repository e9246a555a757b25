package gateway.proxy.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A JDK HttpServer on 127.0.0.1:0 that records what it received. */
final class TestOrigin implements AutoCloseable {
    record Seen(String method, String uri, String host, List<String> via, String connection, int remotePort,
            byte[] body) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Requests for /gate wait for this latch. */
    /** Body bytes /big has handed to the socket so far. */
    final java.util.concurrent.atomic.AtomicLong bigWritten = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    /** The representation /versioned serves: its ETag is "v" and this number. */
    volatile int version = 1;
    /** Once set, paths under /flaky/ answer 503. */
    volatile boolean failing;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    TestOrigin() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    String url(String path) {
        return "http://127.0.0.1:" + address().getPort() + path;
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(),
                ex.getRequestHeaders().getFirst("Host"),
                ex.getRequestHeaders().getOrDefault("Via", List.of()),
                ex.getRequestHeaders().getFirst("Connection"), ex.getRemoteAddress().getPort(), body));
        String path = ex.getRequestURI().getPath();
        OutputStream out;
        switch (path) {
            case "/echo" -> {
                ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                out = ex.getResponseBody();
                out.write(body);
            }
            case "/chunked" -> {
                ex.sendResponseHeaders(200, 0);
                out = ex.getResponseBody();
                for (int i = 0; i < 5; i++) {
                    out.write(("part" + i + ";").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
            case "/big" -> {
                int size = Integer.parseInt(ex.getRequestURI().getQuery());
                ex.sendResponseHeaders(200, size);
                out = ex.getResponseBody();
                byte[] block = new byte[65536];
                for (int i = 0; i < block.length; i++) {
                    block[i] = (byte) (i * 31);
                }
                for (int sent = 0; sent < size; sent += block.length) {
                    int n = Math.min(block.length, size - sent);
                    out.write(block, 0, n);
                    bigWritten.addAndGet(n);
                }
            }
            case "/etag" -> {
                ex.getResponseHeaders().add("ETag", "\"v1\"");
                ex.getResponseHeaders().add("Cache-Control", "max-age=0");
                if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                    ex.getResponseHeaders().add("X-Refreshed", "yes");
                    ex.sendResponseHeaders(304, -1);
                    out = ex.getResponseBody();
                } else {
                    byte[] text = "etag body".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, text.length);
                    out = ex.getResponseBody();
                    out.write(text);
                }
            }
            case "/cookie", "/private" -> {
                if (path.equals("/cookie")) {
                    ex.getResponseHeaders().add("Set-Cookie", "session=secret");
                    ex.getResponseHeaders().add("Cache-Control", "max-age=60");
                } else {
                    ex.getResponseHeaders().add("Cache-Control", "private, max-age=60");
                }
                byte[] text = "personal".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, text.length);
                out = ex.getResponseBody();
                out.write(text);
            }
            case "/gate" -> {
                try {
                    gate.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] text = "gated".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Cache-Control", "max-age=60");
                ex.sendResponseHeaders(200, text.length);
                out = ex.getResponseBody();
                out.write(text);
            }
            case "/flaky/stale-if-error", "/flaky/must-revalidate" -> {
                if (failing) {
                    ex.sendResponseHeaders(503, -1);
                    out = ex.getResponseBody();
                } else {
                    ex.getResponseHeaders().add("Cache-Control", path.endsWith("error")
                            ? "max-age=0, stale-if-error=60" : "max-age=0, must-revalidate, stale-if-error=60");
                    byte[] text = "kept".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, text.length);
                    out = ex.getResponseBody();
                    out.write(text);
                }
            }
            case "/validated", "/versioned" -> {
                // fresh for a minute, with both validators (Last-Modified strong: Date is later)
                String tag = path.equals("/validated") ? "\"r1\"" : "\"v" + version + "\"";
                ex.getResponseHeaders().add("ETag", tag);
                ex.getResponseHeaders().add("Last-Modified", "Thu, 01 Jan 2026 00:00:00 GMT");
                ex.getResponseHeaders().add("Cache-Control", "max-age=60");
                ex.getResponseHeaders().add("Content-Type", "text/plain");
                ex.getResponseHeaders().add("X-Request-Count", Integer.toString(seen.size()));
                byte[] text = "0123456789".repeat(20).getBytes(StandardCharsets.UTF_8);
                boolean head = "HEAD".equals(ex.getRequestMethod());
                if (head) {
                    ex.getResponseHeaders().add("Content-Length", Integer.toString(text.length));
                }
                ex.sendResponseHeaders(200, head ? -1 : text.length);
                out = ex.getResponseBody();
                if (!head) {
                    out.write(text);
                }
            }
            case "/nocontent" -> {
                ex.sendResponseHeaders(204, -1);
                out = ex.getResponseBody();
            }
            default -> {
                byte[] text = ("hello " + path).getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Cache-Control", "max-age=60");
                ex.sendResponseHeaders(200, "HEAD".equals(ex.getRequestMethod()) ? -1 : text.length);
                out = ex.getResponseBody();
                if (!"HEAD".equals(ex.getRequestMethod())) {
                    out.write(text);
                }
            }
        }
        out.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
