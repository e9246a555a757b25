package gateway.proxy.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's request decoder made strict for a proxy, where a lenient reading that differs from the
 * origin's is a request-smuggling hole.
 *
 * <p>Netty repairs what a proxy must refuse: it drops Content-Length when Transfer-Encoding is also
 * present and it silently joins obs-fold continuation lines. Here both become a decoder failure
 * ({@link SmugglingException}); duplicate Content-Length values are refused too and bad chunk
 * sizes already fail in Netty. The obs-fold check watches exactly the bytes the decoder consumed
 * while reading a head: Netty consumes a head in whole lines and ends a decode call after the
 * head's last line and after each message's last content, so the boundaries are exact.
 */
public final class ProxyRequestDecoder extends HttpRequestDecoder {
    private boolean readingHead = true;
    private boolean sawLineInHead;
    private boolean atLineStart = true;
    private boolean foldSeen;

    public ProxyRequestDecoder(int maxInitialLineLength, int maxHeaderSize) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(maxInitialLineLength)
                .setMaxHeaderSize(maxHeaderSize)
                .setMaxChunkSize(16 * 1024)
                .setAllowDuplicateContentLengths(false)
                .setUseRfc9112TransferEncoding(true)
                .setStrictLineParsing(true)
                .setValidateHeaders(true));
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new SmugglingException("both Transfer-Encoding and Content-Length (RFC 9112 section 6.3)");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        int start = in.readerIndex();
        int before = out.size();
        super.decode(ctx, in, out);
        if (readingHead) {
            scanHead(in, start, in.readerIndex());
        }
        for (int i = before; i < out.size(); i++) {
            Object msg = out.get(i);
            if (msg instanceof HttpRequest request) {
                if (foldSeen && request.decoderResult().isSuccess()) {
                    request.setDecoderResult(DecoderResult.failure(
                            new SmugglingException("obs-fold line folding in the header (RFC 9112 section 5.2)")));
                }
                readingHead = false;
            }
            if (msg instanceof LastHttpContent) {
                readingHead = true;
                sawLineInHead = false;
                atLineStart = true;
                foldSeen = false;
            }
        }
    }

    /** A head line that starts with SP or HTAB after the request line is obs-fold. */
    private void scanHead(ByteBuf in, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = in.getByte(i);
            if (atLineStart) {
                if ((b == ' ' || b == '\t') && sawLineInHead) {
                    foldSeen = true;
                }
                if (b != '\r' && b != '\n' && b != ' ' && b != '\t') {
                    sawLineInHead = true;
                }
                atLineStart = false;
            }
            if (b == '\n') {
                atLineStart = true;
            }
        }
    }
}
