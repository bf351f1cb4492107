package dev.weft.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.RejectReason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LockoutTest {
  private final MovableClock clock = new MovableClock();
  private final LockoutPolicy policy =
      LockoutPolicy.builder()
          .maxFailures(3)
          .window(Duration.ofMinutes(1))
          .duration(Duration.ofMinutes(5))
          .backoff(Duration.ofMillis(100))
          .maxBackoff(Duration.ofMillis(300))
          .maxTrackedIps(2)
          .build();
  private final Lockout lockout = new Lockout(policy, clock);

  @Test
  void backOffDoublesUpToTheMaximum() throws Exception {
    InetAddress ip = ip("127.0.0.2");
    assertThat(lockout.recordFailure(ip)).isEqualTo(Duration.ofMillis(100));
    assertThat(lockout.recordFailure(ip)).isEqualTo(Duration.ofMillis(200));
    assertThat(lockout.recordFailure(ip)).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void locksOutAfterMaxFailuresWithinTheWindow() throws Exception {
    InetAddress ip = ip("127.0.0.2");
    lockout.recordFailure(ip);
    lockout.recordFailure(ip);
    assertThat(lockout.isLockedOut(ip)).isFalse();
    lockout.recordFailure(ip);
    assertThat(lockout.isLockedOut(ip)).isTrue();
    assertThat(lockout.isLockedOut(ip("127.0.0.3"))).isFalse();
    assertThat(lockout.admission().check(new InetSocketAddress(ip, 1234)))
        .isEqualTo(RejectReason.LOCKED_OUT);
    assertThat(lockout.admission().check(new InetSocketAddress(ip("127.0.0.3"), 1234))).isNull();
  }

  @Test
  void anIpv6HostCyclingThroughItsSubnetIsLockedOutAsOne() throws Exception {
    lockout.recordFailure(ip("2001:db8:0:1::a"));
    lockout.recordFailure(ip("2001:db8:0:1::b"));
    lockout.recordFailure(ip("2001:db8:0:1:ffff::c"));
    assertThat(lockout.isLockedOut(ip("2001:db8:0:1::99"))).as("same /64").isTrue();
    assertThat(lockout.isLockedOut(ip("2001:db8:0:2::a"))).as("next /64").isFalse();
    assertThat(lockout.trackedIps()).isEqualTo(1);
  }

  @Test
  void aReloadKeepsLockedOutIpsLockedAndTheirFailureCounts() throws Exception {
    InetAddress locked = ip("127.0.0.2");
    InetAddress failedOnce = ip("127.0.0.3");
    for (int i = 0; i < 3; i++) {
      lockout.recordFailure(locked);
    }
    lockout.recordFailure(failedOnce);

    assertThat(lockout.withPolicy(policy)).as("same policy: same lockout").isSameAs(lockout);
    LockoutPolicy stricter = LockoutPolicy.builder().maxFailures(2).window(Duration.ofMinutes(1))
        .duration(Duration.ofMinutes(5)).backoff(Duration.ZERO).build();
    Lockout reloaded = lockout.withPolicy(stricter);
    assertThat(reloaded).isNotSameAs(lockout);
    assertThat(reloaded.policy()).isEqualTo(stricter);
    assertThat(reloaded.isLockedOut(locked)).isTrue();
    assertThat(reloaded.isLockedOut(failedOnce)).isFalse();
    reloaded.recordFailure(failedOnce); // its second failure: the new policy locks out at two
    assertThat(reloaded.isLockedOut(failedOnce)).isTrue();
    assertThat(lockout.isLockedOut(failedOnce)).as("the old lockout is not changed").isFalse();
    clock.advance(Duration.ofMinutes(5));
    assertThat(reloaded.isLockedOut(locked)).as("the lock still ends when it would have").isFalse();
  }

  @Test
  void failuresOutsideTheWindowDoNotAccumulate() throws Exception {
    InetAddress ip = ip("127.0.0.2");
    lockout.recordFailure(ip);
    lockout.recordFailure(ip);
    clock.advance(Duration.ofMinutes(2));
    assertThat(lockout.recordFailure(ip)).isEqualTo(Duration.ofMillis(100));
    assertThat(lockout.isLockedOut(ip)).isFalse();
  }

  @Test
  void lockoutExpiresAfterItsDuration() throws Exception {
    InetAddress ip = ip("127.0.0.2");
    for (int i = 0; i < 3; i++) {
      lockout.recordFailure(ip);
    }
    clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(lockout.isLockedOut(ip)).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(lockout.isLockedOut(ip)).isFalse();
  }

  @Test
  void trackedIpsAreCappedExpiredFirst() throws Exception {
    InetAddress locked = ip("127.0.0.2");
    for (int i = 0; i < 3; i++) {
      lockout.recordFailure(locked);
    }
    lockout.recordFailure(ip("127.0.0.3"));
    clock.advance(Duration.ofMinutes(2)); // 127.0.0.3's window has expired, the lockout has not
    lockout.recordFailure(ip("127.0.0.4"));
    assertThat(lockout.trackedIps()).isEqualTo(2);
    assertThat(lockout.isLockedOut(locked)).isTrue();
    for (int i = 5; i < 50; i++) {
      lockout.recordFailure(ip("127.0.0." + i));
    }
    assertThat(lockout.trackedIps()).isEqualTo(2);
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  /** A clock the test moves by hand. */
  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
