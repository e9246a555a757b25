package gateway.proxy.handler;

import gateway.proxy.cache.ByteRange;
import gateway.proxy.cache.StoredBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The body of a 206 multipart/byteranges answer (RFC 9110 section 14.6) from a stored body,
 * without copying it: a composite of the small part headers and a retained slice of the stored
 * buffer per range. Releasing the composite releases the slices.
 */
final class MultipartByteRanges {
    private MultipartByteRanges() {
    }

    /** The Content-Type of the whole answer. */
    static String contentType(String boundary) {
        return "multipart/byteranges; boundary=" + boundary;
    }

    /**
     * The body for {@code ranges} of {@code body}; each part names {@code partType} (the stored
     * Content-Type, or null for none) and its Content-Range. The caller holds a reference to
     * {@code body} while calling.
     */
    static ByteBuf body(StoredBody body, List<ByteRange> ranges, String partType, String boundary) {
        CompositeByteBuf out = Unpooled.compositeBuffer(2 * ranges.size() + 1);
        try {
            for (int i = 0; i < ranges.size(); i++) {
                ByteRange r = ranges.get(i);
                StringBuilder head = new StringBuilder(96);
                head.append(i == 0 ? "" : "\r\n").append("--").append(boundary).append("\r\n");
                if (partType != null) {
                    head.append("Content-Type: ").append(partType).append("\r\n");
                }
                head.append("Content-Range: ").append(r.contentRange()).append("\r\n\r\n");
                out.addComponent(true, ascii(head));
                out.addComponent(true, body.retainedSlice((int) r.first(), (int) r.size()));
            }
            out.addComponent(true, ascii("\r\n--" + boundary + "--\r\n"));
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static ByteBuf ascii(CharSequence text) {
        return Unpooled.wrappedBuffer(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
