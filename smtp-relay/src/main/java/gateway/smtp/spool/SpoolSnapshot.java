package gateway.smtp.spool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a spool directory holds, read without changing it: for {@code gateway mailq} when the gateway is not
 * running. Unlike {@link Spool#open} and {@link Spool#recover()} this creates, moves, quarantines and deletes
 * nothing; a file that fails its check is listed in {@link #skipped()} and left where it is (the gateway
 * quarantines it when it next starts). Parsing is {@link SpoolFormat}'s, the same as the running relay's.
 *
 * @param messages the queued messages that pass their check, oldest first
 * @param skipped one note per file that could not be used, or whose state was unreadable
 */
public record SpoolSnapshot(List<Queued> messages, List<String> skipped) {

    public SpoolSnapshot {
        messages = List.copyOf(messages);
        skipped = List.copyOf(skipped);
    }

    /**
     * One queued message and its saved progress.
     *
     * @param message the message as published
     * @param state its saved state; a fresh one if none was saved or the saved one is torn
     */
    public record Queued(SpooledMessage message, DeliveryState state) {

        /** Recipients that still need an attempt, in envelope order. */
        public List<String> pending() {
            return message.envelope().recipients().stream().filter(r -> !state.finished().contains(r)).toList();
        }
    }

    /**
     * Reads the spool at {@code root} (the directory given to {@link Spool#open}); read-only.
     *
     * @throws NoSuchFileException if {@code root} does not exist
     */
    public static SpoolSnapshot read(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "no spool directory");
        }
        Path queue = root.resolve("queue");
        List<Queued> good = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (!Files.isDirectory(queue)) {
            return new SpoolSnapshot(good, skipped);
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(queue, "*.msg")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String id = name.substring(0, name.length() - 4);
                SpooledMessage m;
                try {
                    SpoolFormat.Parsed parsed = SpoolFormat.parse(Files.readAllBytes(p));
                    m = new SpooledMessage(id, parsed.envelope(), parsed.contentLength());
                } catch (NoSuchFileException e) {
                    continue; // delivered or deleted by a running relay since the listing
                } catch (SpoolCorruptException e) {
                    skipped.add("queue/" + name + " is damaged (" + e.getMessage() + "); not listed");
                    continue;
                }
                good.add(new Queued(m, state(queue, m, skipped)));
            }
        }
        good.sort(Comparator.comparing((Queued q) -> q.message().envelope().receivedAt())
                .thenComparing(q -> q.message().id()));
        skipped.sort(null);
        return new SpoolSnapshot(good, skipped);
    }

    /** Same fallback as {@link Spool#state}: no state or a torn one reads as fresh. */
    private static DeliveryState state(Path queue, SpooledMessage m, List<String> skipped) throws IOException {
        String name = m.id() + ".state";
        try {
            return SpoolFormat.parseState(Files.readAllBytes(queue.resolve(name)));
        } catch (NoSuchFileException e) {
            return DeliveryState.fresh(m.envelope().receivedAt());
        } catch (SpoolCorruptException e) {
            skipped.add("queue/" + name + " is unreadable (" + e.getMessage() + "); shown without progress");
            return DeliveryState.fresh(m.envelope().receivedAt());
        }
    }
}
