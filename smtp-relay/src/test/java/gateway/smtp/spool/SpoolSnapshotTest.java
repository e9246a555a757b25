package gateway.smtp.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a spool for an offline {@code mailq}: good messages listed, damaged ones noted, nothing changed. */
class SpoolSnapshotTest {
    @TempDir
    Path dir;
    final Clock clock = Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC);
    final byte[] body = "Subject: x\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

    SpooledMessage write(Spool s, String sender) throws IOException {
        Envelope env = new Envelope(sender, List.of("b@example.com", "c@example.com"), clock.instant(),
                "192.0.2.10", "nas");
        try (SpoolWriter w = s.create(env)) {
            w.content().write(body);
            return w.commit();
        }
    }

    /** Every file under the spool, by relative path, with its bytes (as lists, so equality is by content). */
    Map<String, List<Byte>> tree() throws IOException {
        Map<String, List<Byte>> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(p);
                Byte[] boxed = new Byte[b.length];
                for (int i = 0; i < b.length; i++) {
                    boxed[i] = b[i];
                }
                files.put(dir.relativize(p).toString(), List.of(boxed));
            }
        }
        return files;
    }

    @Test
    void listsTheGoodMessageSkipsTheDamagedOneAndChangesNothing() throws IOException {
        Spool s = Spool.open(dir, clock);
        SpooledMessage good = write(s, "good@lan.test");
        SpooledMessage bad = write(s, "bad@lan.test");
        s.saveState(good.id(), new DeliveryState(2, Instant.parse("2026-11-27T08:10:00Z"), Set.of("b@example.com"),
                "451 4.3.0 try later"));
        Path badFile = dir.resolve("queue").resolve(bad.id() + ".msg");
        byte[] full = Files.readAllBytes(badFile);
        Files.write(badFile, Arrays.copyOf(full, full.length - 5));
        Files.write(dir.resolve("tmp").resolve("0000000000000ABCDE.msg"), Arrays.copyOf(body, 7));
        Files.write(dir.resolve("queue").resolve("DEADBEEF.state"), "junk".getBytes(StandardCharsets.US_ASCII));
        Map<String, List<Byte>> before = tree();

        SpoolSnapshot snap = SpoolSnapshot.read(dir);

        assertThat(snap.messages()).hasSize(1);
        SpoolSnapshot.Queued q = snap.messages().get(0);
        assertThat(q.message()).isEqualTo(good);
        assertThat(q.pending()).containsExactly("c@example.com");
        assertThat(q.state().attempts()).isEqualTo(2);
        assertThat(q.state().lastError()).isEqualTo("451 4.3.0 try later");
        assertThat(snap.skipped()).singleElement().asString().contains(bad.id() + ".msg").contains("damaged");
        assertThat(tree()).isEqualTo(before);
    }

    @Test
    void aTornStateIsNotedAndReadsAsFresh() throws IOException {
        Spool s = Spool.open(dir, clock);
        SpooledMessage m = write(s, "a@lan.test");
        Files.write(dir.resolve("queue").resolve(m.id() + ".state"), "GWSTATE1\nA 1\n".getBytes(
                StandardCharsets.US_ASCII));
        SpoolSnapshot snap = SpoolSnapshot.read(dir);
        assertThat(snap.messages()).singleElement().satisfies(q -> {
            assertThat(q.state()).isEqualTo(DeliveryState.fresh(clock.instant()));
            assertThat(q.pending()).containsExactly("b@example.com", "c@example.com");
        });
        assertThat(snap.skipped()).singleElement().asString().contains(m.id() + ".state");
    }

    @Test
    void aMissingSpoolIsAnErrorAndIsNotCreated() throws IOException {
        Path none = dir.resolve("nothing-here");
        assertThatThrownBy(() -> SpoolSnapshot.read(none)).isInstanceOf(NoSuchFileException.class);
        assertThat(none).doesNotExist();
        Files.createDirectories(dir.resolve("empty"));
        assertThat(SpoolSnapshot.read(dir.resolve("empty")).messages()).isEmpty();
        assertThat(dir.resolve("empty").resolve("queue")).doesNotExist();
    }
}
