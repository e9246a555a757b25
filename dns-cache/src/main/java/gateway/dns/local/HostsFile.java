package gateway.dns.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Address;

/**
 * Parses files in /etc/hosts format (hosts(5)): an address literal, then one or more names;
 * {@code #} starts a comment. Lines with scoped IPv6 addresses or invalid literals are skipped,
 * never resolved: parsing a hosts file must not cause DNS traffic.
 */
public final class HostsFile {

  /** One name for one address. */
  public record Entry(String name, InetAddress address) {}

  private HostsFile() {}

  /** Reads and parses {@code file}. */
  public static List<Entry> read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  /** Parses lines of hosts(5) text. */
  public static List<Entry> parse(List<String> lines) {
    List<Entry> out = new ArrayList<>();
    for (String line : lines) {
      int hash = line.indexOf('#');
      String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (content.isEmpty()) {
        continue;
      }
      String[] tokens = content.split("\\s+");
      if (tokens.length < 2 || tokens[0].contains("%")) {
        continue;
      }
      InetAddress address;
      try {
        address = Address.getByAddress(tokens[0]);
      } catch (UnknownHostException e) {
        continue;
      }
      for (int i = 1; i < tokens.length; i++) {
        out.add(new Entry(tokens[i], address));
      }
    }
    return out;
  }
}
