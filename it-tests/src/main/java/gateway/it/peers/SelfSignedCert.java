package gateway.it.peers;

import gateway.it.netns.ProcessRunner;
import java.nio.file.Path;
import java.util.List;

/**
 * A self-signed server certificate made with openssl for one test run (the ISP's submission server); the
 * gateway trusts it through its {@code ca_file}.
 *
 * @param cert PEM certificate
 * @param key PEM private key (unencrypted)
 */
public record SelfSignedCert(Path cert, Path key) {

    /** Creates {@code cert.pem} and {@code key.pem} in {@code dir} for {@code hostName}. */
    public static SelfSignedCert create(PeerDir dir, String hostName) {
        Path cert = dir.path("cert.pem");
        Path key = dir.path("key.pem");
        ProcessRunner.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-days", "7", "-subj", "/CN=" + hostName, "-addext",
                "subjectAltName=DNS:" + hostName, "-keyout", key.toString(), "-out", cert.toString()),
                "", ProcessRunner.DEFAULT_TIMEOUT).orThrow();
        return new SelfSignedCert(cert, key);
    }
}
