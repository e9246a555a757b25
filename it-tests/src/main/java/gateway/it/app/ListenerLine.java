package gateway.it.app;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One "listening" line of the gateway's log, e.g.
 * {@code ... Lifecycle - listening service=admin proto=tcp address=192.0.2.1:9180}.
 *
 * @param service the service name ({@code admin}, {@code dns}, ...)
 * @param proto the protocol if logged ({@code tcp}, {@code udp}), else empty
 * @param address the {@code ip:port} listened on
 */
public record ListenerLine(String service, String proto, String address) {

    private static final Pattern LISTENING = Pattern.compile("\\blistening\\b");
    private static final Pattern SERVICE = Pattern.compile("\\bservice=(\\S+)");
    private static final Pattern PROTO = Pattern.compile("\\bproto=(\\S+)");
    private static final Pattern ADDRESS = Pattern.compile("\\baddress=(\\S+)");

    /** Parses {@code line} if it is a listening line with a service and an address. */
    public static Optional<ListenerLine> parse(String line) {
        if (!LISTENING.matcher(line).find()) {
            return Optional.empty();
        }
        Matcher service = SERVICE.matcher(line);
        Matcher address = ADDRESS.matcher(line);
        if (!service.find() || !address.find()) {
            return Optional.empty();
        }
        Matcher proto = PROTO.matcher(line);
        return Optional.of(new ListenerLine(service.group(1), proto.find() ? proto.group(1) : "", address.group(1)));
    }
}
