package gateway.smtp.config;

/** How the connection to the relayhost is protected; there is deliberately no plaintext mode. */
public enum TlsMode {
    /** Submission port 587: plain connect, then STARTTLS is required (RFC 3207); no fallback. */
    STARTTLS,
    /** Implicit TLS, port 465 (RFC 8314 section 3.3). */
    IMPLICIT
}
