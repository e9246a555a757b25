package gateway.dhcp.codec;

/** Option codes used by this server, named as RFC 2132 (and RFC 3046, 3442) name them. */
public final class OptionCode {
    public static final int PAD = 0;
    public static final int SUBNET_MASK = 1;
    public static final int ROUTER = 3;
    public static final int DOMAIN_NAME_SERVER = 6;
    public static final int HOST_NAME = 12;
    public static final int DOMAIN_NAME = 15;
    public static final int BROADCAST_ADDRESS = 28;
    public static final int NTP_SERVERS = 42;
    public static final int REQUESTED_IP_ADDRESS = 50;
    public static final int IP_ADDRESS_LEASE_TIME = 51;
    public static final int OPTION_OVERLOAD = 52;
    public static final int MESSAGE_TYPE = 53;
    public static final int SERVER_IDENTIFIER = 54;
    public static final int PARAMETER_REQUEST_LIST = 55;
    public static final int MESSAGE = 56;
    public static final int MAXIMUM_MESSAGE_SIZE = 57;
    public static final int RENEWAL_TIME = 58;
    public static final int REBINDING_TIME = 59;
    public static final int VENDOR_CLASS_IDENTIFIER = 60;
    public static final int CLIENT_IDENTIFIER = 61;
    public static final int RELAY_AGENT_INFORMATION = 82;
    public static final int CLASSLESS_STATIC_ROUTE = 121;
    public static final int END = 255;

    private OptionCode() {
    }
}
