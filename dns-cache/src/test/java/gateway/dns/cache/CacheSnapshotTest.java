package gateway.dns.cache;

import static gateway.dns.testutil.Dns.a;
import static gateway.dns.testutil.Dns.answer;
import static gateway.dns.testutil.Dns.name;
import static gateway.dns.testutil.Dns.none;
import static gateway.dns.testutil.Dns.query;
import static gateway.dns.testutil.Dns.response;
import static gateway.dns.testutil.Dns.soa;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gateway.dns.metrics.DnsStats;
import gateway.dns.policy.TtlPolicy;
import gateway.dns.testutil.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class CacheSnapshotTest {

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(1_700_000_000_000L);
  private final TtlPolicy policy = new TtlPolicy(0, 86400, 3600);

  private DnsCache cache() {
    return new DnsCache(1000, 600, clock, new DnsStats());
  }

  private void store(DnsCache c, String n, Message r) {
    c.put(new CacheKey(name(n), r.getQuestion().getType(), DClass.IN),
        CachedResponse.of(r, policy.decide(r), policy, clock.millis()));
  }

  private static CacheKey key(String n, int type) {
    return new CacheKey(name(n), type, DClass.IN);
  }

  @Test
  void restartTakesTheDowntimeOffEveryTtl() throws IOException {
    DnsCache before = cache();
    store(before, "www.example.com", answer(query("www.example.com", Type.A),
        a("www.example.com", 300, "203.0.113.5")));
    store(before, "nope.example.com", response(query("nope.example.com", Type.A),
        Rcode.NXDOMAIN, none(), soa("example.com", 900, 120)));
    Path file = dir.resolve("dns-cache.snapshot");
    assertThat(CacheSnapshot.save(before, file)).isEqualTo(2);

    clock.advance(Duration.ofSeconds(100)); // the box was down for 100 s
    DnsCache after = cache();
    assertThat(CacheSnapshot.load(after, file)).isEqualTo(2);
    Message m = new Message();
    CachedResponse www = after.get(key("www.example.com", Type.A)).orElseThrow();
    www.fill(m, clock.millis(), -1);
    assertThat(m.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(200);
    assertThat(m.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("203.0.113.5");
    CachedResponse nope = after.get(key("nope.example.com", Type.A)).orElseThrow();
    assertThat(nope.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(nope.isFresh(clock.millis())).isTrue();
    assertThat(nope.remainingSeconds(clock.millis())).isEqualTo(20);
  }

  @Test
  void entriesPastTheStaleWindowAreNotLoaded() throws IOException {
    DnsCache before = cache();
    store(before, "www.example.com", answer(query("www.example.com", Type.A),
        a("www.example.com", 60, "203.0.113.5")));
    Path file = dir.resolve("s");
    CacheSnapshot.save(before, file);
    clock.advance(Duration.ofSeconds(60 + 600 + 1));
    DnsCache after = cache();
    assertThat(CacheSnapshot.load(after, file)).isZero();
    assertThat(after.get(key("www.example.com", Type.A))).isEmpty();
  }

  @Test
  void entriesFromTheFutureAreDropped() throws IOException {
    DnsCache before = cache();
    store(before, "www.example.com", answer(query("www.example.com", Type.A),
        a("www.example.com", 60, "203.0.113.5")));
    Path file = dir.resolve("s");
    CacheSnapshot.save(before, file);
    clock.advance(Duration.ofHours(-1)); // the clock went back
    assertThat(CacheSnapshot.load(cache(), file)).isZero();
  }

  @Test
  void missingFileLoadsNothing() throws IOException {
    assertThat(CacheSnapshot.load(cache(), dir.resolve("none"))).isZero();
  }

  @Test
  void damagedFilesFailWithoutLoadingAnything() throws IOException {
    DnsCache before = cache();
    for (int i = 0; i < 20; i++) {
      store(before, "h" + i + ".example.com", answer(query("h" + i + ".example.com", Type.A),
          a("h" + i + ".example.com", 300, "203.0.113.5")));
    }
    Path file = dir.resolve("s");
    CacheSnapshot.save(before, file);
    byte[] good = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
    DnsCache truncated = cache();
    assertThatThrownBy(() -> CacheSnapshot.load(truncated, file)).isInstanceOf(IOException.class);
    assertThat(truncated.size()).isZero();
    Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    assertThatThrownBy(() -> CacheSnapshot.load(cache(), file)).isInstanceOf(IOException.class);
    java.util.Random r = new java.util.Random(5);
    for (int i = 0; i < 200; i++) { // flipped bytes: either an IOException or valid entries
      byte[] bad = good.clone();
      bad[8 + r.nextInt(bad.length - 8)] ^= (byte) (1 << r.nextInt(8));
      Files.write(file, bad);
      try {
        CacheSnapshot.load(cache(), file);
      } catch (IOException expected) {
        // fine: refused as a whole
      }
    }
  }
}
