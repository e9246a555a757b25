package gateway.smtp.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The whole SMTP relay configuration.
 *
 * @param listen addresses to accept LAN mail on
 * @param hostName name in the greeting, EHLO reply and Received header
 * @param maxMessageBytes SIZE limit (RFC 1870), also enforced while reading DATA
 * @param maxRecipients recipients per transaction (RFC 5321 4.5.3.1.8 requires at least 100 to be accepted)
 * @param maxConnections simultaneous sessions in total
 * @param maxConnectionsPerClient simultaneous sessions from one client address
 * @param idleTimeout socket read timeout, for commands and for each read during DATA
 * @param spoolDir where accepted mail is kept until delivered
 * @param relayHost where mail goes
 * @param queue retry, lifetime and concurrency of delivery
 */
public record SmtpRelayConfig(List<InetSocketAddress> listen, String hostName, int maxMessageBytes, int maxRecipients,
                              int maxConnections, int maxConnectionsPerClient, Duration idleTimeout, Path spoolDir,
                              RelayHostConfig relayHost, QueueConfig queue) {

    public SmtpRelayConfig {
        listen = List.copyOf(Objects.requireNonNull(listen, "listen"));
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(spoolDir, "spoolDir");
        Objects.requireNonNull(relayHost, "relayHost");
        Objects.requireNonNull(queue, "queue");
        if (listen.isEmpty()) {
            throw new IllegalArgumentException("listen needs at least one address");
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024: " + maxMessageBytes);
        }
        if (maxRecipients < 1) {
            throw new IllegalArgumentException("maxRecipients must be positive");
        }
        if (maxConnections < 1 || maxConnectionsPerClient < 1) {
            throw new IllegalArgumentException("connection limits must be positive");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || idleTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (hostName.isBlank() || hostName.contains(" ")) {
            throw new IllegalArgumentException("hostName must be one word: '" + hostName + "'");
        }
    }

    /** Loopback only, port 2525, spool in ./spool/smtp, no relayhost (mail is held). */
    public static SmtpRelayConfig defaults() {
        return new SmtpRelayConfig(List.of(new InetSocketAddress("127.0.0.1", 2525)), "gateway.localdomain",
                25 * 1024 * 1024, 100, 32, 8, Duration.ofMinutes(5), Path.of("spool", "smtp"),
                RelayHostConfig.defaults(), QueueConfig.defaults());
    }

    public SmtpRelayConfig withListen(List<InetSocketAddress> addresses) {
        return new SmtpRelayConfig(addresses, hostName, maxMessageBytes, maxRecipients, maxConnections,
                maxConnectionsPerClient, idleTimeout, spoolDir, relayHost, queue);
    }

    public SmtpRelayConfig withSpoolDir(Path dir) {
        return new SmtpRelayConfig(listen, hostName, maxMessageBytes, maxRecipients, maxConnections,
                maxConnectionsPerClient, idleTimeout, dir, relayHost, queue);
    }

    public SmtpRelayConfig withRelayHost(RelayHostConfig relay) {
        return new SmtpRelayConfig(listen, hostName, maxMessageBytes, maxRecipients, maxConnections,
                maxConnectionsPerClient, idleTimeout, spoolDir, relay, queue);
    }

    public SmtpRelayConfig withQueue(QueueConfig q) {
        return new SmtpRelayConfig(listen, hostName, maxMessageBytes, maxRecipients, maxConnections,
                maxConnectionsPerClient, idleTimeout, spoolDir, relayHost, q);
    }

    public SmtpRelayConfig withLimits(int messageBytes, int recipients, int connections, int perClient,
                                      Duration idle) {
        return new SmtpRelayConfig(listen, hostName, messageBytes, recipients, connections, perClient, idle,
                spoolDir, relayHost, queue);
    }
}
