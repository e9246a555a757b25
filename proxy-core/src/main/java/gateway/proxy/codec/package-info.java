/** Bytes to HTTP messages and back, strict about framing: smuggling shapes become failed messages. */
package gateway.proxy.codec;
