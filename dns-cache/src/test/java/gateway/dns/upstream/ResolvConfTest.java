package gateway.dns.upstream;

import static gateway.dns.testutil.Dns.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResolvConfTest {

  private static final List<String> FILE = List.of(
      "# generated", "search lan", "nameserver 192.0.2.1", "nameserver 203.0.113.53",
      "nameserver fe80::1%eth0", "nameserver not-an-ip", "options edns0",
      "nameserver 127.0.0.53", "nameserver 203.0.113.53");

  @Test
  void loopbackOnlyServerOnAnotherPortKeepsEveryServer() {
    assertThat(ResolvConf.upstreams(FILE, List.of(new InetSocketAddress("127.0.0.1", 5353)),
        Set.of(ip("192.0.2.1")))).containsExactly(
            new InetSocketAddress("192.0.2.1", 53), new InetSocketAddress("203.0.113.53", 53),
            new InetSocketAddress("127.0.0.53", 53));
  }

  @Test
  void wildcardListenerOnPort53SkipsOwnAndLoopbackAddresses() {
    assertThat(ResolvConf.upstreams(FILE, List.of(new InetSocketAddress("0.0.0.0", 53)),
        Set.of(ip("192.0.2.1")))).containsExactly(new InetSocketAddress("203.0.113.53", 53));
  }

  @Test
  void listenerOnTheLanAddressSkipsJustThatAddress() {
    assertThat(ResolvConf.upstreams(FILE, List.of(new InetSocketAddress("192.0.2.1", 53)),
        Set.of(ip("192.0.2.1")))).containsExactly(
            new InetSocketAddress("203.0.113.53", 53), new InetSocketAddress("127.0.0.53", 53));
  }
}
