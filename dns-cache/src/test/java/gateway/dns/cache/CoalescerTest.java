package gateway.dns.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescerTest {

  private final Coalescer<String, String> coalescer = new Coalescer<>();
  private final AtomicInteger started = new AtomicInteger();
  private final CompletableFuture<String> upstream = new CompletableFuture<>();

  private CompletableFuture<String> work() {
    started.incrementAndGet();
    return upstream;
  }

  @Test
  void identicalConcurrentMissesShareOneQuery() {
    CompletableFuture<String> first = coalescer.join("k", this::work);
    CompletableFuture<String> second = coalescer.join("k", this::work);
    assertThat(started).hasValue(1);
    assertThat(coalescer.inFlight()).isEqualTo(1);
    upstream.complete("answer");
    assertThat(first.join()).isEqualTo("answer");
    assertThat(second.join()).isEqualTo("answer");
    assertThat(coalescer.inFlight()).isZero();
  }

  @Test
  void differentKeysDoNotShare() {
    coalescer.join("a", this::work);
    coalescer.join("b", this::work);
    assertThat(started).hasValue(2);
  }

  @Test
  void afterCompletionTheNextMissStartsAfresh() {
    coalescer.join("k", this::work);
    upstream.complete("old");
    CompletableFuture<String> again = coalescer.join("k", () -> {
      started.incrementAndGet();
      return CompletableFuture.completedFuture("new");
    });
    assertThat(started).hasValue(2);
    assertThat(again.join()).isEqualTo("new");
  }

  @Test
  void failureReachesEveryWaiterAndClearsTheKey() {
    CompletableFuture<String> first = coalescer.join("k", this::work);
    CompletableFuture<String> second = coalescer.join("k", this::work);
    upstream.completeExceptionally(new IllegalStateException("down"));
    assertThat(first).isCompletedExceptionally();
    assertThat(second).isCompletedExceptionally();
    assertThat(coalescer.inFlight()).isZero();
  }

  @Test
  void cancellingOneWaiterDoesNotCancelTheOthers() {
    CompletableFuture<String> first = coalescer.join("k", this::work);
    CompletableFuture<String> second = coalescer.join("k", this::work);
    first.cancel(false);
    upstream.complete("answer");
    assertThat(second.join()).isEqualTo("answer");
  }

  @Test
  void workThatThrowsFailsTheFutureInsteadOfTheCaller() {
    CompletableFuture<String> f = coalescer.join("k", () -> {
      throw new IllegalStateException("boom");
    });
    assertThat(f).isCompletedExceptionally();
    assertThat(coalescer.inFlight()).isZero();
  }
}
