package gateway.it.peers;

import gateway.it.netns.Netns;
import gateway.it.netns.NetnsDaemon;
import gateway.it.netns.PortProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The ISP's mail server: a private Postfix instance listening on 25 and on the submission port 587, where
 * STARTTLS and SASL AUTH (Dovecot, passwd-file) are required, delivering every recipient of
 * {@code example.net} to one Maildir. Everything lives in its {@link PeerDir}; the pitfalls met in namespaces
 * (NOTES.md) are handled here: no chroot, {@code smtp_bind_address}, {@code maillog_file} under its prefix,
 * {@code data_directory} owned by postfix, Dovecot's {@code listen} not empty, its socket in postfix's
 * {@code private/} created by {@code postfix check} first.
 *
 * <pre>{@code
 * PostfixIsp isp = PostfixIsp.in(net.internet("smtp"), PeerDir.create(net.workDir().dir("isp")))
 *         .address("203.0.113.25").hostName("smtp.isp.test").user("isp-user", "pw").start();
 * }</pre>
 */
public final class PostfixIsp implements Peer {
    public static final String LOG = "log/postfix.log";
    public static final String DOVECOT_LOG = "dovecot/dovecot.log";

    private final Netns netns;
    private final NetnsDaemon postfix;
    private final NetnsDaemon dovecot;
    private final PeerDir dir;

    private final String address;

    private PostfixIsp(Netns netns, String address, NetnsDaemon postfix, NetnsDaemon dovecot, PeerDir dir) {
        this.netns = netns;
        this.address = address;
        this.postfix = postfix;
        this.dovecot = dovecot;
        this.dir = dir;
    }

    public static Builder in(Netns netns, PeerDir dir) {
        return new Builder(netns, dir);
    }

    @Override
    public NetnsDaemon daemon() {
        return postfix;
    }

    @Override
    public PeerDir dir() {
        return dir;
    }

    @Override
    public List<String> logFiles() {
        return List.of(LOG, DOVECOT_LOG);
    }

    /** Postfix's log lines so far. */
    public List<String> log() {
        try {
            Path p = dir.path(LOG);
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many messages the Maildir holds (new/), without reading them. */
    public long maildirCount() {
        Path newDir = dir.path("mail/maildir/new");
        if (!Files.isDirectory(newDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(newDir)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The messages delivered to the Maildir so far (new/), as text. */
    public List<String> maildir() {
        Path newDir = dir.path("mail/maildir/new");
        if (!Files.isDirectory(newDir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(newDir)) {
            for (Path f : files.sorted().toList()) {
                out.add(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Stops Postfix with {@code postfix stop}: the PID held is the {@code postfix} command, whose master
     * process would outlive a signal to it and keep the ports (and the old certificate) in use.
     */
    @Override
    public void close() {
        netns.exec(Duration.ofSeconds(30), List.of("postfix", "-c", dir.path("etc").toString(), "stop"));
        Instant deadline = Instant.now().plusSeconds(15);
        while ((PortProbe.isListening(netns, false, address, 587) || PortProbe.isListening(netns, false, address, 25))
                && Instant.now().isBefore(deadline)) {
            Builder.sleep();
        }
        postfix.stop(Duration.ofSeconds(10));
        dovecot.stop(Duration.ofSeconds(5));
    }

    @Override
    public String diagnostics() {
        return Peer.super.diagnostics() + dovecot.describe() + "\n";
    }

    /** The master.cf services every private instance needs besides its smtpd listeners; nothing chrooted. */
    static String services() {
        return ""
                + "pickup unix n - n 60 1 pickup\n"
                + "cleanup unix n - n - 0 cleanup\n"
                + "qmgr unix n - n 300 1 qmgr\n"
                + "tlsmgr unix - - n 1000? 1 tlsmgr\n"
                + "rewrite unix - - n - - trivial-rewrite\n"
                + "bounce unix - - n - 0 bounce\n"
                + "defer unix - - n - 0 bounce\n"
                + "trace unix - - n - 0 bounce\n"
                + "verify unix - - n - 1 verify\n"
                + "flush unix n - n 1000? 0 flush\n"
                + "proxymap unix - - n - - proxymap\n"
                + "smtp unix - - n - - smtp\n"
                + "relay unix - - n - - smtp\n"
                + "showq unix n - n - - showq\n"
                + "error unix - - n - - error\n"
                + "retry unix - - n - - error\n"
                + "discard unix - - n - - discard\n"
                + "local unix - n n - - local\n"
                + "virtual unix - n n - - virtual\n"
                + "lmtp unix - - n - - lmtp\n"
                + "anvil unix - - n - 1 anvil\n"
                + "scache unix - - n - 1 scache\n"
                + "postlog unix-dgram n - n - 1 postlogd\n";
    }

    /** Writes both configs, starts Dovecot then Postfix, and waits until 25 and 587 listen. */
    public static final class Builder {
        private final Netns netns;
        private final PeerDir dir;
        private String address;
        private String hostName = "smtp.isp.test";
        private String user = "isp-user";
        private String password = "isp-secret";
        private boolean startTls = true;
        private String domain = "example.net";

        private Builder(Netns netns, PeerDir dir) {
            this.netns = netns;
            this.dir = dir;
        }

        public Builder address(String a) {
            this.address = a;
            return this;
        }

        public Builder hostName(String h) {
            this.hostName = h;
            return this;
        }

        public Builder user(String u, String p) {
            this.user = u;
            this.password = p;
            return this;
        }

        /** False: port 587 offers no STARTTLS at all (and then AUTH in plaintext), a misconfigured ISP. */
        public Builder startTls(boolean offered) {
            this.startTls = offered;
            return this;
        }

        /** The domain whose mail lands in the Maildir (default example.net). */
        public Builder mailDomain(String d) {
            this.domain = d;
            return this;
        }

        public PostfixIsp start() {
            if (address == null) {
                throw new IllegalStateException("address needed");
            }
            SelfSignedCert tls = Files.exists(dir.path("cert.pem"))
                    ? new SelfSignedCert(dir.path("cert.pem"), dir.path("key.pem"))
                    : SelfSignedCert.create(dir, hostName);
            Path root = dir.root();
            dir.dir("etc");
            dir.dir("spool");
            dir.dir("log");
            Path data = dir.dir("data");
            Path mail = dir.dir("mail");
            Path dc = dir.dir("dovecot");
            dir.dir("dovecot/run");
            dir.dir("dovecot/state");
            chown(data, "postfix:postfix");
            chown(mail, "postfix:postfix");
            dir.write("etc/main.cf", mainCf(root, tls));
            dir.write("etc/master.cf", masterCf());
            // creates the queue directories (private/ is where Dovecot puts its socket)
            netns.execOk("postfix", "-c", root.resolve("etc").toString(), "check");
            try {
                Files.deleteIfExists(root.resolve("spool/private/auth")); // a restart: wait for the new one
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dir.write("dovecot/users", user + ":{PLAIN}" + password + "\n");
            dir.write("dovecot/dovecot.conf", dovecotConf(root));
            NetnsDaemon dovecot = netns.startDaemon("dovecot@" + netns.name(), List.of("dovecot", "-F", "-c",
                    dc.resolve("dovecot.conf").toString()), dc.resolve("stdout.log"));
            Path socket = root.resolve("spool/private/auth");
            Instant deadline = Instant.now().plusSeconds(10);
            while (!Files.exists(socket)) {
                if (!dovecot.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("dovecot did not create " + socket + "\n" + dovecot.describe());
                }
                sleep();
            }
            NetnsDaemon postfix = netns.startDaemon("postfix@" + netns.name(), List.of("postfix", "-c",
                    root.resolve("etc").toString(), "start-fg"), root.resolve("stdout.log"));
            PostfixIsp isp = new PostfixIsp(netns, address, postfix, dovecot, dir);
            PortProbe.awaitListening(netns, false, address, 587, Duration.ofSeconds(20), postfix);
            PortProbe.awaitListening(netns, false, address, 25, Duration.ofSeconds(20), postfix);
            return isp;
        }

        private static void sleep() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static void chown(Path p, String owner) {
            gateway.it.netns.ProcessRunner.run(List.of("chown", owner, p.toString())).orThrow();
        }

        private String mainCf(Path root, SelfSignedCert tls) {
            return String.join("\n",
                    "compatibility_level = 3.6",
                    "queue_directory = " + root.resolve("spool"),
                    "data_directory = " + root.resolve("data"),
                    "command_directory = /usr/sbin",
                    "daemon_directory = /usr/lib/postfix/sbin",
                    "meta_directory = /etc/postfix",
                    "shlib_directory = /usr/lib/postfix",
                    "mail_owner = postfix",
                    "setgid_group = postdrop",
                    "myhostname = " + hostName,
                    "mydestination =",
                    "inet_interfaces = " + address,
                    "inet_protocols = ipv4",
                    "smtp_bind_address = 0.0.0.0",
                    "maillog_file_prefixes = " + root.resolve("log"),
                    "maillog_file = " + root.resolve(LOG),
                    "alias_maps =",
                    "alias_database =",
                    "virtual_mailbox_domains = " + domain,
                    "virtual_mailbox_base = " + root.resolve("mail"),
                    "virtual_mailbox_maps = static:maildir/",
                    "virtual_uid_maps = static:" + uid("postfix"),
                    "virtual_gid_maps = static:" + gid("postfix"),
                    "virtual_minimum_uid = 1",
                    "smtpd_tls_cert_file = " + tls.cert(),
                    "smtpd_tls_key_file = " + tls.key(),
                    "smtpd_tls_loglevel = 1",
                    "smtpd_sasl_type = dovecot",
                    "smtpd_sasl_path = private/auth",
                    "smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination",
                    "smtpd_client_connection_rate_limit = 0",
                    "default_process_limit = 20",
                    "") + "\n";
        }

        private String masterCf() {
            String submission = startTls
                    ? "587 inet n - n - - smtpd\n"
                    + "  -o syslog_name=postfix/submission\n"
                    + "  -o smtpd_tls_security_level=encrypt\n"
                    + "  -o smtpd_tls_auth_only=yes\n"
                    + "  -o smtpd_sasl_auth_enable=yes\n"
                    + "  -o smtpd_client_restrictions=permit_sasl_authenticated,reject\n"
                    + "  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n"
                    : "587 inet n - n - - smtpd\n"
                    + "  -o syslog_name=postfix/submission\n"
                    + "  -o smtpd_tls_security_level=none\n"
                    + "  -o smtpd_sasl_auth_enable=yes\n"
                    + "  -o smtpd_client_restrictions=permit_sasl_authenticated,reject\n"
                    + "  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n";
            return "smtp inet n - n - - smtpd\n" + submission + services();
        }

        private String dovecotConf(Path root) {
            Path dc = root.resolve("dovecot");
            return "base_dir = " + dc.resolve("run") + "\n"
                    + "state_dir = " + dc.resolve("state") + "\n"
                    + "log_path = " + root.resolve(DOVECOT_LOG) + "\n"
                    + "protocols =\n"
                    + "listen = " + address + "\n"
                    + "ssl = no\n"
                    + "disable_plaintext_auth = no\n"
                    + "auth_mechanisms = plain login\n"
                    + "auth_verbose = yes\n"
                    + "passdb {\n  driver = passwd-file\n  args = " + dc.resolve("users") + "\n}\n"
                    + "userdb {\n  driver = static\n  args = uid=postfix gid=postfix home=" + root.resolve("mail")
                    + "\n}\n"
                    + "service auth {\n  unix_listener " + root.resolve("spool/private/auth") + " {\n"
                    + "    mode = 0660\n    user = postfix\n    group = postfix\n  }\n}\n";
        }

        private static String uid(String user) {
            return gateway.it.netns.ProcessRunner.run(List.of("id", "-u", user)).orThrow().stdout().trim();
        }

        private static String gid(String user) {
            return gateway.it.netns.ProcessRunner.run(List.of("id", "-g", user)).orThrow().stdout().trim();
        }
    }
}
