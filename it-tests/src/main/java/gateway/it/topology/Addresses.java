package gateway.it.topology;

/**
 * The addresses and interface names of the standard topology, all from the documentation ranges
 * (RFC 5737 for IPv4, RFC 3849 for IPv6).
 *
 * <pre>
 *  client c1..cN                gateway "gw"                ISP router "isp"            internet hosts
 *  eth0 192.0.2.10+i  ==bridge lan0 192.0.2.1
 *                               wan0 198.51.100.1 ------ down0 198.51.100.254
 *                                                         bridge inet0 203.0.113.1 == eth0 203.0.113.N
 * </pre>
 */
public final class Addresses {

    /** The LAN subnet behind the gateway. */
    public static final String LAN_SUBNET = "192.0.2.0/24";
    /** The gateway's LAN address, on its bridge {@link #LAN_IF}. */
    public static final String GATEWAY_LAN = "192.0.2.1";
    /** The link between the gateway and the ISP router. */
    public static final String WAN_SUBNET = "198.51.100.0/24";
    /** The gateway's WAN address, on {@link #WAN_IF}. */
    public static final String GATEWAY_WAN = "198.51.100.1";
    /** The ISP router's address on the gateway's link; the gateway's default route. */
    public static final String ISP_WAN = "198.51.100.254";
    /** The "internet" subnet behind the ISP router. */
    public static final String INTERNET_SUBNET = "203.0.113.0/24";
    /** The ISP router's address on the internet side; the internet hosts' default route. */
    public static final String ISP_INTERNET = "203.0.113.1";
    /** The last octet of the default internet host, the HTTP origin {@code 203.0.113.80}. */
    public static final int ORIGIN_OCTET = 80;

    /** IPv6 LAN prefix. */
    public static final String LAN6_SUBNET = "2001:db8:0:1::/64";
    /** The gateway's IPv6 LAN address. */
    public static final String GATEWAY_LAN6 = "2001:db8:0:1::1";
    /** IPv6 prefix of the gateway-ISP link. */
    public static final String WAN6_SUBNET = "2001:db8:0:2::/64";
    /** The gateway's IPv6 WAN address. */
    public static final String GATEWAY_WAN6 = "2001:db8:0:2::1";
    /** The ISP router's IPv6 address on the gateway's link. */
    public static final String ISP_WAN6 = "2001:db8:0:2::fe";
    /** IPv6 prefix of the internet side. */
    public static final String INTERNET6_SUBNET = "2001:db8:0:3::/64";
    /** The ISP router's IPv6 address on the internet side. */
    public static final String ISP_INTERNET6 = "2001:db8:0:3::1";

    /** The gateway's LAN interface: a bridge with every client's veth enslaved. */
    public static final String LAN_IF = "lan0";
    /** The gateway's WAN interface, a veth to the ISP router. */
    public static final String WAN_IF = "wan0";
    /** The ISP router's interface towards the gateway. */
    public static final String ISP_DOWN_IF = "down0";
    /** The ISP router's internet-side bridge. */
    public static final String ISP_INTERNET_IF = "inet0";
    /** The single interface of each client and internet host. */
    public static final String HOST_IF = "eth0";

    private Addresses() {
    }

    /** The IPv4 address of LAN client {@code index} (1-based): 192.0.2.10 + index. */
    public static String client(int index) {
        return "192.0.2." + (10 + index);
    }

    /** The IPv6 address of LAN client {@code index} (1-based). */
    public static String client6(int index) {
        return "2001:db8:0:1::" + Integer.toHexString(0x10 + index);
    }

    /** The IPv4 address of the internet host with last octet {@code octet}. */
    public static String internetHost(int octet) {
        return "203.0.113." + octet;
    }

    /** The IPv6 address of the internet host with last octet {@code octet} (written in hex digits alike). */
    public static String internetHost6(int octet) {
        return "2001:db8:0:3::" + octet;
    }
}
