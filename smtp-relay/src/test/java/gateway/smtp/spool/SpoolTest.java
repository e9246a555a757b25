package gateway.smtp.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spool writes, atomic publication and crash recovery, including torn files. */
class SpoolTest {
    @TempDir
    Path dir;
    final Clock clock = Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC);
    final Envelope env = new Envelope("a@lan.test", List.of("b@example.com", "c@example.com"), clock.instant(),
            "192.0.2.10", "nas");
    final byte[] body = "Subject: x\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

    SpooledMessage write(Spool s) throws IOException {
        try (SpoolWriter w = s.create(env)) {
            w.content().write(body);
            return w.commit();
        }
    }

    @Test
    void committedMessageSurvivesReopen() throws IOException {
        SpooledMessage m = write(Spool.open(dir, clock));
        Spool again = Spool.open(dir, clock);
        Spool.Recovery r = again.recover();
        assertThat(r.messages()).containsExactly(m);
        assertThat(again.content(m.id())).isEqualTo(body);
        assertThat(m.size()).isEqualTo(body.length);
        assertThat(r.tornRemoved()).isZero();
        assertThat(r.corruptQuarantined()).isZero();
    }

    @Test
    void uncommittedWriterLeavesNothing() throws IOException {
        Spool s = Spool.open(dir, clock);
        try (SpoolWriter w = s.create(env)) {
            w.content().write(body);
        }
        assertThat(s.ids()).isEmpty();
        try (var files = Files.list(dir.resolve("tmp"))) {
            assertThat(files).isEmpty();
        }
    }

    /** A kill -9 while writing leaves a file in tmp/: its client never got 250, it is removed, never delivered. */
    @Test
    void tornTempFileIsRemovedAtRecovery() throws IOException {
        Spool s = Spool.open(dir, clock);
        SpooledMessage good = write(s);
        Files.write(dir.resolve("tmp").resolve("0000000000000ABCDE.msg"), Arrays.copyOf(body, 7));
        Spool.Recovery r = Spool.open(dir, clock).recover();
        assertThat(r.messages()).containsExactly(good);
        assertThat(r.tornRemoved()).isEqualTo(1);
        try (var files = Files.list(dir.resolve("tmp"))) {
            assertThat(files).isEmpty();
        }
    }

    /** Whatever the damage to a published file (truncation at any point, a flipped byte), it is never delivered. */
    @Test
    void damagedQueueFilesAreQuarantinedAtEveryTruncationPoint() throws IOException {
        Spool s = Spool.open(dir, clock);
        SpooledMessage m = write(s);
        Path file = dir.resolve("queue").resolve(m.id() + ".msg");
        byte[] full = Files.readAllBytes(file);
        for (int cut = 0; cut < full.length; cut++) {
            Files.write(file, Arrays.copyOf(full, cut));
            Spool.Recovery r = Spool.open(dir, clock).recover();
            assertThat(r.messages()).as("cut at %d", cut).isEmpty();
            assertThat(r.corruptQuarantined()).isEqualTo(1);
            assertThat(Files.exists(file)).isFalse();
        }
        byte[] flipped = full.clone();
        flipped[flipped.length - 3] ^= 0x20;
        Files.write(file, flipped);
        assertThat(Spool.open(dir, clock).recover().messages()).isEmpty();
        assertThat(dir.resolve("corrupt").resolve(m.id() + ".msg")).exists();
    }

    @Test
    void stateRoundTripsAndATornStateFallsBackToRetryingEveryone() throws IOException {
        Spool s = Spool.open(dir, clock);
        SpooledMessage m = write(s);
        assertThat(s.state(m)).isEqualTo(DeliveryState.fresh(env.receivedAt()));
        DeliveryState st = new DeliveryState(3, Instant.parse("2026-11-27T09:00:00Z"), Set.of("b@example.com"),
                "<c@example.com>: 451 4.3.0 try later\r\nsecond line");
        s.saveState(m.id(), st);
        DeliveryState back = s.state(m);
        assertThat(back).isEqualTo(st);
        assertThat(back.lastError()).doesNotContain("\n");
        Path state = dir.resolve("queue").resolve(m.id() + ".state");
        byte[] full = Files.readAllBytes(state);
        Files.write(state, Arrays.copyOf(full, full.length - 2));
        assertThat(s.state(m)).isEqualTo(DeliveryState.fresh(env.receivedAt()));
    }

    @Test
    void removeDeletesMessageAndStateAndOrphanStatesAreCleaned() throws IOException {
        Spool s = Spool.open(dir, clock);
        SpooledMessage m = write(s);
        s.saveState(m.id(), DeliveryState.fresh(clock.instant()));
        assertThat(s.remove(m.id())).isTrue();
        assertThat(s.ids()).isEmpty();
        Files.write(dir.resolve("queue").resolve("DEADBEEF.state"), SpoolFormat.state(DeliveryState.fresh(
                clock.instant())));
        Spool.open(dir, clock).recover();
        assertThat(dir.resolve("queue").resolve("DEADBEEF.state")).doesNotExist();
    }

    @Test
    void idsAreUniqueAndSortByTime() throws IOException {
        Spool s = Spool.open(dir, clock);
        SpooledMessage a = write(s);
        SpooledMessage b = write(s);
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(s.ids()).hasSize(2);
    }

    @Test
    void envelopeRejectsLineBreaks() {
        assertThatThrownBy(() -> new Envelope("a@b\r\nR evil@x", List.of("c@d"), clock.instant(), "", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Envelope("a@b", List.of(), clock.instant(), "", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatRejectsGarbage() {
        for (String junk : List.of("", "GWSPOOL1", "GWSPOOL1 xxxxxxxxxxxxxxxxxxxx 00000000\n",
                "HTTP/1.1 200 OK\r\n\r\n".repeat(3))) {
            assertThatThrownBy(() -> SpoolFormat.parse(junk.getBytes(StandardCharsets.US_ASCII)))
                    .isInstanceOf(SpoolCorruptException.class);
        }
    }

    /** BODY= and SMTPUTF8 (RFC 6152, RFC 6531) are kept with the envelope. */
    @Test
    void mailParametersSurviveReopen() throws IOException {
        Envelope utf8 = new Envelope("\u00e9l\u00e8ve@lan.test", List.of("b@example.com"), clock.instant(), "192.0.2.10",
                "nas", BodyType.EIGHT_BIT_MIME, true);
        Spool s = Spool.open(dir, clock);
        SpooledMessage m;
        try (SpoolWriter w = s.create(utf8)) {
            w.content().write(body);
            m = w.commit();
        }
        Spool.Recovery r = Spool.open(dir, clock).recover();
        assertThat(r.messages()).singleElement().satisfies(got -> {
            assertThat(got.envelope()).isEqualTo(utf8);
            assertThat(got.id()).isEqualTo(m.id());
        });
    }

    /** A file written before MAIL parameters were recorded reads as "no parameters". */
    @Test
    void fileWithoutMailParameterLinesIsStillRead() throws IOException, SpoolCorruptException {
        byte[] rest = ("S a@lan.test\nR b@example.com\nT 1795766400000\nC 192.0.2.10\nH nas\n\n"
                + "Subject: old\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(rest);
        byte[] file = new byte[SpoolFormat.PREAMBLE_LENGTH + rest.length];
        System.arraycopy(SpoolFormat.preamble(rest.length, crc.getValue()), 0, file, 0, SpoolFormat.PREAMBLE_LENGTH);
        System.arraycopy(rest, 0, file, SpoolFormat.PREAMBLE_LENGTH, rest.length);
        SpoolFormat.Parsed p = SpoolFormat.parse(file);
        assertThat(p.envelope().body()).isEqualTo(BodyType.UNSPECIFIED);
        assertThat(p.envelope().smtpUtf8()).isFalse();
        assertThat(p.envelope().recipients()).containsExactly("b@example.com");
        // and an envelope without parameters is written exactly that way, so older versions read it too
        assertThat(new String(SpoolFormat.envelopeHeader(p.envelope()), StandardCharsets.UTF_8))
                .isEqualTo("S a@lan.test\nR b@example.com\nT 1795766400000\nC 192.0.2.10\nH nas\n\n");
    }
}
