package gateway.dns.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells whether any of a list of hosts files changed since the last look: modification time
 * and size, each file; a file that appears or disappears counts as a change. Polling (a stat
 * per file) rather than a WatchService: it sees files replaced by rename, as editors and
 * package managers do, and costs nothing worth a thread.
 */
public final class HostsFilesWatch {

  private record Stamp(long modifiedMillis, long size) {
    static final Stamp MISSING = new Stamp(-1, -1);
  }

  private final List<Path> files;
  private List<Stamp> seen;

  /** Starts watching {@code files}, taking their state now as seen. */
  public HostsFilesWatch(List<Path> files) {
    this.files = List.copyOf(files);
    this.seen = stamps();
  }

  /** True when some file changed since the last call (or since construction). */
  public synchronized boolean changed() {
    List<Stamp> now = stamps();
    boolean changed = !now.equals(seen);
    seen = now;
    return changed;
  }

  private List<Stamp> stamps() {
    List<Stamp> out = new ArrayList<>(files.size());
    for (Path f : files) {
      try {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        out.add(new Stamp(a.lastModifiedTime().toMillis(), a.size()));
      } catch (IOException e) {
        out.add(Stamp.MISSING);
      }
    }
    return out;
  }
}
