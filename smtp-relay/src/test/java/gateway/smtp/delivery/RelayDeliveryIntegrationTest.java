package gateway.smtp.delivery;

import static gateway.smtp.testing.RawSmtpClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import gateway.smtp.config.QueueConfig;
import gateway.smtp.config.RelayHostConfig;
import gateway.smtp.config.SmtpRelayConfig;
import gateway.smtp.config.TlsMode;
import gateway.smtp.metrics.CountingListener;
import gateway.smtp.server.SmtpRelayServer;
import gateway.smtp.spool.Spool;
import gateway.smtp.testing.Await;
import gateway.smtp.testing.MutableClock;
import gateway.smtp.testing.RawSmtpClient;
import gateway.smtp.testing.SubmissionServer;
import gateway.smtp.testing.TestCerts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay end to end on loopback: LAN client → our listener → spool → STARTTLS + AUTH → an in-process
 * submission server with a certificate made for the test.
 */
class RelayDeliveryIntegrationTest {
    static TestCerts localhostCert;
    static TestCerts otherCert;

    @TempDir
    Path dir;
    SubmissionServer isp;
    SmtpRelayServer relay;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
    final CountingListener counts = new CountingListener();

    @BeforeAll
    static void certs() throws Exception {
        localhostCert = TestCerts.selfSigned("localhost", "localhost", "127.0.0.1");
        otherCert = TestCerts.selfSigned("smtp.other.test", "smtp.other.test");
    }

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
        if (isp != null) {
            isp.close();
        }
    }

    RelayHostConfig relayHost(TestCerts trusted) throws IOException {
        return RelayHostConfig.defaults().withHost("localhost", isp.port(), TlsMode.STARTTLS)
                .withTrust(trusted.writePem(dir.resolve("ca.pem")), "")
                .withCredentials("isp-user", "s3cret-pw", null)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    void startRelay(RelayHostConfig rh) throws IOException {
        SmtpRelayConfig cfg = SmtpRelayConfig.defaults()
                .withListen(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
                .withSpoolDir(dir.resolve("spool"))
                .withRelayHost(rh)
                .withQueue(new QueueConfig(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)), Duration.ofDays(1),
                        1, "postmaster@lan.test", Duration.ofSeconds(30)));
        relay = SmtpRelayServer.builder().config(cfg).clock(clock).listener(counts).build();
        relay.start();
    }

    String send(String from, String body, String... rcpts) throws IOException {
        return sendWith("", from, body, rcpts);
    }

    String sendWith(String mailParameters, String from, String body, String... rcpts) throws IOException {
        try (RawSmtpClient c = new RawSmtpClient(relay.boundAddresses().get(0))) {
            c.startMessageWith(mailParameters, from, rcpts);
            String ok = expect(c.cmd(body + "\r\n."), "250");
            c.cmd("QUIT");
            return ok.substring(ok.lastIndexOf(' ') + 1);
        }
    }

    @Test
    void deliversOverStartTlsWithAuthOnOneReusedConnection() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "s3cret-pw");
        startRelay(relayHost(localhostCert));
        String id = send("cron@nas.lan", "Subject: one\r\n\r\nbody one", "a@example.com", "b@example.com");
        Await.until("first delivered", () -> isp.received.size() == 1);
        send("cron@nas.lan", "Subject: two\r\n\r\nbody two", "c@example.com");
        send("cron@nas.lan", "Subject: three\r\n\r\nbody three", "d@example.com");
        Await.until("all delivered", () -> isp.received.size() == 3);
        Await.until("queue empty", () -> relay.queue().size() == 0);

        SubmissionServer.Received first = isp.received.get(0);
        assertThat(first.from()).isEqualTo("cron@nas.lan");
        assertThat(first.recipients()).containsExactly("a@example.com", "b@example.com");
        assertThat(first.tls()).isTrue();
        assertThat(first.user()).isEqualTo("isp-user");
        String content = new String(first.data(), StandardCharsets.UTF_8);
        assertThat(content).contains("Subject: one").contains("Message-ID: <" + id + "@").endsWith("body one\r\n");
        // one TLS + AUTH session for all three messages: the point of beating Postfix
        assertThat(isp.sessions.get()).isEqualTo(1);
        assertThat(counts.connections.sum()).isLessThanOrEqualTo(1);
        assertThat(Spool.open(dir.resolve("spool"), clock).ids()).isEmpty();
    }

    @Test
    void serverWithoutStartTlsHoldsTheMailWithAClearError() throws Exception {
        isp = new SubmissionServer(localhostCert, false, "isp-user", "s3cret-pw");
        startRelay(relayHost(localhostCert));
        String id = send("cron@nas.lan", "Subject: held\r\n\r\nsecret body", "a@example.com");
        Await.until("attempt made", () -> relay.queue().snapshot().get(0).attempts() == 1);
        QueueEntry e = relay.queue().snapshot().get(0);
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.lastError()).contains("STARTTLS");
        assertThat(e.pending()).containsExactly("a@example.com");
        assertThat(isp.received).isEmpty();
        assertThat(Spool.open(dir.resolve("spool"), clock).ids()).containsExactly(id);
    }

    @Test
    void certificateForAnotherHostNameHoldsTheMail() throws Exception {
        isp = new SubmissionServer(otherCert, true, "isp-user", "s3cret-pw");
        startRelay(relayHost(otherCert)); // trusted CA, but issued for smtp.other.test, not localhost
        send("cron@nas.lan", "Subject: x\r\n\r\ny", "a@example.com");
        Await.until("attempt made", () -> relay.queue().snapshot().get(0).attempts() == 1);
        assertThat(relay.queue().snapshot().get(0).lastError()).containsIgnoringCase("localhost");
        assertThat(isp.received).isEmpty();
    }

    @Test
    void untrustedCertificateHoldsTheMail() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "s3cret-pw");
        startRelay(relayHost(otherCert)); // the server's certificate is not in any trusted store
        send("cron@nas.lan", "Subject: x\r\n\r\ny", "a@example.com");
        Await.until("attempt made", () -> relay.queue().snapshot().get(0).attempts() == 1);
        assertThat(relay.queue().snapshot().get(0).lastError()).containsIgnoringCase("certification path");
        assertThat(isp.received).isEmpty();
    }

    @Test
    void pinnedCertificateMustMatch() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "s3cret-pw");
        RelayHostConfig wrongPin = relayHost(localhostCert).withTrust(dir.resolve("ca.pem"), "ab".repeat(32));
        startRelay(wrongPin);
        send("cron@nas.lan", "Subject: x\r\n\r\ny", "a@example.com");
        Await.until("attempt made", () -> relay.queue().snapshot().get(0).attempts() == 1);
        assertThat(relay.queue().snapshot().get(0).lastError()).contains("pinned");
        relay.close();
        RelayHostConfig rightPin = wrongPin.withTrust(dir.resolve("ca.pem"), TlsTrust.fingerprint(localhostCert.cert));
        startRelay(rightPin); // same spool: the held message is recovered, keeps its schedule, flush sends it
        assertThat(relay.queue().snapshot()).hasSize(1);
        relay.queue().flush();
        Await.until("delivered", () -> isp.received.size() == 1);
    }

    @Test
    void wrongPasswordHoldsWithoutLeakingIt() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "other-pw");
        startRelay(relayHost(localhostCert));
        send("cron@nas.lan", "Subject: x\r\n\r\ny", "a@example.com");
        Await.until("attempt made", () -> relay.queue().snapshot().get(0).attempts() == 1);
        String err = relay.queue().snapshot().get(0).lastError();
        assertThat(err).isNotEmpty().doesNotContain("s3cret-pw");
        assertThat(counts.bounced.sum()).isZero();
    }

    @Test
    void partialFailureRetriesOnlyTheFailedRecipient() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "s3cret-pw");
        isp.rcptPolicy = r -> r.startsWith("busy@") ? "450 4.2.1 mailbox busy" : null;
        startRelay(relayHost(localhostCert));
        send("cron@nas.lan", "Subject: x\r\n\r\ny", "ok@example.com", "busy@example.com");
        Await.until("first attempt", () -> isp.received.size() == 1
                && relay.queue().snapshot().get(0).attempts() == 1);
        assertThat(isp.received.get(0).recipients()).containsExactly("ok@example.com");
        QueueEntry e = relay.queue().snapshot().get(0);
        assertThat(e.pending()).containsExactly("busy@example.com");
        assertThat(e.lastError()).contains("450").contains("busy@example.com");
        assertThat(e.nextAttempt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));

        isp.rcptPolicy = r -> null;
        relay.queue().flush();
        Await.until("second delivery", () -> isp.received.size() == 2);
        assertThat(isp.received.get(1).recipients()).containsExactly("busy@example.com");
        Await.until("queue empty", () -> relay.queue().size() == 0);
    }

    @Test
    void permanentFailureBouncesToTheSender() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "s3cret-pw");
        isp.rcptPolicy = r -> r.startsWith("nobody@") ? "550 5.1.1 no such user" : null;
        startRelay(relayHost(localhostCert));
        send("cron@nas.lan", "Subject: report\r\n\r\ny", "ok@example.com", "nobody@example.com");
        Await.until("original and bounce", () -> isp.received.size() == 2);
        SubmissionServer.Received bounce = isp.received.get(1);
        assertThat(bounce.from()).isEmpty(); // null reverse-path, RFC 5321 4.5.5
        assertThat(bounce.recipients()).containsExactly("cron@nas.lan");
        String dsn = new String(bounce.data(), StandardCharsets.UTF_8);
        assertThat(dsn).contains("report-type=delivery-status").contains("Final-Recipient: rfc822; nobody@example.com")
                .contains("Status: 5.1.1").contains("Subject: report");
        Await.until("queue empty", () -> relay.queue().size() == 0);
    }

    @Test
    void expiredMessageBouncesWithDeliveryTimeExpired() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "s3cret-pw");
        isp.rcptPolicy = r -> r.startsWith("slow@") ? "451 4.3.0 later" : null;
        startRelay(relayHost(localhostCert));
        send("cron@nas.lan", "Subject: x\r\n\r\ny", "slow@example.com");
        Await.until("first attempt", () -> relay.queue().snapshot().get(0).attempts() == 1);
        clock.advance(Duration.ofDays(2));
        relay.queue().flush();
        Await.until("bounce delivered", () -> isp.received.size() == 1);
        String dsn = new String(isp.received.get(0).data(), StandardCharsets.UTF_8);
        assertThat(dsn).contains("Status: 4.4.7").contains("451 4.3.0 later");
        assertThat(isp.received.get(0).recipients()).containsExactly("cron@nas.lan");
    }

    @Test
    void envelopeSenderRewrite() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "s3cret-pw");
        startRelay(relayHost(localhostCert).withRewriteSender("account@isp.test"));
        send("cron@nas.lan", "From: cron@nas.lan\r\n\r\ny", "a@example.com");
        Await.until("delivered", () -> isp.received.size() == 1);
        assertThat(isp.received.get(0).from()).isEqualTo("account@isp.test");
        assertThat(new String(isp.received.get(0).data(), StandardCharsets.UTF_8)).contains("From: cron@nas.lan");
    }

    /** Relays pass bytes through: 8-bit header bytes, Bcc, dot lines arrive exactly as spooled. */
    @Test
    void contentIsPassedThroughByteForByte() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "s3cret-pw");
        startRelay(relayHost(localhostCert));
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        raw.write("Date: Thu, 1 Jan 2026 00:00:00 +0000\r\nMessage-ID: <m1@lan.test>\r\nBcc: hidden@example.com\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        raw.write(new byte[] {'X', '-', 'L', ':', ' ', 'c', 'a', 'f', (byte) 0xe9, '\r', '\n'});
        raw.write("Subject: =?utf-8?q?caf=C3=A9?=\r\n\r\n..a line starting with a dot\r\n\u00e9t\u00e9\r\n"
                .getBytes(StandardCharsets.UTF_8));
        String id;
        try (RawSmtpClient c = new RawSmtpClient(relay.boundAddresses().get(0))) {
            c.startMessage("cron@nas.lan", "a@example.com");
            c.send(raw.toByteArray());
            String ok = expect(c.cmd("."), "250");
            id = ok.substring(ok.lastIndexOf(' ') + 1);
        }
        byte[] spooled = Spool.open(dir.resolve("spool"), clock).content(id);
        Await.until("delivered", () -> isp.received.size() == 1);
        byte[] got = isp.received.get(0).data();
        // the submission server put its own Received line in front; the rest must be identical
        assertThat(java.util.Arrays.copyOfRange(got, got.length - spooled.length, got.length)).isEqualTo(spooled);
        assertThat(new String(spooled, StandardCharsets.ISO_8859_1)).contains("Bcc: hidden@example.com")
                .contains("\r\n.a line starting with a dot\r\n");
    }

    /** RFC 6531: a non-ASCII address goes upstream in UTF-8 with SMTPUTF8. */
    @Test
    void internationalizedRecipientIsPreserved() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "s3cret-pw");
        startRelay(relayHost(localhostCert));
        sendWith(" SMTPUTF8", "cron@nas.lan", "Subject: utf8\r\n\r\nx",
                "\u03b4\u03bf\u03ba\u03b9\u03bc\u03ae@example.com");
        Await.until("delivered", () -> isp.received.size() == 1);
        assertThat(isp.received.get(0).recipients()).containsExactly("\u03b4\u03bf\u03ba\u03b9\u03bc\u03ae@example.com");
        assertThat(isp.mailCommands).singleElement().asString().endsWith(" SMTPUTF8");
    }

    /** RFC 6152 / RFC 6531: what the client declared in MAIL goes upstream; nothing is added to plain mail. */
    @Test
    void declaredMailParametersArePassedUpstream() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "s3cret-pw");
        startRelay(relayHost(localhostCert));
        sendWith(" BODY=8BITMIME SMTPUTF8", "cron@nas.lan", "Subject: caf\u00e9\r\n\r\nd\u00e9j\u00e0 vu",
                "a@example.com");
        sendWith(" BODY=7BIT", "cron@nas.lan", "Subject: plain\r\n\r\nascii", "a@example.com");
        send("cron@nas.lan", "Subject: plain\r\n\r\nascii", "a@example.com");
        Await.until("delivered", () -> isp.received.size() == 3);
        assertThat(isp.mailCommands).containsExactly("MAIL FROM:<cron@nas.lan> BODY=8BITMIME SMTPUTF8",
                "MAIL FROM:<cron@nas.lan> BODY=7BIT", "MAIL FROM:<cron@nas.lan>");
        assertThat(new String(isp.received.get(0).data(), StandardCharsets.UTF_8)).endsWith("d\u00e9j\u00e0 vu\r\n");
    }

    /** RFC 6152 section 3: to a server without 8BITMIME, 8-bit MIME content goes as quoted-printable. */
    @Test
    void eightBitMimeIsConvertedForAServerWithoutIt() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "s3cret-pw");
        isp.hiddenExtensions = java.util.Set.of("8BITMIME");
        startRelay(relayHost(localhostCert));
        String text = "Gr\u00fc\u00dfe aus K\u00f6ln";
        sendWith(" BODY=8BITMIME", "cron@nas.lan", "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\nSubject: qp\r\n\r\n" + text, "a@example.com");
        Await.until("delivered", () -> isp.received.size() == 1);
        assertThat(isp.mailCommands).containsExactly("MAIL FROM:<cron@nas.lan>");
        byte[] got = isp.received.get(0).data();
        assertThat(new String(got, StandardCharsets.ISO_8859_1)).doesNotContainPattern("[\\x80-\\xff]")
                .contains("Content-Transfer-Encoding: quoted-printable").doesNotContain("Content-Transfer-Encoding: 8bit");
        jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(
                jakarta.mail.Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(got));
        assertThat(m.getContent()).isEqualTo(text + "\r\n");
    }

    /** Where conversion is not safe (no MIME), or SMTPUTF8 is needed but absent, the sender gets a clear DSN. */
    @Test
    void messageTheServerCannotTakeIsBouncedWithTheReason() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "s3cret-pw");
        isp.hiddenExtensions = java.util.Set.of("8BITMIME", "SMTPUTF8");
        startRelay(relayHost(localhostCert));
        sendWith(" BODY=8BITMIME", "cron@nas.lan", "Subject: not mime\r\n\r\nb\u00f6dy", "a@example.com");
        sendWith(" SMTPUTF8", "cron@nas.lan", "Subject: x\r\n\r\nx", "\u00e9l\u00e8ve@example.com");
        Await.until("two bounces delivered", () -> isp.received.size() == 2);
        assertThat(isp.received).allSatisfy(r -> {
            assertThat(r.from()).isEmpty();
            assertThat(r.recipients()).containsExactly("cron@nas.lan");
        });
        String all = new String(isp.received.get(0).data(), StandardCharsets.UTF_8)
                + new String(isp.received.get(1).data(), StandardCharsets.UTF_8);
        assertThat(all).contains("5.6.3").contains("does not offer 8BITMIME").contains("5.6.7")
                .contains("SMTPUTF8 is required");
        Await.until("queue empty", () -> relay.queue().size() == 0);
    }

    /**
     * A connection used moments ago is reused without a NOOP; when the server had closed it (here: restarted), the
     * message goes at once over a new connection. The clock stands still, so a normal retry would never come.
     */
    @Test
    void connectionClosedByTheServerIsReplacedAtOnce() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "s3cret-pw");
        int port = isp.port();
        startRelay(relayHost(localhostCert));
        send("cron@nas.lan", "Subject: one\r\n\r\nx", "a@example.com");
        Await.until("first delivered", () -> isp.received.size() == 1);
        isp.close();
        isp = SubmissionServer.onPort(port, localhostCert, "isp-user", "s3cret-pw");
        send("cron@nas.lan", "Subject: two\r\n\r\ny", "b@example.com");
        Await.until("second delivered by the restarted server", () -> isp.received.size() == 1);
        assertThat(isp.received.get(0).recipients()).containsExactly("b@example.com");
        Await.until("queue empty", () -> relay.queue().size() == 0);
    }

    /** A queued file damaged after acceptance is moved aside, never sent (a partial message never leaves). */
    @Test
    void damagedQueueFileIsQuarantinedNotDelivered() throws Exception {
        isp = new SubmissionServer(localhostCert, true, "isp-user", "s3cret-pw");
        isp.rcptPolicy = r -> "451 4.3.0 not yet";
        startRelay(relayHost(localhostCert));
        String id = send("cron@nas.lan", "Subject: x\r\n\r\nbody to be damaged", "a@example.com");
        Await.until("first attempt", () -> relay.queue().snapshot().get(0).attempts() == 1);
        Path file = dir.resolve("spool/queue/" + id + ".msg");
        byte[] b = java.nio.file.Files.readAllBytes(file);
        java.nio.file.Files.write(file, java.util.Arrays.copyOf(b, b.length - 5)); // torn by the disk
        isp.rcptPolicy = r -> null;
        relay.queue().flush();
        Await.until("quarantined", () -> relay.queue().size() == 0);
        assertThat(dir.resolve("spool/corrupt/" + id + ".msg")).exists();
        assertThat(isp.received).isEmpty();
    }

    @Test
    void withoutRelayhostMailIsHeld() throws Exception {
        startRelay(RelayHostConfig.defaults());
        String id = send("cron@nas.lan", "\r\ny", "a@example.com");
        assertThat(relay.queue().snapshot()).singleElement().satisfies(e -> assertThat(e.id()).isEqualTo(id));
        assertThat(relay.queue().snapshot().get(0).attempts()).isZero();
    }

    @Test
    void implicitTlsDelivers() throws Exception {
        // SubEthaSMTP as an implicit-TLS (465) server: TLS from the first byte.
        isp = SubmissionServer.implicitTls(localhostCert, "isp-user", "s3cret-pw");
        RelayHostConfig rh = relayHost(localhostCert).withHost("localhost", isp.port(), TlsMode.IMPLICIT);
        startRelay(rh);
        send("cron@nas.lan", "\r\ny", "a@example.com");
        Await.until("delivered", () -> isp.received.size() == 1);
        assertThat(isp.received.get(0).tls()).isTrue();
    }
}
