package gateway.app.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BindFailuresTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "tcp 192.0.2.1:25: Address already in use | another process already listens there",
      "udp 192.0.2.1:53: Permission denied | need CAP_NET_BIND_SERVICE",
      "tcp :3129: setsockopt IP_TRANSPARENT failed: Operation not permitted | needs CAP_NET_ADMIN",
      "tcp 192.0.2.9:53: Cannot assign requested address | no interface of this machine has that address",
      "SO_BINDTODEVICE lan9: No such device | no such network interface",
  })
  void namesTheLikelyFix(String message, String hint) {
    String explained = BindFailures.explain("dns", new IOException("start failed", new BindException(message)));
    assertThat(explained).startsWith("cannot start dns: start failed: " + message).contains(hint);
    assertThat(BindFailures.isBindFailure(new IOException(new BindException(message)))).isTrue();
  }
}
