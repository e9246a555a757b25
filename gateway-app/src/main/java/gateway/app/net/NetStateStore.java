package gateway.app.net;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Keeps the {@link NetState} of the last {@code net apply} in the data directory, written atomically. */
public final class NetStateStore {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final Path file;

  public NetStateStore(Path dataDir) {
    this.file = dataDir.resolve("net-applied.json");
  }

  public Path file() {
    return file;
  }

  public Optional<NetState> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), NetState.class));
    } catch (IOException e) {
      throw new NetException("cannot read " + file + " (what 'net apply' changed): " + e.getMessage()
          + "; inspect it, or remove it and undo the setup by hand ('gateway net print' shows it)", e);
    }
  }

  public void save(NetState state) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), state);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new NetException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new NetException("cannot remove " + file + ": " + e.getMessage(), e);
    }
  }
}
