package gateway.proxy.cache;

import gateway.proxy.config.CacheConfig;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The two tiers behind one face: lookups try memory, then disk (promoting what they find);
 * stores go to memory at once and to disk on a background thread, so the event loop never waits
 * for a disk write.
 */
public final class HttpCache implements AutoCloseable {
    private final CacheConfig config;
    private final MemoryTier memory;
    private final DiskTier disk;
    private final ExecutorService diskWriter;
    private final long memoryLimit;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpCache.class);

    public HttpCache(CacheConfig config) throws IOException {
        this(config, Runtime.getRuntime().maxMemory());
    }

    /**
     * @param maxHeap the JVM's heap limit: the memory tier lives on the heap, so it is held to half
     *                of it whatever the config says (a full heap would turn every miss into GC work)
     */
    HttpCache(CacheConfig config, long maxHeap) throws IOException {
        this.config = config;
        long memoryBytes = config.memoryBytes();
        if (memoryBytes > maxHeap / 2) {
            LOG.warn("proxy cache memory {} MiB is more than half the JVM heap ({} MiB); using {} MiB."
                    + " Raise -Xmx or lower cache.memory.", memoryBytes >> 20, maxHeap >> 20, (maxHeap / 2) >> 20);
            memoryBytes = maxHeap / 2;
        }
        this.memoryLimit = memoryBytes;
        this.memory = new MemoryTier(memoryBytes);
        if (config.diskDirectory().isPresent()) {
            this.disk = new DiskTier(config.diskDirectory().get(), config.diskBytes());
            this.diskWriter = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "proxy-cache-disk");
                t.setDaemon(true);
                return t;
            });
        } else {
            this.disk = null;
            this.diskWriter = null;
        }
    }

    public CacheConfig config() {
        return config;
    }

    /** The stored variant matching the request, or null. */
    public StoredResponse lookup(String url, Fields request) {
        StoredResponse r = memory.get(url, request);
        if (r == null && disk != null) {
            r = disk.get(url, request);
            if (r != null) {
                memory.put(r);
            }
        }
        return r;
    }

    public void store(StoredResponse response) {
        if (response.body().length > config.maxObjectBytes()) {
            return;
        }
        memory.put(response);
        if (disk != null) {
            diskWriter.execute(() -> disk.put(response));
        }
    }

    public void invalidate(String url) {
        memory.remove(url);
        if (disk != null) {
            diskWriter.execute(() -> disk.remove(url));
        }
    }

    /** Waits for queued disk writes (tests, shutdown). */
    public void flush() {
        if (diskWriter != null) {
            try {
                diskWriter.submit(() -> { }).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The memory tier's size after the heap check. */
    public long memoryLimit() {
        return memoryLimit;
    }

    long memoryBytes() {
        return memory.weight();
    }

    @Override
    public void close() {
        flush();
        if (diskWriter != null) {
            diskWriter.shutdown();
        }
    }
}
