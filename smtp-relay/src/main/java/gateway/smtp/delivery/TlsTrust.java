package gateway.smtp.delivery;

import gateway.smtp.config.RelayHostConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the TLS client factory for the relayhost: the system trust store, plus the CAs of an optional PEM file,
 * plus an optional pin on the leaf certificate's SHA-256 fingerprint. The pin is checked in addition to normal
 * validation, never instead of it (to trust a self-signed server, put its certificate in the CA file). The host
 * name check is done by JSSE with the endpoint identification Angus sets ({@code ssl.checkserveridentity}).
 */
public final class TlsTrust {
    private TlsTrust() {
    }

    public static SSLSocketFactory socketFactory(RelayHostConfig cfg) throws IOException {
        return socketFactory(cfg, chain -> { });
    }

    /** As {@link #socketFactory(RelayHostConfig)}, also showing the server's chain to {@code seen} (diagnostics). */
    public static SSLSocketFactory socketFactory(RelayHostConfig cfg, Consumer<X509Certificate[]> seen)
            throws IOException {
        try {
            List<X509TrustManager> managers = new ArrayList<>();
            managers.add(defaultManager(null));
            if (cfg.caFile() != null) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (X509Certificate c : readPem(cfg.caFile())) {
                    ks.setCertificateEntry("ca" + i++, c);
                }
                if (i == 0) {
                    throw new IOException("no certificate in CA file " + cfg.caFile());
                }
                managers.add(defaultManager(ks));
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new AnyOf(managers, cfg.pinSha256(), seen)}, null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the certificate's DER encoding, lower-case hex. */
    public static String fingerprint(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<X509Certificate> readPem(Path file) throws IOException, CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (var c : cf.generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        }
        return out;
    }

    private static X509ExtendedTrustManager defaultManager(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509ExtendedTrustManager");
    }

    /** Accepts a chain that any of the stores accepts (with the host name check), then checks the pin. */
    private static final class AnyOf extends X509ExtendedTrustManager {
        private final List<X509TrustManager> managers;
        private final String pin;
        private final Consumer<X509Certificate[]> seen;

        AnyOf(List<X509TrustManager> managers, String pin, Consumer<X509Certificate[]> seen) {
            this.managers = managers;
            this.pin = pin;
            this.seen = seen;
        }

        private interface Check {
            void run(X509ExtendedTrustManager tm) throws CertificateException;
        }

        private void any(X509Certificate[] chain, Check check) throws CertificateException {
            seen.accept(chain.clone());
            CertificateException reported = null;
            boolean ok = false;
            for (X509TrustManager tm : managers) {
                try {
                    check.run((X509ExtendedTrustManager) tm);
                    ok = true;
                    break;
                } catch (CertificateException e) {
                    // "no path to a trusted CA" from one store says less than, say, a host name mismatch from the
                    // store that does know the issuer: report the more specific one.
                    if (reported == null || String.valueOf(reported.getMessage()).contains("PKIX path")) {
                        reported = e;
                    }
                }
            }
            if (!ok) {
                throw reported;
            }
            if (!pin.isEmpty() && !fingerprint(chain[0]).equals(pin)) {
                throw new CertificateException("server certificate SHA-256 " + fingerprint(chain[0])
                        + " does not match the pinned " + pin);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            any(chain, tm -> tm.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            any(chain, tm -> tm.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            // Only reached without a socket, i.e. without host name information: refuse rather than skip the check.
            throw new CertificateException("server certificate check needs the connection for the host name check");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>();
            for (X509TrustManager tm : managers) {
                all.addAll(List.of(tm.getAcceptedIssuers()));
            }
            return all.toArray(new X509Certificate[0]);
        }
    }
}
