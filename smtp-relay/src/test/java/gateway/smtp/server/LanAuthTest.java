package gateway.smtp.server;

import static gateway.smtp.testing.RawSmtpClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import gateway.smtp.config.RelayHostConfig;
import gateway.smtp.config.SmtpRelayConfig;
import gateway.smtp.config.TlsMode;
import gateway.smtp.delivery.AttemptResult;
import gateway.smtp.delivery.Credentials;
import gateway.smtp.delivery.RecipientResult;
import gateway.smtp.delivery.TlsTrust;
import gateway.smtp.delivery.UpstreamSession;
import gateway.smtp.spool.Spool;
import gateway.smtp.testing.RawSmtpClient;
import gateway.smtp.testing.TestCerts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.auth.LoginFailedException;

/** Optional STARTTLS and AUTH for LAN clients (RFC 3207, RFC 4954), on top of the LAN-only rule. */
class LanAuthTest {
    @TempDir
    Path dir;
    SmtpRelayServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    SmtpRelayServer.Builder builder() {
        return SmtpRelayServer.builder().config(SmtpRelayConfig.defaults()
                .withListen(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
                .withSpoolDir(dir.resolve("spool")));
    }

    static void check(String user, String password) throws LoginFailedException {
        if (!user.equals("printer") || !password.equals("pr1nt")) {
            throw new LoginFailedException("bad");
        }
    }

    @Test
    void usersFileAndPemFilesLoad() throws Exception {
        Path users = java.nio.file.Files.writeString(dir.resolve("users"), "# LAN senders\nprinter:pr1nt\n");
        java.nio.file.Files.setPosixFilePermissions(users,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LanUsers.load(users)).hasMessageContaining("chmod 600");
        java.nio.file.Files.setPosixFilePermissions(users,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        LanUsers u = LanUsers.load(users);
        u.login("printer", "pr1nt", null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> u.login("printer", "x", null))
                .isInstanceOf(LoginFailedException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> u.login("nobody", "pr1nt", null))
                .isInstanceOf(LoginFailedException.class);

        TestCerts cert = TestCerts.selfSigned("localhost", "localhost");
        Path key = dir.resolve("key.pem");
        try (var w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(java.nio.file.Files.newBufferedWriter(key))) {
            w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(cert.keys.getPrivate(), null));
        }
        assertThat(LanTls.serverContext(cert.writePem(dir.resolve("cert.pem")), key)).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LanTls.serverContext(dir.resolve("cert.pem"),
                dir.resolve("cert.pem"))).hasMessageContaining("PKCS#8");
    }

    @Test
    void requiredAuthWithoutTls() throws Exception {
        server = builder().lanAuth((u, p, ctx) -> check(u, p), true).build();
        server.start();
        try (RawSmtpClient c = new RawSmtpClient(server.boundAddresses().get(0))) {
            expect(c.reply(), "220");
            assertThat(c.cmd("EHLO c")).contains("AUTH PLAIN LOGIN").doesNotContain("STARTTLS");
            assertThat(c.cmd("MAIL FROM:<a@lan.test>")).startsWith("530");
            assertThat(c.cmd("DATA")).startsWith("530");
            String bad = Base64.getEncoder().encodeToString("\0printer\0wrong".getBytes(StandardCharsets.UTF_8));
            assertThat(c.cmd("AUTH PLAIN " + bad)).startsWith("535");
            String good = Base64.getEncoder().encodeToString("\0printer\0pr1nt".getBytes(StandardCharsets.UTF_8));
            expect(c.cmd("AUTH PLAIN " + good), "235");
            expect(c.cmd("MAIL FROM:<a@lan.test>"), "250");
            expect(c.cmd("RCPT TO:<b@example.com>"), "250");
            expect(c.cmd("DATA"), "354");
            expect(c.cmd("\r\nauthenticated\r\n."), "250");
        }
        assertThat(Spool.open(dir.resolve("spool"), Clock.systemUTC()).ids()).hasSize(1);
    }

    @Test
    void startTlsThenAuthWithAJakartaMailClient() throws Exception {
        TestCerts cert = TestCerts.selfSigned("localhost", "localhost");
        server = builder().lanTls(cert.serverContext()).lanAuth((u, p, ctx) -> check(u, p), true).build();
        server.start();
        try (RawSmtpClient c = new RawSmtpClient(server.boundAddresses().get(0))) {
            expect(c.reply(), "220");
            // no AUTH offered before TLS: a password never crosses the LAN in the clear
            assertThat(c.cmd("EHLO c")).contains("STARTTLS").doesNotContain("AUTH");
        }
        // our own upstream client as a LAN client: STARTTLS required, certificate checked, AUTH PLAIN
        RelayHostConfig asClient = RelayHostConfig.defaults()
                .withHost("localhost", server.boundAddresses().get(0).getPort(), TlsMode.STARTTLS)
                .withTrust(cert.writePem(dir.resolve("ca.pem")), "").withCredentials("printer", "pr1nt", null)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
        try (UpstreamSession s = new UpstreamSession(asClient, Credentials.from(asClient),
                TlsTrust.socketFactory(asClient))) {
            AttemptResult r = s.send("Subject: scan\r\n\r\npage 1\r\n".getBytes(StandardCharsets.US_ASCII),
                    "printer@lan.test", List.of("office@example.com"));
            assertThat(r).isInstanceOfSatisfying(AttemptResult.PerRecipient.class, pr ->
                    assertThat(pr.results()).extracting(RecipientResult::status)
                            .containsExactly(RecipientResult.Status.DELIVERED));
        }
        assertThat(Spool.open(dir.resolve("spool"), Clock.systemUTC()).ids()).hasSize(1);
    }
}
