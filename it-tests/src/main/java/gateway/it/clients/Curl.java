package gateway.it.clients;

import gateway.it.netns.CommandResult;
import gateway.it.netns.Netns;
import java.time.Duration;
import java.util.List;

/** Fetches a URL with the real curl from inside a namespace (a LAN client, usually). */
public final class Curl {

    private static final String STATUS_MARK = "\n--gwit-status:";

    private Curl() {
    }

    /** GETs {@code url} from {@code from}, giving up after 10 seconds. */
    public static HttpReply get(Netns from, String url) {
        return get(from, url, Duration.ofSeconds(10));
    }

    /** GETs {@code url} from {@code from}; {@code timeout} bounds connect and transfer together. */
    public static HttpReply get(Netns from, String url, Duration timeout) {
        long seconds = Math.max(1, timeout.toSeconds());
        // -g: no globbing, so [2001:db8::1] URLs work; --noproxy: ignore any proxy variables of the host
        CommandResult result = from.exec(timeout.plusSeconds(5), List.of(
                "curl", "-sS", "-g", "--noproxy", "*", "-m", Long.toString(seconds),
                "--connect-timeout", Long.toString(seconds), "-o", "-",
                "-w", STATUS_MARK + "%{http_code}", url));
        String out = result.stdout();
        int mark = out.lastIndexOf(STATUS_MARK);
        if (mark < 0 || !result.ok()) {
            return new HttpReply(-1, mark < 0 ? out : out.substring(0, mark), result);
        }
        int status = Integer.parseInt(out.substring(mark + STATUS_MARK.length()).trim());
        return new HttpReply(status, out.substring(0, mark), result);
    }
}
