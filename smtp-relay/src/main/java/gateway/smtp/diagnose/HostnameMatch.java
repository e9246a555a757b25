package gateway.smtp.diagnose;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a certificate names a host, for the report (JSSE does the enforcing check during the handshake).
 * RFC 6125 section 6.4: DNS-ID from subjectAltName, a wildcard only as the whole left-most label.
 */
final class HostnameMatch {
    private HostnameMatch() {
    }

    static List<String> dnsNames(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && ((Integer) san.get(0) == 2 || (Integer) san.get(0) == 7)) {
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable SANs: nothing matches
        }
        return out;
    }

    static boolean matches(String host, List<String> names) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String n : names) {
            String p = n.toLowerCase(Locale.ROOT);
            if (p.equals(h)) {
                return true;
            }
            if (p.startsWith("*.") && p.indexOf('*', 1) < 0) {
                int dot = h.indexOf('.');
                if (dot > 0 && h.substring(dot + 1).equals(p.substring(2)) && p.substring(2).contains(".")) {
                    return true;
                }
            }
        }
        return false;
    }
}
