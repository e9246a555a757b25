package gateway.smtp.server;

import static gateway.smtp.testing.RawSmtpClient.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gateway.smtp.config.SmtpRelayConfig;
import gateway.smtp.metrics.CountingListener;
import gateway.smtp.spool.Spool;
import gateway.smtp.testing.RawSmtpClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The listener over real sockets on loopback: access, limits, framing (SMTP smuggling), spooling. */
class SmtpRelayServerReceiveTest {
    @TempDir
    Path dir;
    SmtpRelayServer server;
    final CountingListener counts = new CountingListener();
    final Clock clock = Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC);

    SmtpRelayServer start(Predicate<InetAddress> access, int maxBytes, int maxRcpts, int perClient)
            throws IOException {
        SmtpRelayConfig cfg = SmtpRelayConfig.defaults()
                .withListen(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
                .withSpoolDir(dir.resolve("spool"))
                .withLimits(maxBytes, maxRcpts, 16, perClient, Duration.ofSeconds(20));
        server = SmtpRelayServer.builder().config(cfg).accessPredicate(access).listener(counts).clock(clock).build();
        server.start();
        return server;
    }

    SmtpRelayServer start() throws IOException {
        return start(InetAddress::isLoopbackAddress, 64 * 1024, 3, 4);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    RawSmtpClient client() throws IOException {
        return new RawSmtpClient(server.boundAddresses().get(0));
    }

    List<String> spooled() throws IOException {
        return Spool.open(dir.resolve("spool"), clock).ids();
    }

    @Test
    void acceptsSpoolsAndReportsTheQueueId() throws Exception {
        start();
        try (RawSmtpClient c = client()) {
            c.startMessage("cron@nas.lan", "admin@example.com", "ops@example.com");
            String ok = expect(c.cmd("Subject: hi\r\n\r\nhello\r\n."), "250");
            assertThat(ok).contains("queued as");
            expect(c.cmd("QUIT"), "221");
        }
        assertThat(spooled()).hasSize(1);
        String id = spooled().get(0);
        assertThat(server.queue().snapshot()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.sender()).isEqualTo("cron@nas.lan");
            assertThat(e.pending()).containsExactly("admin@example.com", "ops@example.com");
        });
        String content = new String(Spool.open(dir.resolve("spool"), clock).content(id), StandardCharsets.UTF_8);
        assertThat(content).contains("Subject: hi\r\n").endsWith("\r\n\r\nhello\r\n");
        // RFC 5322 3.6: Date and Message-ID were missing and are added at the end of the header section
        assertThat(content).contains("Date: Fri, 27 Nov 2026 08:00:00 +0000\r\n")
                .contains("Message-ID: <" + id + "@gateway.localdomain>\r\n");
    }

    @Test
    void existingDateAndMessageIdAreKept() throws Exception {
        start();
        try (RawSmtpClient c = client()) {
            c.startMessage("a@lan.test", "b@example.com");
            expect(c.cmd("Date: Thu, 1 Jan 2026 00:00:00 +0000\r\nMessage-Id: <x@y>\r\n\r\nbody\r\n."), "250");
        }
        String content = new String(Spool.open(dir.resolve("spool"), clock).content(spooled().get(0)),
                StandardCharsets.UTF_8);
        assertThat(content).containsOnlyOnce("Date:").containsOnlyOnce("Message-I").contains("<x@y>");
    }

    @Test
    void nonLanSourceGets554AndNoService() throws Exception {
        start(a -> false, 64 * 1024, 3, 4);
        try (RawSmtpClient c = client()) {
            String greeting = c.reply();
            assertThat(greeting).startsWith("554 5.7.1").contains("not in the LAN");
            assertThat(c.reply()).isNull(); // connection closed
        }
        assertThat(counts.refused.sum()).isEqualTo(1);
    }

    /**
     * SMTP smuggling (CVE-2023-51764 and friends): a fake end-of-data inside the message must neither end it nor
     * let the rest run as commands. The whole message is read to the real CRLF.CRLF and refused; the next command
     * gets the next reply.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\r.\r", "\n.\r\n", "\r\n.\n", "\r\n.\r", "\r.\r\n"})
    void smugglingPayloadNeverSplitsAMessage(String fakeEnd) throws Exception {
        start();
        try (RawSmtpClient c = client()) {
            c.startMessage("a@lan.test", "b@example.com");
            c.send("Subject: one\r\n\r\nfirst part" + fakeEnd
                    + "MAIL FROM:<evil@attacker.test>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\n"
                    + "From: ceo@bank.test\r\n\r\nsmuggled\r\n\r\n.\r\n");
            String reply = c.reply();
            assertThat(reply).startsWith("554 5.6.11");
            // the smuggled commands were swallowed as data: the next reply belongs to our NOOP
            expect(c.cmd("NOOP"), "250");
            // and the session is usable for a clean message
            expect(c.cmd("MAIL FROM:<a@lan.test>"), "250");
            expect(c.cmd("RCPT TO:<b@example.com>"), "250");
            expect(c.cmd("DATA"), "354");
            expect(c.cmd("Subject: two\r\n\r\nclean\r\n."), "250");
        }
        assertThat(spooled()).hasSize(1);
        String content = new String(Spool.open(dir.resolve("spool"), clock).content(spooled().get(0)),
                StandardCharsets.UTF_8);
        assertThat(content).contains("clean").doesNotContain("smuggled").doesNotContain("evil");
    }

    @Test
    void dotStuffedLinesAreUnstuffedAndDotLineInsideIsNotAnEnd() throws Exception {
        start();
        try (RawSmtpClient c = client()) {
            c.startMessage("a@lan.test", "b@example.com");
            expect(c.cmd("Subject: dots\r\n\r\n..leading dot\r\n.. \r\nend\r\n."), "250");
        }
        String content = new String(Spool.open(dir.resolve("spool"), clock).content(spooled().get(0)),
                StandardCharsets.UTF_8);
        assertThat(content).endsWith("\r\n\r\n.leading dot\r\n. \r\nend\r\n");
    }

    @Test
    void oversizedMessageGets552AndTheSessionGoesOn() throws Exception {
        start(InetAddress::isLoopbackAddress, 2048, 3, 4);
        try (RawSmtpClient c = client()) {
            expect(c.reply(), "220");
            assertThat(c.cmd("EHLO client")).contains("SIZE 2048").contains("PIPELINING").contains("8BITMIME")
                    .contains("SMTPUTF8").doesNotContain("CHUNKING");
            // RFC 1870: a declared size over the limit is refused at MAIL
            assertThat(c.cmd("MAIL FROM:<a@lan.test> SIZE=999999")).startsWith("552");
            expect(c.cmd("MAIL FROM:<a@lan.test>"), "250");
            expect(c.cmd("RCPT TO:<b@example.com>"), "250");
            expect(c.cmd("DATA"), "354");
            String big = "x".repeat(900) + "\r\n";
            assertThat(c.cmd("Subject: big\r\n\r\n" + big.repeat(5) + ".")).startsWith("552 5.3.4");
            expect(c.cmd("MAIL FROM:<a@lan.test>"), "250");
            expect(c.cmd("RCPT TO:<b@example.com>"), "250");
            expect(c.cmd("DATA"), "354");
            expect(c.cmd("Subject: small\r\n\r\nok\r\n."), "250");
        }
        assertThat(spooled()).hasSize(1);
    }

    @Test
    void overlongDataLineIsRefused() throws Exception {
        start();
        try (RawSmtpClient c = client()) {
            c.startMessage("a@lan.test", "b@example.com");
            assertThat(c.cmd("Subject: long\r\n\r\n" + "y".repeat(999) + "\r\n.")).startsWith("554 5.6.0");
            expect(c.cmd("NOOP"), "250");
        }
        assertThat(spooled()).isEmpty();
    }

    @Test
    void overlongCommandLineGets5xxAndOthersAreStillServed() throws Exception {
        start();
        try (RawSmtpClient c = client()) {
            expect(c.reply(), "220");
            c.send("EHLO " + "h".repeat(5000) + "\r\n");
            assertThat(c.reply()).startsWith("5");
        }
        try (RawSmtpClient c = client()) {
            c.startMessage("a@lan.test", "b@example.com");
            expect(c.cmd("\r\nok\r\n."), "250");
        }
    }

    @Test
    void malformedCommandsGet5xx() throws Exception {
        start();
        try (RawSmtpClient c = client()) {
            expect(c.reply(), "220");
            assertThat(c.cmd("FOO bar")).startsWith("500");
            assertThat(c.cmd("EHLO")).startsWith("501");
            assertThat(c.cmd("RCPT TO:<b@example.com>")).startsWith("503");
            assertThat(c.cmd("DATA")).startsWith("503");
            assertThat(c.cmd("MAIL FROM:<no-domain>")).startsWith("5");
            assertThat(c.cmd("MAIL FROM:<a@lan.test>")).startsWith("250");
            assertThat(c.cmd("RCPT TO:<nodomain>")).startsWith("501 5.1.3");
            assertThat(c.cmd("RCPT TO:<" + "l".repeat(300) + "@example.com>")).startsWith("501 5.1.3");
            assertThat(c.cmd("DATA")).startsWith("503"); // still no valid recipient
            expect(c.cmd("QUIT"), "221");
        }
        try (RawSmtpClient c = client()) {
            expect(c.reply(), "220");
            c.send("NOOP\nRSET\r\n"); // bare LF in a command line: refused when the line ends
            assertThat(c.reply()).startsWith("501");
        }
        assertThat(spooled()).isEmpty();
    }

    @Test
    void recipientLimitGives452() throws Exception {
        start();
        try (RawSmtpClient c = client()) {
            expect(c.reply(), "220");
            expect(c.cmd("EHLO c"), "250");
            expect(c.cmd("MAIL FROM:<a@lan.test>"), "250");
            for (int i = 0; i < 3; i++) {
                expect(c.cmd("RCPT TO:<r" + i + "@example.com>"), "250");
            }
            assertThat(c.cmd("RCPT TO:<r4@example.com>")).startsWith("452");
        }
    }

    @Test
    void perClientConnectionLimitGives421() throws Exception {
        start(InetAddress::isLoopbackAddress, 64 * 1024, 3, 1);
        try (RawSmtpClient first = client()) {
            expect(first.reply(), "220");
            try (RawSmtpClient second = client()) {
                assertThat(second.reply()).startsWith("421 4.7.0");
            }
            expect(first.cmd("NOOP"), "250");
        }
    }

    @Test
    void totalConnectionLimitGives421() throws Exception {
        SmtpRelayConfig cfg = SmtpRelayConfig.defaults()
                .withListen(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
                .withSpoolDir(dir.resolve("spool"))
                .withLimits(64 * 1024, 3, 2, 8, Duration.ofSeconds(20));
        server = SmtpRelayServer.builder().config(cfg).clock(clock).build();
        server.start();
        try (RawSmtpClient a = client(); RawSmtpClient b = client()) {
            expect(a.reply(), "220");
            expect(b.reply(), "220");
            try (RawSmtpClient c = client()) {
                assertThat(c.reply()).startsWith("421");
            }
            expect(a.cmd("NOOP"), "250");
        }
    }

    @Test
    void connectionLostDuringDataKeepsNothing() throws Exception {
        start(InetAddress::isLoopbackAddress, 64 * 1024, 3, 1);
        try (RawSmtpClient c = client()) {
            c.startMessage("a@lan.test", "b@example.com");
            c.send("Subject: cut\r\n\r\nhalf a messa");
            c.shutdownOutput();
            String r = c.reply();
            assertThat(r == null || !r.startsWith("250")).isTrue();
        }
        // with one session per client allowed, a new greeting means the cut session has ended
        gateway.smtp.testing.Await.until("cut session ended", () -> {
            try (RawSmtpClient c = client()) {
                return c.reply().startsWith("220");
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(spooled()).isEmpty();
        assertThat(Spool.open(dir.resolve("spool"), clock).recover().tornRemoved()).isZero();
    }

    /** A client that stops talking is cut with 421 (RFC 5321 4.5.3.2 timeouts); the test only blocks reading. */
    @Test
    void silentClientTimesOutWith421() throws Exception {
        SmtpRelayConfig cfg = SmtpRelayConfig.defaults()
                .withListen(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
                .withSpoolDir(dir.resolve("spool"))
                .withLimits(64 * 1024, 3, 16, 4, Duration.ofMillis(300));
        server = SmtpRelayServer.builder().config(cfg).clock(clock).build();
        server.start();
        try (RawSmtpClient c = client()) {
            expect(c.reply(), "220");
            expect(c.cmd("EHLO c"), "250");
            assertThat(c.reply()).startsWith("421"); // we send nothing more
        }
        try (RawSmtpClient c = client()) {
            expect(c.reply(), "220"); // and the listener still serves
        }
    }

    /** A client trickling data (each read within the idle timeout) is cut by the total DATA deadline. */
    @Test
    void tricklingClientIsCutByTheDataDeadlineAndNothingIsKept() throws Exception {
        SmtpRelayConfig cfg = SmtpRelayConfig.defaults()
                .withListen(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
                .withSpoolDir(dir.resolve("spool"))
                .withLimits(64 * 1024, 3, 16, 4, Duration.ofSeconds(20));
        server = SmtpRelayServer.builder().config(cfg).clock(clock).maxDataTime(Duration.ofMillis(300)).build();
        server.start();
        try (RawSmtpClient c = client()) {
            c.startMessage("a@lan.test", "b@example.com");
            String reply = null;
            try {
                for (int i = 0; i < 2000 && reply == null; i++) {
                    c.send("x"); // one byte at a time, far inside the idle timeout
                    Thread.sleep(5);
                }
                c.send("\r\n.\r\n");
                reply = c.reply();
            } catch (IOException closed) {
                reply = null;
            }
            assertThat(reply == null || !reply.startsWith("250")).as("reply %s", reply).isTrue();
        }
        assertThat(spooled()).isEmpty();
    }

    SmtpRelayServer startWithCommandTime(Duration maxCommandTime) throws IOException {
        SmtpRelayConfig cfg = SmtpRelayConfig.defaults()
                .withListen(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
                .withSpoolDir(dir.resolve("spool"))
                .withLimits(64 * 1024, 3, 16, 4, Duration.ofSeconds(20));
        server = SmtpRelayServer.builder().config(cfg).clock(clock).maxCommandTime(maxCommandTime).build();
        server.start();
        return server;
    }

    /** A client sending a command every so often (each within the idle timeout) is cut by the command deadline. */
    @Test
    void tricklingCommandsAreCutByTheSessionDeadline() throws Exception {
        startWithCommandTime(Duration.ofMillis(500));
        try (RawSmtpClient c = client()) {
            expect(c.reply(), "220");
            String reply = c.cmd("EHLO c");
            for (int i = 0; i < 400 && reply != null && reply.startsWith("250"); i++) {
                Thread.sleep(50);
                reply = c.cmd("NOOP");
            }
            assertThat(reply).startsWith("421 4.4.2");
            assertThat(c.reply()).as("then the connection is closed").isNull();
        }
        try (RawSmtpClient c = client()) {
            expect(c.reply(), "220"); // and the listener still serves
        }
    }

    /** Sending mail restarts the command deadline: a session that keeps delivering is not cut. */
    @Test
    void eachAcceptedMessageRestartsTheCommandDeadline() throws Exception {
        startWithCommandTime(Duration.ofMillis(1500));
        try (RawSmtpClient c = client()) {
            expect(c.reply(), "220");
            expect(c.cmd("EHLO c"), "250");
            for (int i = 0; i < 4; i++) { // 4 x 600 ms: longer than the deadline in all, shorter between messages
                Thread.sleep(600);
                expect(c.cmd("MAIL FROM:<a@lan.test>"), "250");
                expect(c.cmd("RCPT TO:<b@example.com>"), "250");
                expect(c.cmd("DATA"), "354");
                expect(c.cmd("Subject: " + i + "\r\n\r\nbody\r\n."), "250");
            }
            expect(c.cmd("QUIT"), "221");
        }
        assertThat(spooled()).hasSize(4);
    }

    @Test
    void bdatIsRefusedAndTheConnectionClosed() throws Exception {
        start();
        try (RawSmtpClient c = client()) {
            expect(c.reply(), "220");
            expect(c.cmd("EHLO c"), "250");
            expect(c.cmd("MAIL FROM:<a@lan.test>"), "250");
            expect(c.cmd("RCPT TO:<b@example.com>"), "250");
            assertThat(c.cmd("BDAT 5 LAST")).startsWith("502");
            assertThat(c.reply()).isNull();
        }
    }

    @Test
    void pipelinedTransactionsAreAnsweredInOrder() throws Exception {
        start();
        try (RawSmtpClient c = client()) {
            expect(c.reply(), "220");
            expect(c.cmd("EHLO c"), "250");
            c.send("MAIL FROM:<a@lan.test>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<bad>\r\nDATA\r\n");
            expect(c.reply(), "250");
            expect(c.reply(), "250");
            expect(c.reply(), "501");
            expect(c.reply(), "354");
            c.send("\r\none\r\n.\r\nMAIL FROM:<a@lan.test>\r\nRCPT TO:<c@example.com>\r\nDATA\r\n");
            expect(c.reply(), "250");
            expect(c.reply(), "250");
            expect(c.reply(), "250");
            expect(c.reply(), "354");
            expect(c.cmd("\r\ntwo\r\n."), "250");
        }
        assertThat(spooled()).hasSize(2);
    }

    @Test
    void bindFailureNamesTheAddressAndTheCause() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SmtpRelayConfig cfg = SmtpRelayConfig.defaults()
                    .withListen(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort())))
                    .withSpoolDir(dir.resolve("spool"));
            SmtpRelayServer s = SmtpRelayServer.builder().config(cfg).build();
            assertThatThrownBy(s::start).isInstanceOf(IOException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort())).hasMessageContaining("port in use");
        }
    }

    /** RFC 6152 / RFC 6531 / RFC 1870: MAIL parameters are parsed, checked and kept with the spooled envelope. */
    @Test
    void mailParametersAreCheckedAndSpooled() throws Exception {
        start();
        try (RawSmtpClient c = client()) {
            expect(c.reply(), "220");
            expect(c.cmd("EHLO client"), "250");
            // SubEthaSMTP read SIZE only when it came last
            assertThat(c.cmd("MAIL FROM:<a@lan.test> SIZE=999999 BODY=8BITMIME")).startsWith("552 5.3.4");
            assertThat(c.cmd("MAIL FROM:<a@lan.test> RET=HDRS")).startsWith("555 5.5.4").contains("RET");
            assertThat(c.cmd("MAIL FROM:<a@lan.test> BODY=BINARYMIME")).startsWith("501 5.5.4");
            assertThat(c.cmd("MAIL FROM:<a@lan.test>BODY=8BITMIME")).startsWith("501");
            assertThat(c.cmd("MAIL FROM:<\u00e9l\u00e8ve@lan.test>")).startsWith("553 5.6.7");
            expect(c.cmd("MAIL FROM:<a@lan.test> BODY=8BITMIME"), "250");
            assertThat(c.cmd("RCPT TO:<\u00e9l\u00e8ve@example.com>")).startsWith("553 5.6.7");
            expect(c.cmd("RSET"), "250");
            expect(c.cmd("MAIL FROM:<\u00e9l\u00e8ve@lan.test> body=8bitmime smtputf8 size=100"), "250");
            expect(c.cmd("RCPT TO:<d\u00e9j\u00e0@example.com>"), "250");
            expect(c.cmd("DATA"), "354");
            expect(c.cmd("Subject: caf\u00e9\r\n\r\nna\u00efve\r\n."), "250");
            expect(c.cmd("MAIL FROM:<a@lan.test>"), "250");
            expect(c.cmd("RCPT TO:<b@example.com>"), "250");
            expect(c.cmd("DATA"), "354");
            expect(c.cmd("Subject: plain\r\n\r\nplain\r\n."), "250");
        }
        List<gateway.smtp.spool.SpooledMessage> queued = Spool.open(dir.resolve("spool"), clock).recover().messages();
        assertThat(queued).hasSize(2);
        assertThat(queued).anySatisfy(m -> {
            assertThat(m.envelope().sender()).isEqualTo("\u00e9l\u00e8ve@lan.test");
            assertThat(m.envelope().body()).isEqualTo(gateway.smtp.spool.BodyType.EIGHT_BIT_MIME);
            assertThat(m.envelope().smtpUtf8()).isTrue();
        });
        assertThat(queued).anySatisfy(m -> {
            assertThat(m.envelope().sender()).isEqualTo("a@lan.test");
            assertThat(m.envelope().body()).isEqualTo(gateway.smtp.spool.BodyType.UNSPECIFIED);
            assertThat(m.envelope().smtpUtf8()).isFalse();
        });
    }
}
