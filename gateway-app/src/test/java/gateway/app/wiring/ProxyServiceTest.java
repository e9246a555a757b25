package gateway.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.app.config.ConfigLoader;
import gateway.app.config.GatewayConfig;
import gateway.proxy.config.ProxyConfig;
import gateway.proxy.config.SpoofMode;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ProxyServiceTest {

  @Test
  void configMapsOntoTheModulesRecord() {
    GatewayConfig config = ConfigLoader.parse("""
        lan:
          interface: lan0
          address: 192.0.2.1
          subnet: 192.0.2.0/24
        proxy:
          spoof_client_address: always
          access_log: ""
        """, "t");
    ProxyConfig p = ProxyService.toProxyConfig(config.proxy());
    assertThat(p.explicitListen()).contains(config.proxy().listen());
    assertThat(p.transparentListen()).isPresent();
    assertThat(p.transparentListen().get().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(p.transparentListen().get().getAddress().getAddress()).hasSize(16); // [::], dual-stack
    assertThat(p.transparentListen().get().getPort()).isEqualTo(3129);
    assertThat(p.spoofClientAddress()).isEqualTo(SpoofMode.ALWAYS);
    assertThat(p.accessLog()).isEmpty();
    assertThat(p.viaPseudonym()).isEqualTo(ProxyService.viaName()).matches("[A-Za-z0-9.\\-_]+");
  }

  @Test
  void loopbackDefaultsKeepTheTransparentListenerOff() {
    ProxyConfig p = ProxyService.toProxyConfig(GatewayConfig.loopback(java.nio.file.Path.of("/tmp/gw-test")).proxy());
    assertThat(p.transparentListen()).isEmpty();
    assertThat(p.explicitListen().get().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
    assertThat(p.explicitListen().get().getPort()).isEqualTo(3128);
  }
}
