package gateway.dhcp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class DhcpCodecRoundTripTest {

    static List<String> captured() {
        return Packets.CAPTURED;
    }

    @ParameterizedTest
    @MethodSource("captured")
    void realPacketsRoundTripByteForByte(String name) throws Exception {
        byte[] wire = Packets.load(name);
        DhcpMessage m = DhcpDecoder.decode(wire);
        assertThat(DhcpEncoder.encode(m)).isEqualTo(wire);
        assertThat(DhcpDecoder.decode(DhcpEncoder.encode(m))).isEqualTo(m);
    }

    @Test
    void dhclientDiscoverFields() throws Exception {
        DhcpMessage m = DhcpDecoder.decode(Packets.load("dhclient-01-discover.bin"));
        assertThat(m.op()).isEqualTo(DhcpMessage.BOOTREQUEST);
        assertThat(m.type()).contains(MessageType.DISCOVER);
        assertThat(m.mac()).isEqualTo("02:00:00:00:00:0a");
        assertThat(m.options().text(OptionCode.HOST_NAME)).contains("myhost");
        assertThat(m.options().parameterRequestList()).containsExactly(1, 3, 6, 15, 42, 121);
        assertThat(m.options().maximumMessageSize()).isEqualTo(576);
        assertThat(m.ciaddr()).isEqualTo(Ipv4.ANY);
    }

    @Test
    void dhclientRequestsInSelectingAndInitReboot() throws Exception {
        DhcpMessage selecting = DhcpDecoder.decode(Packets.load("dhclient-02-request.bin"));
        assertThat(selecting.type()).contains(MessageType.REQUEST);
        assertThat(selecting.options().address(OptionCode.SERVER_IDENTIFIER)).contains(Ipv4.parse("192.0.2.1"));
        assertThat(selecting.options().address(OptionCode.REQUESTED_IP_ADDRESS)).contains(Ipv4.parse("192.0.2.50"));
        DhcpMessage reboot = DhcpDecoder.decode(Packets.load("dhclient-04-request-initreboot.bin"));
        assertThat(reboot.options().has(OptionCode.SERVER_IDENTIFIER)).isFalse();
        assertThat(reboot.options().address(OptionCode.REQUESTED_IP_ADDRESS)).contains(Ipv4.parse("192.0.2.50"));
        DhcpMessage release = DhcpDecoder.decode(Packets.load("dhclient-05-release.bin"));
        assertThat(release.type()).contains(MessageType.RELEASE);
        assertThat(release.ciaddr()).isEqualTo(Ipv4.parse("192.0.2.50"));
    }

    @Test
    void udhcpcSendsClientIdAndMaxSize() throws Exception {
        DhcpMessage m = DhcpDecoder.decode(Packets.load("udhcpc-01-discover.bin"));
        assertThat(m.options().get(OptionCode.CLIENT_IDENTIFIER)).hasValueSatisfying(
                v -> assertThat(v).containsExactly(1, 2, 0, 0, 0, 0, 0x0b));
        assertThat(m.options().maximumMessageSize()).isEqualTo(576);
        assertThat(m.options().text(OptionCode.VENDOR_CLASS_IDENTIFIER)).contains("udhcp 1.35.0");
    }

    @Test
    void dhcpcdSendsRfc4361ClientIdAndEmptyRapidCommit() throws Exception {
        DhcpMessage m = DhcpDecoder.decode(Packets.load("dhcpcd-01-discover.bin"));
        byte[] id = m.options().get(OptionCode.CLIENT_IDENTIFIER).orElseThrow();
        // type 255, IAID (the MAC's last 4 bytes), DUID-LLT (type 1, hw type 1, time, MAC)
        assertThat(id).hasSize(19);
        assertThat(id[0]).isEqualTo((byte) 255);
        assertThat(Arrays.copyOfRange(id, 1, 5)).containsExactly(0, 0, 0, 0x0c);
        assertThat(Arrays.copyOfRange(id, 5, 9)).containsExactly(0, 1, 0, 1);
        assertThat(m.options().has(80)).isTrue();
        assertThat(m.options().get(80)).hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(m.options().parameterRequestList()).startsWith(1, 121, 3, 6);
        assertThat(m.options().maximumMessageSize()).isEqualTo(1472);
        assertThat(m.broadcastFlag()).isFalse();
        assertThat(m.options().text(OptionCode.HOST_NAME)).contains("dchost");
    }
}
