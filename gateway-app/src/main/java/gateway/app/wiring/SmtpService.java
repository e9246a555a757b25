package gateway.app.wiring;

import gateway.app.config.GatewayConfig;
import gateway.app.config.SmtpSection;
import gateway.app.lifecycle.Listener;
import gateway.app.lifecycle.StatefulService;
import gateway.app.lifecycle.ServiceState;
import gateway.smtp.config.SmtpRelayConfig;
import gateway.smtp.delivery.DeliveryQueue;
import gateway.smtp.server.LanTls;
import gateway.smtp.server.LanUsers;
import gateway.smtp.server.SmtpRelayServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The SMTP relay as the launcher sees it; the spool lives under {@code data_dir/smtp}. */
public final class SmtpService extends StatefulService {
  private final GatewayConfig config;
  private volatile SmtpRelayServer server;

  SmtpService(GatewayConfig config) {
    this.config = config;
  }

  /** The spool directory: {@code data_dir/smtp}. */
  public static Path spoolDir(GatewayConfig config) {
    return config.dataDir().resolve("smtp");
  }

  static SmtpRelayConfig relayConfig(GatewayConfig config) {
    SmtpSection s = config.smtp();
    List<java.net.InetSocketAddress> listen = new java.util.ArrayList<>();
    listen.add(s.listen());
    listen.addAll(s.alsoListen());
    return new SmtpRelayConfig(listen, s.hostname(), (int) s.maxMessageSize(), s.maxRecipients(),
        s.maxConnections(), s.maxConnectionsPerClient(), s.idleTimeout(), spoolDir(config),
        s.relayhost(), s.queue());
  }

  @Override
  public String name() {
    return "smtp";
  }

  @Override
  public int startOrder() {
    return 40;
  }

  @Override
  protected void startServing() throws Exception {
    SmtpSection.LanClients lan = config.smtp().lanClients();
    SmtpRelayServer.Builder b = SmtpRelayServer.builder()
        .config(relayConfig(config))
        .accessPredicate(config.lan().access())
        .maxDataTime(config.smtp().maxDataTime())
        .maxCommandTime(config.smtp().maxCommandTime());
    if (lan.tlsCertFile() != null) {
      b.lanTls(LanTls.serverContext(lan.tlsCertFile(), lan.tlsKeyFile()));
    }
    if (lan.usersFile() != null) {
      b.lanAuth(LanUsers.load(lan.usersFile()), lan.authRequired());
    }
    SmtpRelayServer s = b.build();
    s.start();
    server = s;
  }

  /** The running queue, for the admin routes; empty when the relay is not running. */
  Optional<DeliveryQueue> queue() {
    SmtpRelayServer s = server;
    return s == null || state() != ServiceState.UP ? Optional.empty() : Optional.of(s.queue());
  }

  @Override
  public List<Listener> listeners() {
    SmtpRelayServer s = server;
    return s == null ? List.of() : s.boundAddresses().stream().map(Listener::tcp).toList();
  }


  @Override
  protected void stopServing(Duration drain) {
    SmtpRelayServer s = server;
    if (s != null) {
      s.stop(drain);
    }
  }
}
