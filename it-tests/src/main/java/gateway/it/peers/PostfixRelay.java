package gateway.it.peers;

import gateway.it.netns.Netns;
import gateway.it.netns.NetnsDaemon;
import gateway.it.netns.PortProbe;
import gateway.it.netns.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Debian's Postfix configured as the classic OP25B smarthost, the peer the relay is compared with: accepts
 * from {@code mynetworks}, relays everything to {@code [relayhost]:587} with TLS required and SASL
 * (PLAIN allowed: Postfix's default {@code noplaintext} would defer silently, NOTES.md).
 */
public final class PostfixRelay implements Peer {
    private final Netns netns;
    private final String address;
    private final int port;
    private final NetnsDaemon daemon;
    private final PeerDir dir;

    private PostfixRelay(Netns netns, String address, int port, NetnsDaemon daemon, PeerDir dir) {
        this.netns = netns;
        this.address = address;
        this.port = port;
        this.daemon = daemon;
        this.dir = dir;
    }

    /**
     * Starts it in {@code netns} listening on {@code address:port}, relaying to {@code relayHost}:587 (resolved
     * from /etc/hosts) with the CA file {@code caFile} and the given credentials.
     */
    public static PostfixRelay start(Netns netns, PeerDir dir, String address, int port, String lan,
                                     String relayHost, Path caFile, String user, String password) {
        Path root = dir.root();
        dir.dir("etc");
        dir.dir("spool");
        dir.dir("log");
        Path data = dir.dir("data");
        ProcessRunner.run(List.of("chown", "postfix:postfix", data.toString())).orThrow();
        dir.write("etc/main.cf", String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + root.resolve("spool"),
                "data_directory = " + data,
                "command_directory = /usr/sbin",
                "daemon_directory = /usr/lib/postfix/sbin",
                "meta_directory = /etc/postfix",
                "shlib_directory = /usr/lib/postfix",
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "myhostname = postfix-relay.home.arpa",
                "mydestination =",
                "inet_interfaces = " + address,
                "inet_protocols = ipv4",
                "smtp_bind_address = 0.0.0.0",
                "maillog_file_prefixes = " + root.resolve("log"),
                "maillog_file = " + root.resolve("log/postfix.log"),
                "alias_maps =",
                "alias_database =",
                "mynetworks = " + lan,
                "smtpd_relay_restrictions = permit_mynetworks, reject",
                "relayhost = [" + relayHost + "]:587",
                "smtp_host_lookup = native",
                "smtp_tls_security_level = secure",
                "smtp_tls_CAfile = " + caFile,
                "smtp_sasl_auth_enable = yes",
                "smtp_sasl_password_maps = static:" + user + ":" + password,
                "smtp_sasl_security_options = noanonymous",
                "smtp_sasl_tls_security_options = noanonymous",
                "smtpd_client_connection_rate_limit = 0",
                "") + "\n");
        dir.write("etc/master.cf", port + " inet n - n - - smtpd\n" + PostfixIsp.services());
        netns.execOk("postfix", "-c", root.resolve("etc").toString(), "check");
        NetnsDaemon daemon = netns.startDaemon("postfix-relay@" + netns.name(), List.of("postfix", "-c",
                root.resolve("etc").toString(), "start-fg"), root.resolve("stdout.log"));
        PortProbe.awaitListening(netns, false, address, port, Duration.ofSeconds(20), daemon);
        return new PostfixRelay(netns, address, port, daemon, dir);
    }

    @Override
    public NetnsDaemon daemon() {
        return daemon;
    }

    @Override
    public PeerDir dir() {
        return dir;
    }

    @Override
    public List<String> logFiles() {
        return List.of("log/postfix.log");
    }

    /** Messages still in its queue ({@code postqueue -p} in its instance). */
    public String queue() {
        return netns.exec("postqueue", "-c", dir.path("etc").toString(), "-p").stdout();
    }

    /** {@code postfix stop}: the master would outlive a signal to the {@code postfix} command we hold. */
    @Override
    public void close() {
        netns.exec(Duration.ofSeconds(30), List.of("postfix", "-c", dir.path("etc").toString(), "stop"));
        Instant deadline = Instant.now().plusSeconds(15);
        while (PortProbe.isListening(netns, false, address, port) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        daemon.stop(Duration.ofSeconds(10));
    }
}
