package gateway.proxy.cache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The body of a stored response, held off the Java heap (so a full memory tier is not work for
 * the garbage collector) and shared by reference counting: the memory tier holds one reference,
 * each request that serves it holds one while it builds its answer, a disk write holds one
 * until the file is written. The buffer is freed exactly once, when the last reference goes.
 *
 * <p>Unlike a plain {@link ByteBuf} it can be acquired safely by a lookup racing with an
 * eviction: {@link #tryRetain()} fails once the count has reached zero instead of reviving a
 * freed buffer.
 */
public final class StoredBody {
    /**
     * Exact-size direct buffers, not from a pool: stored bodies live for minutes, and in a pool
     * they would pin whole chunks. Netty mallocs them where the JVM lets it skip the Cleaner
     * (--add-opens java.base/java.nio), else they are JDK direct buffers, freed at once all the
     * same. Leak detection stays on (tests run it paranoid).
     */
    private static final UnpooledByteBufAllocator OFF_HEAP = new UnpooledByteBufAllocator(true, false, true);
    private static final AtomicIntegerFieldUpdater<StoredBody> REFERENCES =
            AtomicIntegerFieldUpdater.newUpdater(StoredBody.class, "references");
    private final ByteBuf bytes;
    private volatile int references = 1;

    private StoredBody(ByteBuf bytes) {
        this.bytes = bytes;
    }

    /** A direct buffer for capturing a body of up to {@code max} bytes, {@code initial} reserved. */
    public static ByteBuf allocate(int initial, int max) {
        return OFF_HEAP.directBuffer(initial, max);
    }

    /** Takes over {@code buffer} (its readable bytes are the body); the caller holds the one reference. */
    public static StoredBody adopt(ByteBuf buffer) {
        return new StoredBody(buffer);
    }

    /** A copy of {@code body} off the heap; the caller holds the one reference. */
    public static StoredBody copyOf(byte[] body) {
        return copyOf(body, 0, body.length);
    }

    /** A copy of {@code length} bytes of {@code source} from {@code offset}, off the heap. */
    public static StoredBody copyOf(byte[] source, int offset, int length) {
        ByteBuf buffer = OFF_HEAP.directBuffer(length, length);
        buffer.writeBytes(source, offset, length);
        return new StoredBody(buffer);
    }

    /** A heap body that needs no freeing (small fixed bodies, tests); counted all the same. */
    public static StoredBody onHeap(byte[] body) {
        return new StoredBody(Unpooled.wrappedBuffer(body));
    }

    /** Direct memory held by stored bodies and captures in progress, in bytes (stats, leak checks). */
    public static long offHeapBytes() {
        return OFF_HEAP.metric().usedDirectMemory();
    }

    public int length() {
        return bytes.readableBytes();
    }

    /** Bytes held, for the memory tier's weigher. */
    int capacity() {
        return bytes.capacity();
    }

    /** One more reference, or false when the body is already freed (a lookup lost a race with eviction). */
    public boolean tryRetain() {
        for (;;) {
            int n = references;
            if (n <= 0) {
                return false;
            }
            if (REFERENCES.compareAndSet(this, n, n + 1)) {
                return true;
            }
        }
    }

    /** One more reference; only for a caller that already holds one. */
    public StoredBody retain() {
        if (!tryRetain()) {
            throw new IllegalStateException("stored body already freed");
        }
        return this;
    }

    /** Gives back one reference; the last one frees the buffer. */
    public void release() {
        int left = REFERENCES.decrementAndGet(this);
        if (left == 0) {
            bytes.release();
        } else if (left < 0) {
            throw new IllegalStateException("stored body released more often than retained");
        }
    }

    /** Whether the buffer has been freed (tests). */
    boolean freed() {
        return references <= 0 && bytes.refCnt() == 0;
    }

    /**
     * A view of {@code length} bytes from {@code from}, with a buffer reference of its own: it
     * stays valid after this body is evicted, until whoever writes it releases it. Not to be
     * written to. The caller must hold a reference while calling.
     */
    public ByteBuf retainedSlice(int from, int length) {
        if (references <= 0) {
            throw new IllegalStateException("stored body already freed");
        }
        return bytes.retainedSlice(bytes.readerIndex() + from, length);
    }

    /** Writes the whole body to {@code out}; the caller must hold a reference. */
    public void writeTo(OutputStream out) throws IOException {
        bytes.getBytes(bytes.readerIndex(), out, bytes.readableBytes());
    }

    /** A heap copy of the whole body (disk encoding, tests); the caller must hold a reference. */
    public byte[] toByteArray() {
        byte[] copy = new byte[bytes.readableBytes()];
        bytes.getBytes(bytes.readerIndex(), copy);
        return copy;
    }
}
