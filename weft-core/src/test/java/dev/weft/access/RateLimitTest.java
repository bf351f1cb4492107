package dev.weft.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.LimitExceededException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void compactFormsParse() {
    assertThat(RateLimit.parse("20/s")).isEqualTo(new RateLimit(20, Duration.ofSeconds(1), 20));
    assertThat(RateLimit.parse("100/m")).isEqualTo(new RateLimit(100, Duration.ofMinutes(1), 100));
    assertThat(RateLimit.parse("5/10s burst 8")).isEqualTo(new RateLimit(5, Duration.ofSeconds(10), 8));
    assertThat(RateLimit.parse("20/s burst 40")).hasToString("20/s burst 40");
  }

  @Test
  void badRatesAreLiteral() {
    assertThatThrownBy(() -> RateLimit.parse("20/x"))
        .hasMessage("bad rate '20/x': unknown period 'x'; use ms, s, m or h");
    assertThatThrownBy(() -> RateLimit.parse("-3/s"))
        .hasMessage("bad rate '-3/s': rate must be > 0, got -3");
    assertThatThrownBy(() -> RateLimit.parse("20"))
        .hasMessage("bad rate '20': expected PERMITS/PERIOD such as 20/s or 5/10s");
    assertThatThrownBy(() -> new RateLimit(1, Duration.ofSeconds(1), 0))
        .hasMessage("burst must be > 0, got 0");
    assertThatThrownBy(() -> RateLimit.parse("20/s burst"))
        .hasMessage("bad rate '20/s burst': 'burst' needs a number, like 20/s burst 40");
    assertThatThrownBy(() -> RateLimit.parse("1.5/s"))
        .hasMessage("bad rate '1.5/s': rate '1.5' is not a whole number");
    assertThatThrownBy(() -> RateLimit.of(5, Duration.ZERO)).hasMessage("per must be > 0, got 0ms");
  }

  @Test
  void bucketAllowsTheBurstThenRefillsAtTheRate() {
    TokenBucket b = new TokenBucket(RateLimit.perSecond(10).withBurst(3), now.get());
    assertThat(b.tryAcquire(now.get())).isTrue();
    assertThat(b.tryAcquire(now.get())).isTrue();
    assertThat(b.tryAcquire(now.get())).isTrue();
    assertThat(b.tryAcquire(now.get())).isFalse();
    assertThat(b.nanosUntilAvailable(now.get())).isEqualTo(100_000_000L);
    now.addAndGet(100_000_000L);
    assertThat(b.tryAcquire(now.get())).isTrue();
    assertThat(b.tryAcquire(now.get())).isFalse();
    now.addAndGet(10_000_000_000L);
    assertThat(b.isFull(now.get())).isTrue();
  }

  @Test
  void messageLimiterThrowsLimitExceededWithTheRate() throws Exception {
    MessageRateLimiter m = new MessageRateLimiter(RateLimit.perSecond(100), now::get);
    for (int i = 0; i < 100; i++) {
      m.acquire();
    }
    assertThatThrownBy(m::acquire)
        .isInstanceOf(LimitExceededException.class)
        .hasMessage("message rate over 100/s");
    now.addAndGet(10_000_000L);
    m.acquire();
  }

  @Test
  void messageLimiterAwaitWaitsForARefill() throws Exception {
    MessageRateLimiter m = new MessageRateLimiter(RateLimit.of(1000, Duration.ofSeconds(1)).withBurst(1));
    long start = System.nanoTime();
    for (int i = 0; i < 21; i++) {
      m.await();
    }
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(19_000_000L);
  }

  @Test
  void perIpBucketMapStaysBoundedUnderManySourceAddresses() throws Exception {
    PerIpBuckets buckets = new PerIpBuckets(RateLimit.perSecond(1), 1000, now.get());
    for (int i = 0; i < 100_000; i++) {
      InetAddress ip = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
      buckets.tryAcquire(ip, now.get());
      assertThat(buckets.size()).isLessThanOrEqualTo(1000);
    }
    assertThat(buckets.size()).isEqualTo(1000);
  }

  @Test
  void ipv6ClientsShareOneBucketPerSlash64() throws Exception {
    PerIpBuckets buckets = new PerIpBuckets(RateLimit.of(1, Duration.ofMinutes(1)), 100, now.get());
    assertThat(buckets.tryAcquire(InetAddress.getByName("2001:db8:1:2::1"), now.get())).isTrue();
    assertThat(buckets.tryAcquire(InetAddress.getByName("2001:db8:1:2::ffff"), now.get())).isFalse();
    assertThat(buckets.tryAcquire(InetAddress.getByName("2001:db8:1:3::1"), now.get())).isTrue();
    assertThat(buckets.size()).isEqualTo(2);
  }

  @Test
  void idleBucketsAreSweptToMakeRoomForNewAddresses() throws Exception {
    PerIpBuckets buckets = new PerIpBuckets(RateLimit.perSecond(1), 2, now.get());
    InetAddress a = InetAddress.getByName("10.0.0.1");
    InetAddress b = InetAddress.getByName("10.0.0.2");
    InetAddress c = InetAddress.getByName("10.0.0.3");
    assertThat(buckets.tryAcquire(a, now.get())).isTrue();
    assertThat(buckets.tryAcquire(b, now.get())).isTrue();
    // The map is full: c shares the overflow bucket, which allows one and then refuses.
    assertThat(buckets.tryAcquire(c, now.get())).isTrue();
    assertThat(buckets.tryAcquire(c, now.get())).isFalse();
    now.addAndGet(2_000_000_000L);
    assertThat(buckets.tryAcquire(c, now.get())).isTrue();
    assertThat(buckets.size()).isEqualTo(1);
  }
}
