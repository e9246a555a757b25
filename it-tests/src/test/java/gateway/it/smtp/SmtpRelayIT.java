package gateway.it.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.it.app.GatewayConfig;
import gateway.it.app.GatewayJar;
import gateway.it.app.GatewayProcess;
import gateway.it.clients.HttpReply;
import gateway.it.junit.RequiresNetns;
import gateway.it.junit.TopologyExtension;
import gateway.it.netns.CommandResult;
import gateway.it.netns.NetnsDaemon;
import gateway.it.netns.ProcessRunner;
import gateway.it.peers.PeerDir;
import gateway.it.peers.PostfixIsp;
import gateway.it.topology.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LAN client (swaks) → our relay in the gateway namespace → the ISP's Postfix on 587 (STARTTLS required, Dovecot
 * SASL) → its Maildir, with the ISP router dropping port 25 (OP25B).
 */
@RequiresNetns(binaries = {"swaks", "postfix", "dovecot", "openssl", "python3", "ss"})
class SmtpRelayIT {
    static final String ISP = "203.0.113.25";
    static final String PLAIN_ISP = "203.0.113.26";

    @RegisterExtension
    static final TopologyExtension NET = TopologyExtension.of(b -> b.internetHost("smtp", 25)
            .internetHost("plainsmtp", 26));

    @BeforeAll
    static void ispSide() {
        Topology net = NET.topology();
        // OP25B: the ISP drops outbound port 25 from its customers, silently
        net.isp().nft("table inet op25b {\n chain block25 {\n  type filter hook forward priority 0; policy accept;\n"
                + "  iifname \"down0\" tcp dport 25 drop\n }\n}\n");
        String hosts = "127.0.0.1 localhost\n" + ISP + " smtp.isp.test\n" + PLAIN_ISP + " plain.isp.test\n";
        for (var ns : List.of(net.gateway(), net.internet("smtp"), net.internet("plainsmtp"))) {
            ns.etcFile("hosts", hosts);
            ns.etcFile("resolv.conf", "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
        }
    }

    GatewayConfig relayConfig(PeerDir dir, String relayHost, PostfixIsp isp) throws IOException {
        Path pw = dir.write("smtp-password", "isp-secret\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        return GatewayConfig.standard(dir.path("data")).withExtra("dns:\n  enabled: false\n"
                + "proxy:\n  enabled: false\n"
                + "smtp:\n"
                + "  listen: 192.0.2.1:25\n"
                + "  relayhost:\n"
                + "    host: " + relayHost + "\n"
                + "    port: 587\n"
                + "    ca_file: " + isp.dir().path("cert.pem") + "\n"
                + "    username: isp-user\n"
                + "    password_file: " + pw + "\n"
                + "  queue:\n"
                + "    retry: [1s, 2s]\n"
                + "    idle_close: 5s\n");
    }

    PostfixIsp startIsp(String host, String address, String name, boolean startTls) {
        Topology net = NET.topology();
        return PostfixIsp.in(net.internet(host), PeerDir.create(net.workDir().dir(name)))
                .address(address).hostName(host.equals("smtp") ? "smtp.isp.test" : "plain.isp.test")
                .user("isp-user", "isp-secret").startTls(startTls).start();
    }

    static CommandResult swaks(Topology net, String token) {
        return net.client(1).exec(Duration.ofSeconds(60), List.of("swaks", "--server", "192.0.2.1:25",
                "--from", "nas@home.arpa", "--to", "bob@example.net", "--header", "Subject: it " + token,
                "--body", "token " + token));
    }

    static void await(String what, Duration max, BooleanSupplier cond, java.util.function.Supplier<String> diag)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(max);
        while (!cond.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "\n" + diag.get());
            }
            Thread.sleep(200);
        }
    }

    static boolean arrived(PostfixIsp isp, String token) {
        return isp.maildir().stream().anyMatch(m -> m.contains(token));
    }

    @Test
    void lanMailArrivesOverTlsWithAuthAndNonLanIsRefused() throws Exception {
        Topology net = NET.topology();
        try (PostfixIsp isp = startIsp("smtp", ISP, "isp-main", true)) {
            PeerDir dir = PeerDir.create(net.workDir().dir("gw-main"));
            GatewayProcess app = GatewayProcess.startJar(net.gateway(), GatewayJar.require(),
                    relayConfig(dir, "smtp.isp.test", isp), dir).awaitStarted(Duration.ofSeconds(90));
            try {
                assertThat(app.listener("smtp")).isEqualTo("192.0.2.1:25");
                String token = UUID.randomUUID().toString();
                CommandResult sent = swaks(net, token);
                assertThat(sent.stdout()).as(sent.describe()).contains("250 2.0.0 Ok: queued as");
                await("the message in the ISP's Maildir", Duration.ofSeconds(60), () -> arrived(isp, token),
                        () -> isp.diagnostics() + app.daemon().logTail(40));
                String delivered = isp.maildir().stream().filter(m -> m.contains(token)).findFirst().orElseThrow();
                assertThat(delivered).contains("Subject: it " + token).containsIgnoringCase("Message-ID:").contains("with ESMTPSA")
                        .contains("Return-Path: <nas@home.arpa>");
                List<String> log = isp.log();
                assertThat(log).as(String.join("\n", log)).anyMatch(l -> l.contains("postfix/submission/smtpd")
                        && l.contains("TLS connection established from") && l.contains("198.51.100.1"));
                assertThat(log).anyMatch(l -> l.contains("sasl_method=PLAIN") && l.contains("sasl_username=isp-user"));

                // a source outside the LAN gets 554 and no transaction
                CommandResult outside = net.origin().exec(Duration.ofSeconds(30), List.of("swaks", "--server",
                        "192.0.2.1:25", "--from", "spam@attacker.test", "--to", "bob@example.net"));
                assertThat(outside.stdout() + outside.stderr()).as(outside.describe())
                        .contains("554 5.7.1").doesNotContain("queued as");
            } finally {
                app.stop(Duration.ofSeconds(20));
            }
        }
    }

    /** Optional STARTTLS + AUTH towards LAN clients, with swaks: refused without AUTH, relayed with it. */
    @Test
    void lanClientsCanBeMadeToUseStartTlsAndAuth() throws Exception {
        Topology net = NET.topology();
        try (PostfixIsp isp = startIsp("smtp", ISP, "isp-lanauth", true)) {
            PeerDir dir = PeerDir.create(net.workDir().dir("gw-lanauth"));
            gateway.it.peers.SelfSignedCert lanCert = gateway.it.peers.SelfSignedCert.create(dir, "gateway.home.arpa");
            Path users = dir.write("smtp-users", "scanner:sc4n-pw\n");
            Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
            GatewayConfig base = relayConfig(dir, "smtp.isp.test", isp);
            GatewayConfig config = new GatewayConfig(base.lanInterface(), base.lanAddress(), base.lanSubnet(),
                    base.domain(), base.adminListen(), base.dataDir(), base.extraYaml().replace("  queue:\n",
                    "  lan_clients:\n    tls_cert_file: " + lanCert.cert() + "\n    tls_key_file: " + lanCert.key()
                            + "\n    users_file: " + users + "\n    auth_required: true\n  queue:\n"));
            GatewayProcess app = GatewayProcess.startJar(net.gateway(), GatewayJar.require(), config, dir)
                    .awaitStarted(Duration.ofSeconds(90));
            try {
                String token = UUID.randomUUID().toString();
                CommandResult noAuth = swaks(net, token);
                assertThat(noAuth.stdout()).as(noAuth.describe()).contains("530").doesNotContain("queued as");
                CommandResult withAuth = net.client(1).exec(Duration.ofSeconds(60), List.of("swaks", "--server",
                        "192.0.2.1:25", "--tls", "--auth", "PLAIN", "--auth-user", "scanner", "--auth-password",
                        "sc4n-pw", "--from", "scanner@home.arpa", "--to", "bob@example.net", "--header",
                        "Subject: it " + token, "--body", "token " + token));
                assertThat(withAuth.stdout()).as(withAuth.describe()).contains("TLS started")
                        .contains("235").contains("queued as");
                await("the message in the ISP's Maildir", Duration.ofSeconds(60), () -> arrived(isp, token),
                        () -> isp.diagnostics() + app.daemon().logTail(40));
            } finally {
                app.stop(Duration.ofSeconds(20));
            }
        }
    }

    @Test
    void ispDownQueuesThenDeliversWhenItReturns() throws Exception {
        Topology net = NET.topology();
        PostfixIsp isp = startIsp("smtp", ISP, "isp-down", true);
        isp.close(); // down before the first attempt
        PeerDir dir = PeerDir.create(net.workDir().dir("gw-down"));
        GatewayProcess app = GatewayProcess.startJar(net.gateway(), GatewayJar.require(),
                relayConfig(dir, "smtp.isp.test", isp), dir).awaitStarted(Duration.ofSeconds(90));
        PostfixIsp back = null;
        try {
            String token = UUID.randomUUID().toString();
            assertThat(swaks(net, token).stdout()).contains("queued as");
            await("a failed attempt in mailq", Duration.ofSeconds(30), () -> {
                HttpReply q = app.admin(net.client(1), "/smtp/queue");
                return q.body().contains("bob@example.net") && q.body().contains("Connection refused");
            }, () -> app.admin(net.client(1), "/smtp/queue").describe() + app.daemon().logTail(30));
            back = startIsp("smtp", ISP, "isp-down", true);
            PostfixIsp up = back;
            await("delivery after the ISP returns", Duration.ofSeconds(60), () -> arrived(up, token),
                    () -> up.diagnostics() + app.daemon().logTail(40));
            await("empty queue", Duration.ofSeconds(20),
                    () -> app.admin(net.client(1), "/smtp/queue").body().trim().equals("[ ]"),
                    () -> app.admin(net.client(1), "/smtp/queue").describe());
        } finally {
            app.stop(Duration.ofSeconds(20));
            if (back != null) {
                back.close();
            }
        }
    }

    @Test
    void serverWithoutStartTlsHoldsTheMailAndMailqSaysWhy() throws Exception {
        Topology net = NET.topology();
        try (PostfixIsp plain = startIsp("plainsmtp", PLAIN_ISP, "isp-plain", false)) {
            PeerDir dir = PeerDir.create(net.workDir().dir("gw-plain"));
            GatewayProcess app = GatewayProcess.startJar(net.gateway(), GatewayJar.require(),
                    relayConfig(dir, "plain.isp.test", plain), dir).awaitStarted(Duration.ofSeconds(90));
            try {
                String token = UUID.randomUUID().toString();
                assertThat(swaks(net, token).stdout()).contains("queued as");
                await("STARTTLS error in mailq", Duration.ofSeconds(30),
                        () -> app.admin(net.client(1), "/smtp/queue").body().contains("STARTTLS"),
                        () -> app.admin(net.client(1), "/smtp/queue").describe() + app.daemon().logTail(30));
                assertThat(plain.maildir()).isEmpty();
                // never a plaintext AUTH or message: the relay stopped at EHLO
                assertThat(plain.log()).noneMatch(l -> l.contains("sasl_username"));
                assertThat(plain.log()).noneMatch(l -> l.contains("from=<nas@home.arpa>"));
            } finally {
                app.stop(Duration.ofSeconds(20));
            }
        }
    }

    @Test
    void mailCheckShowsOp25bAndARenamedRelayHost() throws Exception {
        Topology net = NET.topology();
        try (PostfixIsp isp = startIsp("smtp", ISP, "isp-check", true)) {
            PeerDir dir = PeerDir.create(net.workDir().dir("gw-check"));
            Path good = dir.write("good.yaml", relayConfig(dir, "smtp.isp.test", isp).toYaml());
            CommandResult ok = mailCheck(net, good);
            assertThat(ok.exitCode()).as(ok.describe()).isZero();
            assertThat(ok.stdout()).contains("OK    dns").contains("OK    tcp-submission")
                    .containsPattern("WARN\\s+tcp-25\\s+203.0.113.25:25 timed out.*OP25B")
                    .contains("OK    starttls").contains("CN=smtp.isp.test").contains("OK    auth")
                    .doesNotContain("isp-secret");
            Path renamed = dir.write("renamed.yaml", relayConfig(dir, "smtp-old.isp.test", isp).toYaml());
            CommandResult bad = mailCheck(net, renamed);
            assertThat(bad.exitCode()).as(bad.describe()).isEqualTo(1);
            assertThat(bad.stdout()).contains("FAIL  dns").contains("smtp-old.isp.test")
                    .contains("result: FAILED at dns");
        }
    }

    /**
     * RFC 6152 / RFC 6531 end to end with a real Postfix: BODY=8BITMIME and SMTPUTF8 given by the LAN client reach
     * the ISP (its debug log shows the MAIL command, its Received line says UTF8SMTPSA) and the message arrives
     * byte for byte; when the ISP stops offering 8BITMIME and SMTPUTF8, 8-bit MIME arrives as quoted-printable.
     */
    @Test
    void eightBitAndUtf8MailKeepsItsParametersOrIsConverted() throws Exception {
        Topology net = NET.topology();
        try (PostfixIsp isp = startIsp("smtp", ISP, "isp-8bit", true)) {
            String etc = isp.dir().path("etc").toString();
            net.internet("smtp").execOk("postconf", "-c", etc, "-e", "debug_peer_list = 198.51.100.1");
            net.internet("smtp").execOk("postfix", "-c", etc, "reload");
            PeerDir dir = PeerDir.create(net.workDir().dir("gw-8bit"));
            GatewayProcess app = GatewayProcess.startJar(net.gateway(), GatewayJar.require(),
                    relayConfig(dir, "smtp.isp.test", isp), dir).awaitStarted(Duration.ofSeconds(90));
            Path script = dir.path("send_with_params.py");
            try (InputStream in = SmtpRelayIT.class.getResourceAsStream("/smtp/send_with_params.py")) {
                Files.copy(in, script);
            }
            try {
                String token = UUID.randomUUID().toString();
                String utf8 = "Subject: Gr\u00fc\u00dfe " + token + "\r\nFrom: \u00e9l\u00e8ve <nas@home.arpa>\r\n"
                        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Transfer-Encoding: 8bit\r\n\r\nd\u00e9j\u00e0 vu, \u65e5\u672c\u8a9e " + token + "\r\n";
                CommandResult sent = sendWithParams(net, dir, script, "BODY=8BITMIME,SMTPUTF8",
                        "b\u00f8b@example.net", utf8);
                assertThat(sent.stdout()).as(sent.describe()).contains("SENT");
                await("the UTF-8 message in the ISP's Maildir", Duration.ofSeconds(60), () -> arrived(isp, token),
                        () -> isp.diagnostics() + app.daemon().logTail(40));
                String delivered = utf8Of(isp.maildir().stream().filter(m -> m.contains(token)).findFirst()
                        .orElseThrow());
                assertThat(delivered).contains(utf8.substring(0, utf8.indexOf("\r\n\r\n")).replace("\r\n", "\n"))
                        .contains("d\u00e9j\u00e0 vu, \u65e5\u672c\u8a9e " + token)
                        .contains("with UTF8SMTPSA") // the ISP took it with SMTPUTF8, over TLS, authenticated
                        .contains("with UTF8SMTP id").contains("for <b\u00f8b@example.net>;"); // our own trace field
                assertThat(isp.log()).as(String.join("\n", isp.log()))
                        .anyMatch(l -> l.contains("MAIL FROM:<nas@home.arpa>") && l.contains("BODY=8BITMIME")
                                && l.contains("SMTPUTF8"));

                // the ISP no longer offers 8BITMIME or SMTPUTF8: 8-bit MIME is converted, never sent as 8 bit
                net.internet("smtp").execOk("postconf", "-c", etc, "-e",
                        "smtpd_discard_ehlo_keywords = 8bitmime, smtputf8");
                net.internet("smtp").execOk("postfix", "-c", etc, "reload");
                await("the relay's upstream connection closed (idle_close)", Duration.ofSeconds(30),
                        () -> !net.gateway().exec("ss", "-Htn", "state", "established", "dst", ISP + ":587")
                                .stdout().contains(ISP), () -> "");
                String token2 = UUID.randomUUID().toString();
                String eightBit = "Subject: qp " + token2 + "\r\nMIME-Version: 1.0\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                        + "Gr\u00fc\u00dfe aus K\u00f6ln " + token2 + "\r\n";
                sent = sendWithParams(net, dir, script, "BODY=8BITMIME", "bob@example.net", eightBit);
                assertThat(sent.stdout()).as(sent.describe()).contains("SENT");
                await("the converted message in the ISP's Maildir", Duration.ofSeconds(60),
                        () -> arrived(isp, token2), () -> isp.diagnostics() + app.daemon().logTail(40));
                String converted = isp.maildir().stream().filter(m -> m.contains(token2)).findFirst().orElseThrow();
                assertThat(converted).contains("Content-Transfer-Encoding: quoted-printable")
                        .contains("Gr=C3=BC=C3=9Fe aus K=C3=B6ln " + token2).doesNotContain("8bit")
                        .doesNotContainPattern("[\\x80-\\xff]");
                assertThat(isp.log()).as("the second MAIL went without BODY=")
                        .anyMatch(l -> l.contains("MAIL FROM:<nas@home.arpa>") && !l.contains("BODY="));
            } finally {
                app.stop(Duration.ofSeconds(20));
            }
        }
    }

    static CommandResult sendWithParams(Topology net, PeerDir dir, Path script, String params, String rcpt,
                                        String message) throws IOException {
        Path file = dir.write("message-" + UUID.randomUUID() + ".eml", message);
        return net.client(1).exec(Duration.ofSeconds(60), List.of("python3", script.toString(), "192.0.2.1", "25",
                params, "nas@home.arpa", rcpt, file.toString()));
    }

    static String utf8Of(String latin1) {
        return new String(latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    static CommandResult mailCheck(Topology net, Path config) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return net.gateway().exec(Duration.ofSeconds(90), List.of(java.toString(), "-Xmx128m", "-jar",
                GatewayJar.require().toString(), "mail", "check", "--config", config.toString()));
    }

    @Test
    void killDashNineInABurstLosesNoAcceptedMessage() throws Exception {
        Topology net = NET.topology();
        try (PostfixIsp isp = startIsp("smtp", ISP, "isp-burst", true)) {
            PeerDir dir = PeerDir.create(net.workDir().dir("gw-burst"));
            GatewayConfig config = relayConfig(dir, "smtp.isp.test", isp);
            GatewayProcess app = GatewayProcess.startJar(net.gateway(), GatewayJar.require(), config, dir)
                    .awaitStarted(Duration.ofSeconds(90));
            Path script = dir.path("burst.py");
            try (InputStream in = SmtpRelayIT.class.getResourceAsStream("/smtp/burst.py")) {
                Files.copy(in, script);
            }
            String prefix = "burst" + UUID.randomUUID().toString().substring(0, 8);
            Path clientLog = dir.path("burst.log");
            NetnsDaemon client = net.client(1).startDaemon("burst", List.of("python3", script.toString(),
                    "192.0.2.1", "25", "500", prefix), clientLog);
            GatewayProcess restarted = null;
            try {
                await("150 accepted", Duration.ofSeconds(120), () -> accepted(clientLog).size() >= 150,
                        () -> client.describe() + app.daemon().logTail(20));
                ProcessRunner.run(List.of("kill", "-KILL", Long.toString(app.daemon().pid()))).orThrow();
                app.daemon().awaitExit(Duration.ofSeconds(20));
                int acceptedBeforeCrash = accepted(clientLog).size();
                restarted = GatewayProcess.startJar(net.gateway(), GatewayJar.require(), config,
                        PeerDir.create(net.workDir().dir("gw-burst-2"))).awaitStarted(Duration.ofSeconds(90));
                await("the burst to finish", Duration.ofSeconds(240),
                        () -> client.logLines().stream().anyMatch(l -> l.equals("DONE")),
                        () -> client.describe());
                Set<String> accepted = accepted(clientLog);
                assertThat(accepted).hasSize(500);
                long errors = client.logLines().stream().filter(l -> l.startsWith("ERROR")).count();
                await("every accepted message in the Maildir", Duration.ofSeconds(240), () -> {
                    Set<String> seen = new HashSet<>();
                    for (String m : isp.maildir()) {
                        int i = m.indexOf(prefix + "-");
                        if (i >= 0) {
                            seen.add(m.substring(i, i + prefix.length() + 5));
                        }
                    }
                    return seen.containsAll(accepted);
                }, () -> "accepted before the crash: " + acceptedBeforeCrash + ", in Maildir: "
                        + isp.maildir().size() + "\n" + isp.diagnostics());
                System.out.println("burst: " + acceptedBeforeCrash + " accepted before kill -9, " + errors
                        + " client errors while down, 500 accepted in all, " + isp.maildirCount()
                        + " messages in the Maildir (duplicates allowed, none missing)");
            } finally {
                client.stop(Duration.ofSeconds(5));
                if (restarted != null) {
                    restarted.stop(Duration.ofSeconds(20));
                }
            }
        }
    }

    static Set<String> accepted(Path log) {
        try {
            Set<String> out = new HashSet<>();
            if (Files.exists(log)) {
                for (String l : Files.readAllLines(log)) {
                    if (l.startsWith("ACCEPTED ")) {
                        out.add(l.substring(9).trim());
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
