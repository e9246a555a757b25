package gateway.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gateway.proxy.cache.StoredBody;
import gateway.proxy.config.ProxyConfig;
import gateway.proxy.metrics.AccessRecord;
import gateway.proxy.metrics.CacheResult;
import gateway.proxy.metrics.ProxyListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explicit proxy on loopback (port 0) against a real local origin. */
class ExplicitProxyTest {
    private TestOrigin origin;
    private ProxyServer proxy;
    private InetSocketAddress proxyAddress;
    private final List<AccessRecord> records = new CopyOnWriteArrayList<>();
    private final ProxyListener listener = new ProxyListener() {
        @Override
        public void requestCompleted(AccessRecord record) {
            records.add(record);
        }
    };

    @TempDir
    Path temp;

    @BeforeEach
    void setUp() throws IOException {
        origin = new TestOrigin();
    }

    @AfterEach
    void tearDown() {
        if (proxy != null) {
            proxy.stop(Duration.ofSeconds(2));
        }
        origin.close();
        assertThat(StoredBody.liveBuffers()).as("off-heap cache buffers after stop").isZero();
    }

    private ProxyConfig baseConfig() {
        return ProxyConfig.defaults()
                .withExplicitListen(Optional.of(new InetSocketAddress("127.0.0.1", 0)))
                .withAccessLog(temp.resolve("access.log").toString());
    }

    private void start(ProxyConfig config) {
        proxy = ProxyServer.builder(config).threads(1).listener(listener).build();
        proxy.start();
        proxyAddress = proxy.boundAddresses().get(0);
    }

    private void start() {
        start(baseConfig());
    }

    private RawHttp client() throws IOException {
        return new RawHttp(proxyAddress);
    }

    @Test
    void absoluteFormGetIsForwardedInOriginFormWithViaAndHost() throws Exception {
        start();
        try (RawHttp c = client()) {
            RawHttp.Response r = c.send("GET " + origin.url("/hello?x=1") + " HTTP/1.1\r\nHost: wrong\r\n"
                    + "Proxy-Connection: keep-alive\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("hello /hello");
            assertThat(r.header("via")).isEqualTo("1.1 gateway");
        }
        TestOrigin.Seen seen = origin.seen.get(0);
        assertThat(seen.uri()).isEqualTo("/hello?x=1");
        assertThat(seen.host()).isEqualTo("127.0.0.1:" + origin.address().getPort());
        assertThat(seen.via()).containsExactly("1.1 gateway");
    }

    @Test
    void keepAliveOnBothSidesReusesOnePooledUpstreamConnection() throws Exception {
        start();
        try (RawHttp c = client()) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response r = c.send("GET " + origin.url("/k" + i) + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo("hello /k" + i);
            }
        }
        assertThat(origin.seen).hasSize(3);
        assertThat(origin.seen.stream().map(TestOrigin.Seen::remotePort).distinct()).hasSize(1);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        start();
        try (RawHttp c = client()) {
            c.send("GET " + origin.url("/p1") + " HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET " + origin.url("/p2") + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("hello /p1");
            assertThat(c.read().text()).isEqualTo("hello /p2");
        }
    }

    @Test
    void chunkedRequestBodyAndChunkedResponseStreamThrough() throws Exception {
        start();
        try (RawHttp c = client()) {
            RawHttp.Response r = c.send("POST " + origin.url("/echo") + " HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").read();
            assertThat(r.text()).isEqualTo("hello world");
            RawHttp.Response chunked = c.send("GET " + origin.url("/chunked") + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(chunked.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(chunked.text()).isEqualTo("part0;part1;part2;part3;part4;");
        }
    }

    @Test
    void expectContinueGetsTheOriginsHundredThenTheAnswer() throws Exception {
        start();
        try (RawHttp c = client()) {
            c.send("PUT " + origin.url("/echo") + " HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            RawHttp.Response interim = c.read();
            assertThat(interim.status()).isEqualTo(100);
            c.send("data");
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("data");
        }
    }

    @Test
    void headGetsHeadersOnlyAndTheConnectionStaysUsable() throws Exception {
        start();
        try (RawHttp c = client()) {
            RawHttp.Response head = c.send("HEAD " + origin.url("/h") + " HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertThat(head.status()).isEqualTo(200);
            RawHttp.Response get = c.send("GET " + origin.url("/after-head") + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(get.text()).isEqualTo("hello /after-head");
        }
    }

    @Test
    void noContentResponseKeepsTheConnection() throws Exception {
        start();
        try (RawHttp c = client()) {
            assertThat(c.send("GET " + origin.url("/nocontent") + " HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
                    .isEqualTo(204);
            assertThat(c.send("GET " + origin.url("/n2") + " HTTP/1.1\r\nHost: x\r\n\r\n").read().text())
                    .isEqualTo("hello /n2");
        }
    }

    @Test
    void largeBodyStreamsThroughIntact() throws Exception {
        start();
        int size = 24 * 1024 * 1024 + 17;
        try (RawHttp c = client()) {
            RawHttp.Response r = c.send("GET " + origin.url("/big?" + size) + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.body()).hasSize(size);
            byte[] expected = new byte[size];
            for (int i = 0; i < size; i++) {
                expected[i] = (byte) ((i % 65536) * 31);
            }
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            assertThat(md.digest(r.body())).isEqualTo(MessageDigest.getInstance("SHA-256").digest(expected));
        }
    }

    @Test
    void aClientThatStopsReadingStopsTheOriginToo() throws Exception {
        start();
        int size = 256 * 1024 * 1024;
        try (RawHttp c = client()) {
            c.send("GET " + origin.url("/big?" + size) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            // The client reads nothing: once the socket buffers on the way are full the proxy must
            // stop reading from the origin, so the origin's writes stall far short of the body.
            long last = -1;
            int stable = 0;
            for (int i = 0; i < 300 && stable < 10; i++) {
                Thread.sleep(100);
                long now = origin.bigWritten.get();
                stable = now == last && now > 0 ? stable + 1 : 0;
                last = now;
            }
            assertThat(stable).as("origin writes stalled").isEqualTo(10);
            assertThat(origin.bigWritten.get()).isLessThan(size / 4);
            RawHttp.Response r = c.read();
            assertThat(r.body()).hasSize(size);
        }
    }

    @Test
    void hostNamesAreResolvedByTheInjectedResolver() throws Exception {
        proxy = ProxyServer.builder(baseConfig()).threads(1)
                .hostResolver(host -> java.util.concurrent.CompletableFuture.completedFuture(
                        host.equals("origin.test") ? List.of(InetAddress.getLoopbackAddress()) : List.of()))
                .build();
        proxy.start();
        proxyAddress = proxy.boundAddresses().get(0);
        try (RawHttp c = client()) {
            RawHttp.Response r = c.send("GET http://origin.test:" + origin.address().getPort()
                    + "/named HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.text()).isEqualTo("hello /named");
            RawHttp.Response unknown = c.send("GET http://nowhere.test/ HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(unknown.status()).isEqualTo(502);
            assertThat(unknown.text()).contains("cannot resolve").contains("nowhere.test");
        }
        assertThat(origin.seen.get(0).host()).isEqualTo("origin.test:" + origin.address().getPort());
    }

    @Test
    void anOriginThatStopsReadingStopsTheUploadingClientToo() throws Exception {
        try (ServerSocket sink = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                try {
                    Socket s = sink.accept(); // accepted, never read: the upload must stall
                    Thread.sleep(60_000);
                    s.close();
                } catch (Exception e) {
                    // the test ends by closing the server socket
                }
            });
            accept.setDaemon(true);
            accept.start();
            start();
            long size = 256L * 1024 * 1024;
            java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicReference<IOException> failed = new java.util.concurrent.atomic.AtomicReference<>();
            try (RawHttp c = client()) {
                c.send("POST http://127.0.0.1:" + sink.getLocalPort() + "/up HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: " + size + "\r\n\r\n");
                Thread writer = new Thread(() -> {
                    byte[] block = new byte[65536];
                    try {
                        for (long n = 0; n < size; n += block.length) {
                            c.send(block);
                            sent.addAndGet(block.length);
                        }
                    } catch (IOException e) {
                        failed.set(e);
                    }
                });
                writer.setDaemon(true);
                writer.start();
                long last = -1;
                int stable = 0;
                for (int i = 0; i < 300 && stable < 10; i++) {
                    Thread.sleep(100);
                    long now = sent.get();
                    stable = now == last && now > 0 ? stable + 1 : 0;
                    last = now;
                }
                assertThat(failed.get()).as("the upload is held back, not cut off").isNull();
                assertThat(stable).as("client writes stalled").isEqualTo(10);
                assertThat(sent.get()).isLessThan(size / 4);
            }
        }
    }

    @Test
    void aPooledConnectionTheOriginClosedIsRetriedOnceOnAFreshOne() throws Exception {
        // The origin answers the first request of each connection and closes on the second,
        // as a server whose keep-alive timeout ends just as the next request arrives.
        try (ServerSocket flaky = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
            Thread t = new Thread(() -> {
                while (!flaky.isClosed()) {
                    try (Socket s = flaky.accept()) {
                        connections.incrementAndGet();
                        s.setSoTimeout(5000);
                        InputStream in = s.getInputStream();
                        readHead(in);
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                .getBytes(StandardCharsets.ISO_8859_1));
                        s.getOutputStream().flush();
                        readHead(in); // the next request on this connection: close without answer
                    } catch (IOException e) {
                        // next connection
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            start();
            try (RawHttp c = client()) {
                for (int i = 0; i < 3; i++) {
                    RawHttp.Response r = c.send("GET http://127.0.0.1:" + flaky.getLocalPort() + "/r" + i
                            + " HTTP/1.1\r\nHost: x\r\nCache-Control: no-store\r\n\r\n").read();
                    assertThat(r.status()).as("request " + i).isEqualTo(200);
                    assertThat(r.text()).isEqualTo("ok");
                }
            }
            assertThat(connections.get()).isEqualTo(3);
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("eof");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Test
    void refusedUpstreamAnswers502NamingTheCause() throws Exception {
        start();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (RawHttp c = client()) {
            RawHttp.Response r = c.send("GET http://127.0.0.1:" + closedPort + "/ HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.text()).contains("refused").contains(String.valueOf(closedPort));
            // the client connection survives an upstream failure
            assertThat(c.send("GET " + origin.url("/still") + " HTTP/1.1\r\nHost: x\r\n\r\n").read().text())
                    .isEqualTo("hello /still");
        }
    }

    @Test
    void silentUpstreamAnswers504() throws Exception {
        start(baseConfig().withResponseTimeout(Duration.ofMillis(300)));
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                RawHttp c = client()) {
            RawHttp.Response r = c.send("GET http://127.0.0.1:" + silent.getLocalPort()
                    + "/ HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(504);
            assertThat(r.text()).contains("no response in time");
        }
    }

    @Test
    void smugglingShapesAnswer400AndCloseWhileOthersAreServed() throws Exception {
        start();
        List<String> bad = List.of(
                "POST " + origin.url("/echo") + " HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST " + origin.url("/echo") + " HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n",
                "GET " + origin.url("/") + " HTTP/1.1\r\nHost: x\r\nX-A: a\r\n folded\r\n\r\n",
                "POST " + origin.url("/echo") + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n");
        for (String request : bad) {
            try (RawHttp c = client()) {
                RawHttp.Response r = c.send(request).read();
                assertThat(r.status()).as(request).isEqualTo(400);
                assertThat(r.header("connection")).isEqualTo("close");
                assertThat(c.closedByPeer()).isTrue();
            }
        }
        try (RawHttp c = client()) {
            assertThat(c.send("GET " + origin.url("/ok") + " HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
                    .isEqualTo(200);
        }
        // the bad-chunk request reached the origin as far as its head; the others never did
        assertThat(origin.seen.stream().filter(s -> s.uri().equals("/")).count()).isZero();
    }

    @Test
    void oversizeHeadersAnswer431AndLongLines414() throws Exception {
        start(baseConfig().withLimits(256, 1024));
        try (RawHttp c = client()) {
            RawHttp.Response r = c.send("GET " + origin.url("/") + " HTTP/1.1\r\nHost: x\r\nX-Big: "
                    + "b".repeat(4000) + "\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(431);
        }
        try (RawHttp c = client()) {
            RawHttp.Response r = c.send("GET " + origin.url("/" + "a".repeat(1000)) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .read();
            assertThat(r.status()).isEqualTo(414);
        }
    }

    @Test
    void malformedRequestAnswers400() throws Exception {
        start();
        try (RawHttp c = client()) {
            RawHttp.Response r = c.send("GET only-garbage\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(400);
        }
        try (RawHttp c = client()) {
            RawHttp.Response r = c.send("GET /origin-form HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("absolute URL");
        }
    }

    @Test
    void ourOwnViaIsALoop() throws Exception {
        start();
        try (RawHttp c = client()) {
            RawHttp.Response r = c.send("GET " + origin.url("/") + " HTTP/1.1\r\nHost: x\r\nVia: 1.1 gateway\r\n\r\n")
                    .read();
            assertThat(r.status()).isEqualTo(508);
            assertThat(r.text()).contains("loop");
        }
        assertThat(origin.seen).isEmpty();
    }

    @Test
    void requestToTheProxyItselfIsALoop() throws Exception {
        start();
        try (RawHttp c = client()) {
            RawHttp.Response r = c.send("GET http://127.0.0.1:" + proxyAddress.getPort() + "/ HTTP/1.1\r\nHost: x\r\n\r\n")
                    .read();
            assertThat(r.status()).isEqualTo(508);
        }
    }

    @Test
    void clientsOutsideTheLanAreRefusedAtAccept() throws Exception {
        proxy = ProxyServer.builder(baseConfig()).threads(1).allowedClients(a -> false).build();
        proxy.start();
        proxyAddress = proxy.boundAddresses().get(0);
        try (RawHttp c = client()) {
            c.send("GET " + origin.url("/") + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.closedByPeer()).isTrue();
        }
        assertThat(origin.seen).isEmpty();
    }

    @Test
    void slowRequestHeadGets408() throws Exception {
        start(baseConfig().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(30)));
        try (RawHttp c = client()) {
            RawHttp.Response r = c.send("GET " + origin.url("/") + " HTTP/1.1\r\nHost: x\r\n").read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void idleClientConnectionIsClosed() throws Exception {
        start(baseConfig().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(200)));
        try (RawHttp c = client()) {
            assertThat(c.send("GET " + origin.url("/i") + " HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
                    .isEqualTo(200);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void connectIsRefusedForPortsNotAllowed() throws Exception {
        start();
        try (RawHttp c = client()) {
            RawHttp.Response r = c.send("CONNECT 127.0.0.1:25 HTTP/1.1\r\nHost: 127.0.0.1:25\r\n\r\n").read(true);
            assertThat(r.status()).isEqualTo(403);
        }
    }

    @Test
    void connectTunnelsBytesToAnAllowedPort() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = echoOnce(echo, null);
            start(baseConfig().withConnectPorts(Set.of(echo.getLocalPort())));
            try (RawHttp c = client()) {
                RawHttp.Response r = c.send("CONNECT 127.0.0.1:" + echo.getLocalPort() + " HTTP/1.1\r\nHost: h\r\n\r\n")
                        .read(true);
                assertThat(r.status()).isEqualTo(200);
                c.send("\u0016\u0003\u0001raw bytes\n");
                assertThat(new String(c.input().readNBytes(13), StandardCharsets.ISO_8859_1))
                        .isEqualTo("\u0016\u0003\u0001raw bytes\n");
            }
            t.join(5000);
        }
    }

    @Test
    void anIdleTunnelIsClosed() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = echoOnce(echo, null);
            start(baseConfig().withConnectPorts(Set.of(echo.getLocalPort()))
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(300)));
            try (RawHttp c = client()) {
                assertThat(c.send("CONNECT 127.0.0.1:" + echo.getLocalPort() + " HTTP/1.1\r\nHost: h\r\n\r\n")
                        .read(true).status()).isEqualTo(200);
                c.send("ping\n");
                assertThat(new String(c.input().readNBytes(5), StandardCharsets.ISO_8859_1)).isEqualTo("ping\n");
                assertThat(c.closedByPeer()).isTrue();
            }
            t.join(5000);
        }
    }

    @Test
    void upgradeBecomesATunnelAfter101() throws Exception {
        try (ServerSocket ws = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = echoOnce(ws, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
            start();
            try (RawHttp c = client()) {
                RawHttp.Response r = c.send("GET http://127.0.0.1:" + ws.getLocalPort() + "/ws HTTP/1.1\r\nHost: h\r\n"
                        + "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n").read(true);
                assertThat(r.status()).isEqualTo(101);
                assertThat(r.header("upgrade")).isEqualTo("websocket");
                c.send("frame-1\n");
                assertThat(new String(c.input().readNBytes(8), StandardCharsets.ISO_8859_1)).isEqualTo("frame-1\n");
            }
            t.join(5000);
        }
    }

    @Test
    void accessLogHasOneLinePerRequest() throws Exception {
        start();
        try (RawHttp c = client()) {
            c.send("GET " + origin.url("/logged") + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
        }
        proxy.stop(Duration.ofSeconds(2));
        proxy = null;
        List<String> lines = Files.readAllLines(temp.resolve("access.log"));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("127.0.0.1:").contains(" GET " + origin.url("/logged") + " 200 MISS 13 ");
        assertThat(records).hasSize(1); // stop() drained, so the record is in
        assertThat(records.get(0).cache()).isEqualTo(CacheResult.MISS);
    }

    @Test
    void bindFailureNamesTheAddressAndTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProxyServer second = ProxyServer.builder(baseConfig().withExplicitListen(
                    Optional.of(new InetSocketAddress("127.0.0.1", taken.getLocalPort())))).threads(1).build();
            assertThatThrownBy(second::start).hasMessageContaining(String.valueOf(taken.getLocalPort()))
                    .hasMessageContaining("port in use");
            second.stop(Duration.ZERO);
        }
    }

    /**
     * Accepts one connection; optionally reads a request head and sends {@code reply}; then echoes
     * what it reads until EOF.
     */
    private static Thread echoOnce(ServerSocket server, String reply) {
        CountDownLatch started = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            started.countDown();
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                if (reply != null) {
                    int matched = 0;
                    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
                    while (matched < 4) {
                        int b = in.read();
                        if (b < 0) {
                            return;
                        }
                        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                    }
                    out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the test's assertions report what went wrong
            }
        });
        t.setDaemon(true);
        t.start();
        try {
            started.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return t;
    }
}
