package gateway.dhcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.dhcp.lease.Lease;
import gateway.dhcp.lease.LeaseStore;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    /** Records which call ran on which thread; a sync can be held open to pile requests up behind it. */
    static final class RecordingStore implements LeaseStore {
        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile CountDownLatch holdSync = new CountDownLatch(0);

        @Override
        public CompletableFuture<Void> persist(Lease lease) {
            throw new AssertionError("GroupCommit only syncs; it never persists a lease itself");
        }

        @Override
        public void sync() {
            threads.add(Thread.currentThread().getName());
            calls.add("sync");
            try {
                holdSync.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void flush() {
            calls.add("flush");
        }
    }

    @Test
    void syncsRunOnTheJournalThreadAndRequestsDuringASyncShareTheNextOne() throws Exception {
        RecordingStore store = new RecordingStore();
        try (GroupCommit commit = new GroupCommit(store)) {
            store.holdSync = new CountDownLatch(1);
            commit.request();
            assertThat(store.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("sync");
            for (int i = 0; i < 50; i++) {
                commit.request(); // while the first sync is still on disk
            }
            store.holdSync.countDown();
            assertThat(store.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("sync");
            assertThat(store.calls.poll(200, TimeUnit.MILLISECONDS)).as("the 50 requests were one sync").isNotEqualTo("sync");
            assertThat(store.threads).containsOnly("dhcp-lease-journal");
        }
    }

    @Test
    void aQuietJournalIsFlushedAndClosingFlushesOnceMore() throws Exception {
        RecordingStore store = new RecordingStore();
        GroupCommit commit = new GroupCommit(store);
        assertThat(store.calls.poll(10, TimeUnit.SECONDS)).as("within GroupCommit.FLUSH").isEqualTo("flush");
        store.calls.clear();
        commit.close();
        assertThat(List.copyOf(store.calls)).isNotEmpty().last().isEqualTo("flush");
    }
}
