package gateway.smtp.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.smtp.config.RelayHostConfig;
import gateway.smtp.config.TlsMode;
import gateway.smtp.diagnose.MailCheck.Status;
import gateway.smtp.testing.SubmissionServer;
import gateway.smtp.testing.TestCerts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mail check} against loopback servers; each trap must show at its own step. */
class MailCheckTest {
    static TestCerts cert;
    static TestCerts otherCert;
    @TempDir
    Path dir;
    SubmissionServer isp;
    final MailCheck.Resolver loopback = host -> {
        if (!host.equals("localhost")) {
            throw new UnknownHostException(host + ": Name or service not known");
        }
        return List.of(InetAddress.getLoopbackAddress());
    };

    @BeforeAll
    static void certs() throws Exception {
        cert = TestCerts.selfSigned("localhost", "localhost");
        otherCert = TestCerts.selfSigned("smtp.other.test", "smtp.other.test");
    }

    @AfterEach
    void stop() {
        if (isp != null) {
            isp.close();
        }
    }

    RelayHostConfig cfg(String host, int port, TestCerts trusted, String password) throws IOException {
        return RelayHostConfig.defaults().withHost(host, port, TlsMode.STARTTLS)
                .withTrust(trusted.writePem(dir.resolve("ca.pem")), "")
                .withCredentials("isp-user", password, null)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    MailCheck.Report run(RelayHostConfig c, int port25) {
        return new MailCheck(c, loopback, port25, Duration.ofSeconds(2), Clock.systemUTC()).run();
    }

    static Map<String, Status> statuses(MailCheck.Report r) {
        return r.steps().stream().collect(Collectors.toMap(MailCheck.Step::name, MailCheck.Step::status));
    }

    @Test
    void fullPathOkAndOp25bReported() throws Exception {
        isp = new SubmissionServer(cert, true, "isp-user", "pw");
        MailCheck.Report r = run(cfg("localhost", isp.port(), cert, "pw"), closedPort());
        assertThat(r.ok()).as(r.render()).isTrue();
        assertThat(statuses(r)).containsEntry("dns", Status.OK).containsEntry("tcp-submission", Status.OK)
                .containsEntry("tcp-25", Status.WARN).containsEntry("greeting", Status.OK)
                .containsEntry("ehlo", Status.OK).containsEntry("starttls", Status.OK)
                .containsEntry("certificate", Status.OK).containsEntry("auth", Status.OK);
        String out = r.render();
        assertThat(out).contains("OP25B").contains("CN=localhost").contains("host name localhost matches")
                .contains("authenticated as isp-user").contains("result: OK").doesNotContain("pw)");
    }

    @Test
    void port25OpenIsReportedAsNoOp25b() throws Exception {
        isp = new SubmissionServer(cert, true, "isp-user", "pw");
        try (ServerSocket smtp25 = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            MailCheck.Report r = run(cfg("localhost", isp.port(), cert, "pw"), smtp25.getLocalPort());
            assertThat(statuses(r)).containsEntry("tcp-25", Status.OK);
        }
    }

    /** Trap 2 of the original setup: the ISP renamed its relay host. */
    @Test
    void renamedRelayHostFailsAtDns() throws Exception {
        MailCheck.Report r = run(cfg("smtp.old-name.test", 587, cert, "pw"), closedPort());
        assertThat(r.ok()).isFalse();
        assertThat(statuses(r)).containsEntry("dns", Status.FAIL).containsEntry("tcp-submission", Status.SKIP)
                .containsEntry("auth", Status.SKIP);
        assertThat(r.render()).contains("cannot resolve 'smtp.old-name.test'").contains("result: FAILED at dns");
    }

    @Test
    void closedSubmissionPortWithPort25OpenSaysSo() throws Exception {
        try (ServerSocket smtp25 = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            MailCheck.Report r = run(cfg("localhost", closedPort(), cert, "pw"), smtp25.getLocalPort());
            assertThat(statuses(r)).containsEntry("tcp-submission", Status.FAIL).containsEntry("greeting",
                    Status.SKIP);
            assertThat(r.render()).contains("port 25 answers");
        }
    }

    @Test
    void serverWithoutStartTlsFailsAtStarttls() throws Exception {
        isp = new SubmissionServer(cert, false, "isp-user", "pw");
        MailCheck.Report r = run(cfg("localhost", isp.port(), cert, "pw"), closedPort());
        assertThat(statuses(r)).containsEntry("ehlo", Status.OK).containsEntry("starttls", Status.FAIL)
                .containsEntry("auth", Status.SKIP);
        assertThat(r.render()).contains("does not offer STARTTLS");
    }

    @Test
    void certificateForAnotherNameFailsAndSaysWhy() throws Exception {
        isp = new SubmissionServer(otherCert, true, "isp-user", "pw");
        MailCheck.Report r = run(cfg("localhost", isp.port(), otherCert, "pw"), closedPort());
        assertThat(statuses(r)).containsEntry("starttls", Status.FAIL).containsEntry("certificate", Status.FAIL);
        assertThat(r.render()).contains("CN=smtp.other.test").contains("does NOT match");
    }

    @Test
    void wrongPasswordFailsAtAuthWithoutPrintingIt() throws Exception {
        isp = new SubmissionServer(cert, true, "isp-user", "right-pw");
        MailCheck.Report r = run(cfg("localhost", isp.port(), cert, "wrong-pw-123"), closedPort());
        assertThat(statuses(r)).containsEntry("certificate", Status.OK).containsEntry("auth", Status.FAIL);
        assertThat(r.render()).contains("rejected").doesNotContain("wrong-pw-123");
    }

    @Test
    void noRelayhostConfigured() {
        MailCheck.Report r = run(RelayHostConfig.defaults(), 25);
        assertThat(r.render()).contains("no relayhost configured");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void hostnameMatchRules() {
        assertThat(HostnameMatch.matches("smtp.isp.test", List.of("smtp.isp.test"))).isTrue();
        assertThat(HostnameMatch.matches("SMTP.isp.test", List.of("*.isp.test"))).isTrue();
        assertThat(HostnameMatch.matches("a.smtp.isp.test", List.of("*.isp.test"))).as("one label only").isFalse();
        assertThat(HostnameMatch.matches("isp.test", List.of("*.isp.test"))).isFalse();
        assertThat(HostnameMatch.matches("x.test", List.of("*.test"))).as("no wildcard on a TLD").isFalse();
        assertThat(HostnameMatch.matches("smtp.isp.test", List.of("s*.isp.test"))).isFalse();
    }
}
