package gateway.proxy.cache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
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
     * The cache's own pool of direct memory (one arena, 4 MiB chunks, no thread caches, so a freed
     * body goes straight back to the arena whichever thread frees it). Not one JDK direct buffer
     * per body: each of those brings a wrapper, a Cleaner and a Deallocator on the heap, seven
     * objects per stored response that every garbage collection copies or marks, which was most
     * of the proxy's tail latency under misses. A pooled buffer is one small recycled object;
     * only bodies over a chunk get a direct buffer of their own. Leak detection stays on (tests
     * run it paranoid).
     */
    private static final PooledByteBufAllocator OFF_HEAP = new PooledByteBufAllocator(true, 0, 1, 8192, 9, 0, 0,
            false);
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

    /** Buffers allocated for bodies and captures and not yet freed (leak checks). */
    public static long liveBuffers() {
        long live = 0;
        for (PoolArenaMetric arena : OFF_HEAP.metric().directArenas()) {
            live += arena.numActiveAllocations();
        }
        return live;
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
