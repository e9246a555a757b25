package gateway.dns.codec;

import java.net.InetSocketAddress;
import org.xbill.DNS.Message;

/**
 * A response on its way out.
 *
 * @param message the response
 * @param recipient the client
 * @param limit the largest encoding the client can take; larger ones are truncated with TC
 */
public record DnsResponse(Message message, InetSocketAddress recipient, int limit) {}
