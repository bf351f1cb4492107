package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ClientKeyTest {
  @Test
  void ipv6AddressesInOneSlash64ShareTheSlash64AsKey() throws Exception {
    InetAddress key = ClientKey.of(ip("2001:db8:0:1::a"));
    assertThat(key).isEqualTo(ip("2001:db8:0:1::"));
    assertThat(ClientKey.of(ip("2001:db8:0:1:ffff:ffff:ffff:ffff"))).isEqualTo(key);
    assertThat(ClientKey.of(ip("2001:db8:0:2::a"))).as("the next /64").isNotEqualTo(key);
  }

  @Test
  void ipv4AddressesAreTheirOwnKey() throws Exception {
    assertThat(ClientKey.of(ip("10.0.0.1"))).isEqualTo(ip("10.0.0.1"));
    assertThat(ClientKey.of(ip("10.0.0.2"))).isNotEqualTo(ClientKey.of(ip("10.0.0.1")));
  }

  @Test
  void ipv4MappedIpv6AddressesAreTheirOwnKeyNotOneSharedSlash64() throws Exception {
    // Java folds "::ffff:a.b.c.d" text into Inet4Address; build the Inet6Address form by hand.
    InetAddress a = mapped(10, 0, 0, 1);
    InetAddress b = mapped(10, 0, 0, 2);
    assertThat(a).isInstanceOf(Inet6Address.class);
    assertThat(ClientKey.of(a)).isSameAs(a);
    assertThat(ClientKey.of(b)).isNotEqualTo(ClientKey.of(a));
  }

  @Test
  void isIpv4MappedOnlyForTheFfffPrefix() throws Exception {
    assertThat(ClientKey.isIpv4Mapped(mapped(10, 0, 0, 1).getAddress())).isTrue();
    assertThat(ClientKey.isIpv4Mapped(ip("::1").getAddress())).isFalse();
    assertThat(ClientKey.isIpv4Mapped(ip("2001:db8::ffff:a00:1").getAddress())).isFalse();
    assertThat(ClientKey.isIpv4Mapped(ip("10.0.0.1").getAddress())).as("4 bytes").isFalse();
  }

  @Property(tries = 500)
  void nativeIpv6AddressesShareAKeyExactlyWhenTheirFirst64BitsAgree(
      @ForAll @Size(16) byte[] a, @ForAll @Size(16) byte[] b) throws UnknownHostException {
    a[0] = b[0] = 0x20; // never IPv4-mapped
    boolean sameSlash64 = Arrays.equals(a, 0, 8, b, 0, 8);
    InetAddress keyA = ClientKey.of(InetAddress.getByAddress(a));
    InetAddress keyB = ClientKey.of(InetAddress.getByAddress(b));
    assertThat(keyA.equals(keyB)).isEqualTo(sameSlash64);
    assertThat(Arrays.copyOf(keyA.getAddress(), 8)).isEqualTo(Arrays.copyOf(a, 8));
  }

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  private static InetAddress mapped(int a, int b, int c, int d) throws UnknownHostException {
    byte[] bytes = new byte[16];
    bytes[10] = bytes[11] = (byte) 0xff;
    bytes[12] = (byte) a;
    bytes[13] = (byte) b;
    bytes[14] = (byte) c;
    bytes[15] = (byte) d;
    return Inet6Address.getByAddress(null, bytes, -1);
  }
}
