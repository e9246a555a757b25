package gateway.dhcp.lease;

import static org.assertj.core.api.Assertions.assertThat;

import gateway.dhcp.codec.Ipv4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseJournalTest {
    @TempDir
    Path dir;

    static Lease lease(int host, int client, LeaseState state) {
        String mac = String.format("02:00:00:00:00:%02x", client);
        return new Lease(new Ipv4(0xc0000200 | host), ClientKey.ofMac(mac), mac, Optional.of("h" + client),
                Instant.parse("2026-01-01T01:00:00Z"), state);
    }

    @Test
    void leasesSurviveReopen() throws Exception {
        Path f = dir.resolve("leases.journal");
        try (LeaseJournal j = LeaseJournal.open(f, new LeaseTable())) {
            j.persist(lease(100, 1, LeaseState.BOUND));
            j.sync();
            j.persist(lease(101, 2, LeaseState.BOUND));
            j.sync();
            j.persist(lease(101, 2, LeaseState.RELEASED));
            j.sync();
        }
        LeaseTable t = new LeaseTable();
        LeaseJournal.open(f, t).close();
        assertThat(t.at(Ipv4.parse("192.0.2.100"))).contains(lease(100, 1, LeaseState.BOUND));
        assertThat(t.at(Ipv4.parse("192.0.2.101"))).contains(lease(101, 2, LeaseState.RELEASED));
        assertThat(LeaseJournal.read(f)).hasSize(2);
    }

    /** Journal lines, without the zero-filled preallocation after the last record. */
    static java.util.List<String> lines(Path f) throws Exception {
        return Files.readAllLines(f).stream().filter(l -> !l.startsWith("\0")).toList();
    }

    @Test
    void fileIsPreallocatedAndRecordsAreWrittenInPlace() throws Exception {
        Path f = dir.resolve("leases.journal");
        long end;
        try (LeaseJournal j = LeaseJournal.open(f, new LeaseTable())) {
            j.persist(lease(100, 1, LeaseState.BOUND));
            j.sync();
            end = j.position();
        }
        assertThat(Files.size(f)).isGreaterThanOrEqualTo(LeaseJournal.CHUNK);
        byte[] all = Files.readAllBytes(f);
        assertThat(all[(int) end - 1]).isEqualTo((byte) '\n');
        assertThat(Arrays.copyOfRange(all, (int) end, all.length)).containsOnly(0);
        assertThat(lines(f)).hasSize(1);
        LeaseTable t = new LeaseTable();
        try (LeaseJournal j = LeaseJournal.open(f, t)) {
            assertThat(j.position()).isEqualTo(end);
            for (int i = 0; i < 13_000; i++) { // past the first chunk: the file grows by another one
                j.persist(lease(1 + i % 250, i % 200, LeaseState.BOUND));
            }
            j.sync();
            assertThat(j.position()).isGreaterThan(LeaseJournal.CHUNK);
        }
        assertThat(lines(f)).hasSize(13_001);
        assertThat(LeaseJournal.read(f)).as("200 clients, one address each").hasSize(200);
    }

    @Test
    void tornTailIsCutAndLaterAppendsAreReadable() throws Exception {
        Path f = dir.resolve("leases.journal");
        long end;
        try (LeaseJournal j = LeaseJournal.open(f, new LeaseTable())) {
            j.persist(lease(100, 1, LeaseState.BOUND));
            j.sync();
            j.persist(lease(101, 2, LeaseState.BOUND));
            j.sync();
            end = j.position();
        }
        byte[] all = Files.readAllBytes(f);
        Arrays.fill(all, (int) end - 7, all.length, (byte) 0); // crash in the middle of the second line
        Files.write(f, all);
        LeaseTable t = new LeaseTable();
        try (LeaseJournal j = LeaseJournal.open(f, t)) {
            assertThat(t.size()).isEqualTo(1);
            j.persist(lease(102, 3, LeaseState.BOUND));
            j.sync();
        }
        LeaseTable again = new LeaseTable();
        LeaseJournal.open(f, again).close();
        assertThat(again.all()).extracting(Lease::address).containsExactlyInAnyOrder(
                Ipv4.parse("192.0.2.100"), Ipv4.parse("192.0.2.102"));
    }

    @Test
    void flippedByteStopsReplayAtThatRecord() throws Exception {
        Path f = dir.resolve("leases.journal");
        long end;
        try (LeaseJournal j = LeaseJournal.open(f, new LeaseTable())) {
            j.persist(lease(100, 1, LeaseState.BOUND));
            j.sync();
            j.persist(lease(101, 2, LeaseState.BOUND));
            j.sync();
            end = j.position();
        }
        byte[] all = Files.readAllBytes(f);
        all[(int) end - 5] ^= 1;
        Files.write(f, all);
        LeaseTable t = new LeaseTable();
        LeaseJournal.open(f, t).close();
        assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void compactionKeepsOnlyTheLiveTable() throws Exception {
        Path f = dir.resolve("leases.journal");
        LeaseTable live = new LeaseTable();
        try (LeaseJournal j = LeaseJournal.open(f, live)) {
            for (int i = 0; i < 50; i++) {
                Lease l = lease(100 + i % 3, i % 3, i % 2 == 0 ? LeaseState.BOUND : LeaseState.RELEASED);
                live.apply(l);
                j.persist(l);
                j.sync();
            }
            assertThat(j.records()).isEqualTo(50);
            j.compact(live.all()).get();
            assertThat(j.records()).isEqualTo(3);
            Lease after = lease(110, 9, LeaseState.BOUND);
            live.apply(after);
            j.persist(after);
            j.sync();
        }
        assertThat(lines(f)).hasSize(4);
        LeaseTable t = new LeaseTable();
        LeaseJournal.open(f, t).close();
        assertThat(t.all()).containsExactlyInAnyOrderElementsOf(live.all());
        assertThat(Files.exists(dir.resolve("leases.journal.compact"))).isFalse();
    }

    @Test
    void groupCommitCompletesEveryFutureAtTheSync() throws Exception {
        Path f = dir.resolve("leases.journal");
        try (LeaseJournal j = LeaseJournal.open(f, new LeaseTable())) {
            var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<Void>>();
            for (int i = 0; i < 500; i++) {
                futures.add(j.persist(lease(1 + i % 250, i % 200, LeaseState.BOUND)));
            }
            assertThat(futures).noneMatch(java.util.concurrent.CompletableFuture::isDone);
            assertThat(j.position()).as("nothing written before the sync").isZero();
            j.sync();
            assertThat(futures).allMatch(fu -> fu.isDone() && !fu.isCompletedExceptionally());
            assertThat(j.records()).isEqualTo(500);
        }
        assertThat(lines(f)).hasSize(500);
    }

    @Test
    void appendedChangesAreWrittenAtTheSyncInOrderWithPersistedOnes() throws Exception {
        Path f = dir.resolve("leases.journal");
        try (LeaseJournal j = LeaseJournal.open(f, new LeaseTable())) {
            j.append(lease(100, 1, LeaseState.RELEASED));
            assertThat(j.position()).isZero();
            j.sync();
            long afterRelease = j.position();
            assertThat(afterRelease).as("written without a waiting ACK").isPositive();
            var ack = j.persist(lease(100, 2, LeaseState.BOUND));
            j.append(lease(101, 3, LeaseState.EXPIRED));
            j.sync();
            assertThat(ack).isCompleted();
            assertThat(j.records()).isEqualTo(3);
            j.flush();
        }
        assertThat(lines(f)).hasSize(3);
        assertThat(LeaseJournal.read(f)).extracting(Lease::client).extracting(ClientKey::value)
                .containsExactlyInAnyOrder("hw:02:00:00:00:00:02", "hw:02:00:00:00:00:03");
    }

    @Test
    void aFailedWriteFailsTheWaitingFuturesSoNoAckLeaves() throws Exception {
        Path f = dir.resolve("leases.journal");
        LeaseJournal j = LeaseJournal.open(f, new LeaseTable());
        j.close();
        assertThat(j.persist(lease(100, 1, LeaseState.BOUND))).isCompletedExceptionally();
    }
}
