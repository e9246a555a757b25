package gateway.app.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfirmTimerTest {
  private Instant now = Instant.parse("2026-11-27T10:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  @Test
  void unconfirmedExpiresAtTheDeadline(@TempDir Path dir) {
    ConfirmTimer timer = new ConfirmTimer(dir, clock);
    ConfirmTimer.Pending p = timer.arm(Duration.ofSeconds(60));
    now = now.plusSeconds(59);
    assertThat(timer.expired(p.token())).isFalse();
    now = now.plusSeconds(1);
    assertThat(timer.expired(p.token())).isTrue();
    timer.clear(p.token());
    assertThat(timer.pending()).isEmpty();
  }

  @Test
  void confirmedNeverExpires(@TempDir Path dir) {
    ConfirmTimer timer = new ConfirmTimer(dir, clock);
    ConfirmTimer.Pending p = timer.arm(Duration.ofSeconds(60));
    assertThat(timer.confirm()).isTrue();
    now = now.plusSeconds(3600);
    assertThat(timer.expired(p.token())).isFalse();
    assertThat(timer.confirm()).isFalse();
  }

  @Test
  void aNewerApplySupersedesTheOldWatchdog(@TempDir Path dir) {
    ConfirmTimer timer = new ConfirmTimer(dir, clock);
    ConfirmTimer.Pending old = timer.arm(Duration.ofSeconds(10));
    ConfirmTimer.Pending fresh = timer.arm(Duration.ofSeconds(60));
    now = now.plusSeconds(30);
    assertThat(timer.expired(old.token())).isFalse();
    assertThat(timer.expired(fresh.token())).isFalse();
  }
}
