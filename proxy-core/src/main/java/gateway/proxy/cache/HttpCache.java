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

    public HttpCache(CacheConfig config) throws IOException {
        this.config = config;
        this.memory = new MemoryTier(config.memoryBytes());
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
