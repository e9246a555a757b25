/** Bytes to dnsjava messages and back: query decoders, response encoders with EDNS0 truncation. */
package gateway.dns.codec;
