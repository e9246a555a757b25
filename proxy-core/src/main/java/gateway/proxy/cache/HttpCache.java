package gateway.proxy.cache;

import gateway.proxy.config.CacheConfig;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The two tiers behind one face: lookups try memory, then disk (promoting what they find);
 * stores go to memory at once and to disk on a background thread, and disk reads for an event
 * loop happen on another ({@link #find}), so an event loop never waits for the disk.
 *
 * <p>References (see {@link StoredBody}): {@link #lookup} returns a response whose body the
 * caller must release once; {@link #store} takes references of its own and leaves the caller's.
 */
public final class HttpCache implements AutoCloseable {
    private final CacheConfig config;
    private final MemoryTier memory;
    private final DiskTier disk;
    private final ExecutorService diskWriter;
    /** Disk reads run here, never on an event loop; apart from the writer so a read never queues behind writes. */
    private final ExecutorService diskReader;
    private final long memoryLimit;
    /** After close nothing more is stored: a late store would hold memory nobody frees. */
    private volatile boolean closed;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpCache.class);

    public HttpCache(CacheConfig config) throws IOException {
        this(config, null);
    }

    /**
     * @param upkeep where the memory tier's upkeep runs (the proxy gives one of its event loops);
     *               null for a thread of its own
     */
    public HttpCache(CacheConfig config, Executor upkeep) throws IOException {
        this(config, PlatformDependent.maxDirectMemory(), upkeep);
    }

    /**
     * @param maxDirect the direct-memory limit (by default the JVM's -Xmx): stored bodies live
     *                  there, next to the network buffers, so the tier is held to half of it
     *                  whatever the config says
     */
    HttpCache(CacheConfig config, long maxDirect) throws IOException {
        this(config, maxDirect, null);
    }

    private HttpCache(CacheConfig config, long maxDirect, Executor upkeep) throws IOException {
        this.config = config;
        long memoryBytes = config.memoryBytes();
        if (memoryBytes > maxDirect / 2) {
            LOG.warn("proxy cache memory {} MiB is more than half the direct-memory limit ({} MiB); using {} MiB."
                    + " Raise -XX:MaxDirectMemorySize or lower cache.memory.", memoryBytes >> 20, maxDirect >> 20,
                    (maxDirect / 2) >> 20);
            memoryBytes = maxDirect / 2;
        }
        this.memoryLimit = memoryBytes;
        this.memory = new MemoryTier(memoryBytes, upkeep);
        if (config.diskDirectory().isPresent()) {
            this.disk = new DiskTier(config.diskDirectory().get(), config.diskBytes());
            this.diskWriter = daemonThread("proxy-cache-disk");
            this.diskReader = daemonThread("proxy-cache-disk-read");
        } else {
            this.disk = null;
            this.diskWriter = null;
            this.diskReader = null;
        }
    }

    private static ExecutorService daemonThread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    public CacheConfig config() {
        return config;
    }

    /**
     * The stored variant matching the request, or null; release its body when done. May read the
     * disk in the calling thread: event loops use {@link #find}.
     */
    public StoredResponse lookup(String url, Fields request) {
        StoredResponse r = lookupInMemory(url, request);
        return r != null || disk == null || !disk.mayHave(url) ? r : fromDisk(url, request);
    }

    /** The variant from the memory tier only, or null; release its body when done. Never blocks. */
    public StoredResponse lookupInMemory(String url, Fields request) {
        return closed ? null : memory.get(url, request);
    }

    /**
     * Like {@link #lookup}, for an event loop: memory hits and sure misses complete at once; a
     * read from disk completes on the tier's reader thread (then it is in memory too). Release
     * the body of what it yields.
     */
    public CompletableFuture<StoredResponse> find(String url, Fields request) {
        StoredResponse r = lookupInMemory(url, request);
        if (r != null || closed || disk == null || !disk.mayHave(url)) {
            return CompletableFuture.completedFuture(r);
        }
        try {
            return CompletableFuture.supplyAsync(() -> fromDisk(url, request), diskReader);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null); // closing
        }
    }

    private StoredResponse fromDisk(String url, Fields request) {
        StoredResponse r = disk.get(url, request);
        if (r != null && !closed) {
            memory.put(r);
        }
        return r;
    }

    /** Stores the response in memory now and on disk soon; the caller keeps its reference. */
    public void store(StoredResponse response) {
        if (closed || response.body().length() > config.maxObjectBytes()) {
            return;
        }
        memory.put(response);
        if (disk != null) {
            response.body().retain(); // the disk write's own, given back when the file is written
            try {
                diskWriter.execute(() -> {
                    try {
                        disk.put(response);
                    } finally {
                        response.body().release();
                    }
                });
            } catch (RejectedExecutionException e) {
                response.body().release(); // closing: the memory tier has it until then
            }
        }
    }

    public void invalidate(String url) {
        memory.remove(url);
        if (disk != null) {
            try {
                diskWriter.execute(() -> disk.remove(url));
            } catch (RejectedExecutionException e) {
                LOG.debug("cache closing; {} not removed from disk", url);
            }
        }
    }

    /** Waits for queued disk writes (tests, shutdown). */
    public void flush() {
        if (diskWriter != null) {
            try {
                diskWriter.submit(() -> { }).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("disk cache flush: {}", e.toString());
            }
        }
    }

    /** The memory tier's size after the direct-memory check. */
    public long memoryLimit() {
        return memoryLimit;
    }

    /** Brings the memory tier's evictions up to date (tests). */
    void upkeepNow() {
        memory.upkeepNow();
    }

    long memoryBytes() {
        return memory.weight();
    }

    /** Finishes the disk writes and frees every stored body held in memory. */
    @Override
    public void close() {
        closed = true;
        flush();
        if (diskWriter != null) {
            diskReader.shutdown();
            diskWriter.shutdown();
            try {
                diskWriter.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        memory.close();
    }
}
