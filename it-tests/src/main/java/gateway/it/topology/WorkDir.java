package gateway.it.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The per-run directory holding every daemon's config, pid, log, socket and spool files.
 *
 * <p>With the system property {@code gateway.it.workdir} (set by the it-tests POM to
 * {@code target/it-work}) the directory is kept after the run for inspection; otherwise it is
 * created under {@code java.io.tmpdir} and deleted on close.
 */
public final class WorkDir implements AutoCloseable {

    /** System property naming the base directory of kept work directories. */
    public static final String PROPERTY = "gateway.it.workdir";

    private final Path root;
    private final boolean keep;

    private WorkDir(Path root, boolean keep) {
        this.root = root;
        this.keep = keep;
    }

    /** Creates the directory for run {@code run} (e.g. {@code gwit4242-1}). */
    public static WorkDir create(String run) {
        String base = System.getProperty(PROPERTY);
        boolean keep = base != null && !base.isBlank();
        Path baseDir = keep ? Path.of(base) : Path.of(System.getProperty("java.io.tmpdir"), "gwit-work");
        Path root = baseDir.toAbsolutePath().resolve(run);
        try {
            deleteTree(root); // a reused pid from an old run
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new WorkDir(root, keep);
    }

    /** The run's directory. */
    public Path root() {
        return root;
    }

    /** A sub-directory (created if needed), e.g. {@code dir("nginx-origin")}. */
    public Path dir(String name) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Deletes the directory unless it is kept for inspection. */
    @Override
    public void close() {
        if (!keep) {
            try {
                deleteTree(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
