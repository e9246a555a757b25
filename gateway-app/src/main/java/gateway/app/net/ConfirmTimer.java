package gateway.app.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The dead man's switch of {@code net apply --confirm-within}: a pending file holds a token and a
 * deadline; {@code net confirm} removes it; a watchdog process reverts the setup when the file
 * still holds its token at the deadline. So a rule that cuts the owner off a headless box undoes
 * itself.
 */
public final class ConfirmTimer {
  /** A pending confirmation: the watchdog holding {@code token} reverts at {@code deadline}. */
  public record Pending(String token, Instant deadline) {}

  private final Path file;
  private final Clock clock;

  public ConfirmTimer(Path dataDir, Clock clock) {
    this.file = dataDir.resolve("net-confirm.pending");
    this.clock = clock;
  }

  public Pending arm(Duration within) {
    Pending p = new Pending(UUID.randomUUID().toString(), clock.instant().plus(within));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, p.token() + " " + p.deadline().toEpochMilli() + "\n");
    } catch (IOException e) {
      throw new NetException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return p;
  }

  public Optional<Pending> pending() {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      String[] parts = Files.readString(file).strip().split(" ");
      return Optional.of(new Pending(parts[0], Instant.ofEpochMilli(Long.parseLong(parts[1]))));
    } catch (IOException | RuntimeException e) {
      throw new NetException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Confirms the pending setup; false when there was nothing to confirm. */
  public boolean confirm() {
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new NetException("cannot remove " + file + ": " + e.getMessage(), e);
    }
  }

  /** True when {@code token} is still unconfirmed at its deadline: then the watchdog must revert. */
  public boolean expired(String token) {
    return pending().filter(p -> p.token().equals(token))
        .map(p -> !clock.instant().isBefore(p.deadline())).orElse(false);
  }

  /** Called by the watchdog after it reverted: the pending state is over. */
  public void clear(String token) {
    if (pending().filter(p -> p.token().equals(token)).isPresent()) {
      confirm();
    }
  }
}
