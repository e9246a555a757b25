package gateway.app.config;

import gateway.smtp.config.QueueConfig;
import gateway.smtp.config.RelayHostConfig;
import gateway.smtp.config.TlsMode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code smtp} section: the LAN's smarthost. Listens on the gateway's LAN address, port 25,
 * unless told otherwise; relays for the LAN only (the one LAN definition, never a key here), to
 * the relayhost's submission port with STARTTLS and AUTH. Without a relayhost, mail is accepted
 * and held. {@code also_listen} adds listeners, e.g. the LAN address on 587 for clients that insist
 * on the submission port.
 */
public record SmtpSection(
    boolean enabled,
    InetSocketAddress listen,
    List<InetSocketAddress> alsoListen,
    String hostname,
    long maxMessageSize,
    int maxRecipients,
    int maxConnections,
    int maxConnectionsPerClient,
    Duration idleTimeout,
    Duration maxDataTime,
    Duration maxCommandTime,
    LanClients lanClients,
    RelayHostConfig relayhost,
    QueueConfig queue) {

  /**
   * Optional STARTTLS and AUTH towards LAN clients (who may relay is still the LAN definition).
   *
   * @param tlsCertFile PEM certificate chain, or null for no STARTTLS
   * @param tlsKeyFile PEM PKCS#8 key, or null
   * @param usersFile {@code user:password} lines (chmod 600), or null for no AUTH
   * @param authRequired whether MAIL needs AUTH first
   */
  public record LanClients(Path tlsCertFile, Path tlsKeyFile, Path usersFile, boolean authRequired) {
    static LanClients none() {
      return new LanClients(null, null, null, false);
    }
  }

  static SmtpSection loopback() {
    return new SmtpSection(true, new InetSocketAddress(IpAddresses.parse("127.0.0.1"), 2525), List.of(),
        "gateway.localdomain", 25L << 20, 100, 32, 8, Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(10), LanClients.none(), RelayHostConfig.defaults(),
        QueueConfig.defaults());
  }

  static SmtpSection read(ConfigNode n, LanConfig lan) {
    SmtpSection d = loopback();
    boolean enabled = n.bool("enabled", true);
    InetSocketAddress listen = n.parse("listen", DnsSection.lanPort(lan, 25), IpAddresses::parseSocket);
    List<InetSocketAddress> also = n.list("also_listen", List.of(), IpAddresses::parseSocket);
    if (also.contains(listen)) {
      n.error("also_listen", IpAddresses.format(listen) + " is already smtp.listen");
      also = List.of();
    }
    String hostname = n.string("hostname", lan == null ? d.hostname() : "gateway." + lan.domain());
    long maxSize = n.bytes("max_message_size", d.maxMessageSize());
    if (maxSize < 1024 || maxSize > Integer.MAX_VALUE) {
      n.error("max_message_size", "must be between 1k and 2G");
      maxSize = d.maxMessageSize();
    }
    int maxRcpt = n.integer("max_recipients", d.maxRecipients(), 1, 10_000);
    int maxConn = n.integer("max_connections", d.maxConnections(), 1, 10_000);
    int perClient = n.integer("max_connections_per_client", d.maxConnectionsPerClient(), 1, 10_000);
    Duration idle = n.duration("idle_timeout", d.idleTimeout());
    Duration maxData = n.duration("max_data_time", d.maxDataTime());
    Duration maxCommand = n.duration("max_command_time", d.maxCommandTime());
    if (idle.isZero() || maxData.isZero()) {
      n.error(idle.isZero() ? "idle_timeout" : "max_data_time", "must be longer than 0s");
      idle = idle.isZero() ? d.idleTimeout() : idle;
      maxData = maxData.isZero() ? d.maxDataTime() : maxData;
    }
    if (maxCommand.isZero()) {
      n.error("max_command_time", "must be longer than 0s");
      maxCommand = d.maxCommandTime();
    }
    if (hostname.isBlank() || hostname.contains(" ")) {
      n.error("hostname", "must be one host name");
      hostname = d.hostname();
    }
    LanClients lanClients = readLanClients(n.object("lan_clients"));
    RelayHostConfig relay = readRelayhost(n.object("relayhost"), hostname);
    QueueConfig queue = readQueue(n.object("queue"));
    n.finish();
    return new SmtpSection(enabled, listen, also, hostname, maxSize, maxRcpt, maxConn, perClient, idle, maxData,
        maxCommand, lanClients, relay, queue);
  }

  private static LanClients readLanClients(ConfigNode n) {
    Path cert = n.parse("tls_cert_file", null, Path::of);
    Path key = n.parse("tls_key_file", null, Path::of);
    Path users = n.parse("users_file", null, Path::of);
    boolean required = n.bool("auth_required", false);
    n.finish();
    if ((cert == null) != (key == null)) {
      n.error(cert == null ? "tls_cert_file" : "tls_key_file", "tls_cert_file and tls_key_file go together");
      cert = null;
      key = null;
    }
    if (required && users == null) {
      n.error("auth_required", "needs users_file");
      required = false;
    }
    return new LanClients(cert, key, users, required);
  }

  private static RelayHostConfig readRelayhost(ConfigNode n, String hostname) {
    RelayHostConfig d = RelayHostConfig.defaults();
    String host = n.string("host", "");
    TlsMode tls = n.parse("tls", TlsMode.STARTTLS, SmtpSection::tlsMode);
    int port = n.integer("port", tls == TlsMode.IMPLICIT ? 465 : 587, 1, 65535);
    Path ca = n.parse("ca_file", null, Path::of);
    String pin = n.string("pin_sha256", "");
    String user = n.string("username", "");
    String password = n.string("password", "");
    Path passwordFile = n.parse("password_file", null, Path::of);
    String rewrite = n.string("rewrite_sender", "");
    String helo = n.string("helo_name", hostname);
    Duration connect = n.duration("connect_timeout", d.connectTimeout());
    Duration read = n.duration("read_timeout", d.readTimeout());
    n.finish();
    if (!user.isEmpty() && password.isEmpty() && passwordFile == null) {
      n.error("username", "needs password_file (or password)");
    }
    try {
      return new RelayHostConfig(host, port, tls, ca, pin, user, password, passwordFile, rewrite, helo,
          connect, read);
    } catch (IllegalArgumentException e) {
      n.error("host", e.getMessage());
      return d;
    }
  }

  private static QueueConfig readQueue(ConfigNode n) {
    QueueConfig d = QueueConfig.defaults();
    List<Duration> retry = n.list("retry", d.retrySchedule(), Durations::parse);
    Duration lifetime = n.duration("max_lifetime", d.maxLifetime());
    int concurrency = n.integer("concurrency", d.concurrency(), 1, 64);
    String postmaster = n.string("postmaster", "");
    Duration idleClose = n.duration("idle_close", d.idleClose());
    n.finish();
    try {
      return new QueueConfig(retry, lifetime, concurrency, postmaster, idleClose);
    } catch (IllegalArgumentException e) {
      n.error("retry", e.getMessage());
      return d;
    }
  }

  private static TlsMode tlsMode(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "starttls" -> TlsMode.STARTTLS;
      case "implicit" -> TlsMode.IMPLICIT;
      default -> throw new IllegalArgumentException("must be starttls or implicit (there is no plaintext"
          + " mode), not '" + s + "'");
    };
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("listen", IpAddresses.format(listen));
    m.put("also_listen", alsoListen.stream().map(IpAddresses::format).toList());
    m.put("hostname", hostname);
    m.put("max_message_size", ByteSizes.format(maxMessageSize));
    m.put("max_recipients", maxRecipients);
    m.put("max_connections", maxConnections);
    m.put("max_connections_per_client", maxConnectionsPerClient);
    m.put("idle_timeout", Durations.format(idleTimeout));
    m.put("max_data_time", Durations.format(maxDataTime));
    m.put("max_command_time", Durations.format(maxCommandTime));
    Map<String, Object> lc = new LinkedHashMap<>();
    lc.put("tls_cert_file", lanClients.tlsCertFile() == null ? "" : lanClients.tlsCertFile().toString());
    lc.put("tls_key_file", lanClients.tlsKeyFile() == null ? "" : lanClients.tlsKeyFile().toString());
    lc.put("users_file", lanClients.usersFile() == null ? "" : lanClients.usersFile().toString());
    lc.put("auth_required", lanClients.authRequired());
    m.put("lan_clients", lc);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("host", relayhost.host());
    r.put("port", relayhost.port());
    r.put("tls", relayhost.tls().name().toLowerCase(Locale.ROOT));
    r.put("ca_file", relayhost.caFile() == null ? "" : relayhost.caFile().toString());
    r.put("pin_sha256", relayhost.pinSha256());
    r.put("username", relayhost.username());
    r.put("password", relayhost.password().isEmpty() ? "" : "(hidden)"); // never print a secret
    r.put("password_file", relayhost.passwordFile() == null ? "" : relayhost.passwordFile().toString());
    r.put("rewrite_sender", relayhost.rewriteSender());
    r.put("helo_name", relayhost.heloName());
    r.put("connect_timeout", Durations.format(relayhost.connectTimeout()));
    r.put("read_timeout", Durations.format(relayhost.readTimeout()));
    m.put("relayhost", r);
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("retry", queue.retrySchedule().stream().map(Durations::format).toList());
    q.put("max_lifetime", Durations.format(queue.maxLifetime()));
    q.put("concurrency", queue.concurrency());
    q.put("postmaster", queue.postmaster());
    q.put("idle_close", Durations.format(queue.idleClose()));
    m.put("queue", q);
    return m;
  }
}
