package gateway.it.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The private directory of one peer daemon: its config, pid, log, socket, spool and temp files
 * all live below it, so that no daemon writes to the host's /etc, /var or /run.
 *
 * @param root the directory, created by {@link #create(Path)}
 */
public record PeerDir(Path root) {

    /** Creates (if needed) and returns the directory {@code root}. */
    public static PeerDir create(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PeerDir(root.toAbsolutePath());
    }

    /** The path of {@code name} inside the directory (not created). */
    public Path path(String name) {
        return root.resolve(name);
    }

    /** A sub-directory, created if needed. */
    public Path dir(String name) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Writes {@code content} to {@code name} (creating parent directories) and returns its path. */
    public Path write(String name, String content) {
        Path file = root.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The last {@code count} lines of file {@code name}, or a note if it does not exist. */
    public String tail(String name, int count) {
        Path file = root.resolve(name);
        try {
            if (!Files.exists(file)) {
                return "(" + file + " does not exist)";
            }
            var lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
