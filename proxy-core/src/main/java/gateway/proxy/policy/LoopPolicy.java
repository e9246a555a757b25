package gateway.proxy.policy;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Recognises requests that already passed through this proxy (RFC 9110 section 7.6.3: each
 * intermediary appends its received-by to Via, so our own pseudonym in it means a loop).
 */
public final class LoopPolicy {
    private final String pseudonym;
    /** The element for HTTP/1.1, nearly every message's version: made once, not per message. */
    private final String via11;

    public LoopPolicy(String pseudonym) {
        this.pseudonym = Objects.requireNonNull(pseudonym).toLowerCase(Locale.ROOT);
        this.via11 = "1.1 " + this.pseudonym;
    }

    /** The Via element this proxy appends: protocol version and our pseudonym. */
    public String viaElement(String protocolVersion) {
        return protocolVersion.equals("1.1") ? via11 : protocolVersion + " " + pseudonym;
    }

    /** Whether any Via element names us as the received-by. */
    public boolean seenBefore(List<String> viaHeaders) {
        for (String header : viaHeaders) {
            for (String element : header.split(",")) {
                String[] parts = element.trim().split("\\s+");
                if (parts.length >= 2 && parts[1].toLowerCase(Locale.ROOT).equals(pseudonym)) {
                    return true;
                }
            }
        }
        return false;
    }
}
