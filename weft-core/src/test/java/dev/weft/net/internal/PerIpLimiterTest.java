package dev.weft.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class PerIpLimiterTest {
  private final PerIpLimiter limiter = new PerIpLimiter(2);

  @Test
  void ipv6AddressesInOneSlash64ShareOneCount() throws Exception {
    assertThat(limiter.tryAcquire(ip("2001:db8:0:1::a"))).isTrue();
    assertThat(limiter.tryAcquire(ip("2001:db8:0:1::b"))).isTrue();
    assertThat(limiter.tryAcquire(ip("2001:db8:0:1:ffff::c"))).as("third in the /64").isFalse();
    assertThat(limiter.count(ip("2001:db8:0:1::99"))).isEqualTo(2);
  }

  @Test
  void anotherSlash64HasItsOwnCount() throws Exception {
    limiter.tryAcquire(ip("2001:db8:0:1::a"));
    limiter.tryAcquire(ip("2001:db8:0:1::b"));
    assertThat(limiter.tryAcquire(ip("2001:db8:0:2::a"))).isTrue();
    assertThat(limiter.count(ip("2001:db8:0:2::a"))).isEqualTo(1);
  }

  @Test
  void releaseFromAnotherAddressOfTheSlash64FreesTheSharedSlot() throws Exception {
    limiter.tryAcquire(ip("2001:db8:0:1::a"));
    limiter.tryAcquire(ip("2001:db8:0:1::b"));
    limiter.release(ip("2001:db8:0:1::a"));
    assertThat(limiter.tryAcquire(ip("2001:db8:0:1::c"))).isTrue();
    limiter.release(ip("2001:db8:0:1::b"));
    limiter.release(ip("2001:db8:0:1::c"));
    assertThat(limiter.count(ip("2001:db8:0:1::a"))).isZero();
  }

  @Test
  void ipv4AddressesCountSeparately() throws Exception {
    limiter.tryAcquire(ip("127.0.0.1"));
    limiter.tryAcquire(ip("127.0.0.1"));
    assertThat(limiter.tryAcquire(ip("127.0.0.1"))).isFalse();
    assertThat(limiter.tryAcquire(ip("127.0.0.2"))).isTrue();
  }

  @Test
  void ipv4MappedAddressesCountSeparately() throws Exception {
    limiter.tryAcquire(mapped(10));
    limiter.tryAcquire(mapped(10));
    assertThat(limiter.tryAcquire(mapped(10))).isFalse();
    assertThat(limiter.tryAcquire(mapped(11))).as("another mapped IPv4 address").isTrue();
  }

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  /** {@code ::ffff:10.0.0.last} as an Inet6Address (Java folds the text form into IPv4). */
  private static InetAddress mapped(int last) throws UnknownHostException {
    byte[] b = new byte[16];
    b[10] = b[11] = (byte) 0xff;
    b[12] = 10;
    b[15] = (byte) last;
    return Inet6Address.getByAddress(null, b, -1);
  }
}
