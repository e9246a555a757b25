package gateway.smtp.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how mail leaves: the ISP's submission server.
 *
 * @param host relayhost name; empty means "not configured": mail is accepted and held
 * @param port 587 for STARTTLS, 465 for implicit TLS
 * @param tls STARTTLS (required, never a plaintext fallback) or implicit TLS
 * @param caFile optional PEM file with extra trusted CA certificates (added to the system store), or null
 * @param pinSha256 optional SHA-256 fingerprint (hex, colons allowed) of the server's leaf certificate, or empty
 * @param username SASL user, empty for no AUTH
 * @param password SASL password inline (prefer {@code passwordFile}), empty if none
 * @param passwordFile file holding the password; must not be readable by group or others, or null
 * @param rewriteSender if not empty, the envelope sender used upstream (many ISPs require their own account address)
 * @param heloName name sent in EHLO
 * @param connectTimeout TCP connect timeout
 * @param readTimeout timeout for each server reply
 */
public record RelayHostConfig(String host, int port, TlsMode tls, Path caFile, String pinSha256,
                              String username, String password, Path passwordFile, String rewriteSender,
                              String heloName, Duration connectTimeout, Duration readTimeout) {

    public RelayHostConfig {
        host = host == null ? "" : host.trim();
        Objects.requireNonNull(tls, "tls");
        pinSha256 = pinSha256 == null ? "" : pinSha256.replace(":", "").toLowerCase(java.util.Locale.ROOT);
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        rewriteSender = rewriteSender == null ? "" : rewriteSender.trim();
        heloName = heloName == null || heloName.isBlank() ? "localhost" : heloName.trim();
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("relayhost port out of range: " + port);
        }
        if (!pinSha256.isEmpty() && !pinSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("pinSha256 must be 64 hex digits (SHA-256 of the certificate)");
        }
        if (!password.isEmpty() && passwordFile != null) {
            throw new IllegalArgumentException("give either password or passwordFile, not both");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (host.contains(" ")) {
            throw new IllegalArgumentException("relayhost must be a single host name: " + host);
        }
    }

    /** No relayhost: mail is accepted and held. */
    public static RelayHostConfig defaults() {
        return new RelayHostConfig("", 587, TlsMode.STARTTLS, null, "", "", "", null, "", "localhost",
                Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /** Whether a relayhost is configured at all. */
    public boolean configured() {
        return !host.isEmpty();
    }

    /** Whether AUTH is to be used. */
    public boolean authenticates() {
        return !username.isEmpty();
    }

    public RelayHostConfig withHost(String newHost, int newPort, TlsMode newTls) {
        return new RelayHostConfig(newHost, newPort, newTls, caFile, pinSha256, username, password, passwordFile,
                rewriteSender, heloName, connectTimeout, readTimeout);
    }

    public RelayHostConfig withCredentials(String user, String inlinePassword, Path file) {
        return new RelayHostConfig(host, port, tls, caFile, pinSha256, user, inlinePassword, file,
                rewriteSender, heloName, connectTimeout, readTimeout);
    }

    public RelayHostConfig withTrust(Path ca, String pin) {
        return new RelayHostConfig(host, port, tls, ca, pin, username, password, passwordFile,
                rewriteSender, heloName, connectTimeout, readTimeout);
    }

    public RelayHostConfig withRewriteSender(String sender) {
        return new RelayHostConfig(host, port, tls, caFile, pinSha256, username, password, passwordFile,
                sender, heloName, connectTimeout, readTimeout);
    }

    public RelayHostConfig withTimeouts(Duration connect, Duration read) {
        return new RelayHostConfig(host, port, tls, caFile, pinSha256, username, password, passwordFile,
                rewriteSender, heloName, connect, read);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "RelayHostConfig[" + host + ":" + port + " " + tls + (authenticates() ? " user=" + username : "")
                + (caFile != null ? " ca=" + caFile : "") + (pinSha256.isEmpty() ? "" : " pinned") + "]";
    }
}
