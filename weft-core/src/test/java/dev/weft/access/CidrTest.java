package dev.weft.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CidrTest {
  private static InetAddress ip(String s) throws UnknownHostException {
    return InetAddress.getByName(s);
  }

  @Test
  void ipv4NetworkContainsItsAddressesOnly() throws Exception {
    Cidr c = Cidr.parse("10.0.0.0/8");
    assertThat(c.contains(ip("10.0.0.1"))).isTrue();
    assertThat(c.contains(ip("10.255.255.255"))).isTrue();
    assertThat(c.contains(ip("11.0.0.0"))).isFalse();
    assertThat(c.contains(ip("9.255.255.255"))).isFalse();
  }

  @Test
  void bareAddressIsASingleHost() throws Exception {
    Cidr c = Cidr.parse("192.168.1.7");
    assertThat(c.prefix()).isEqualTo(32);
    assertThat(c.contains(ip("192.168.1.7"))).isTrue();
    assertThat(c.contains(ip("192.168.1.8"))).isFalse();
  }

  @Test
  void hostBitsAreClearedInTheNormalForm() {
    assertThat(Cidr.parse("192.168.1.7/24")).hasToString("192.168.1.0/24");
    assertThat(Cidr.parse("192.168.1.7/24")).isEqualTo(Cidr.parse("192.168.1.0/24"));
  }

  @Test
  void ipv6NetworksMatch() throws Exception {
    assertThat(Cidr.parse("::1/128").contains(ip("::1"))).isTrue();
    assertThat(Cidr.parse("::1/128").contains(ip("::2"))).isFalse();
    Cidr doc = Cidr.parse("2001:db8::/32");
    assertThat(doc.contains(ip("2001:db8:ffff::1"))).isTrue();
    assertThat(doc.contains(ip("2001:db9::1"))).isFalse();
    Cidr wide = Cidr.parse("2001:db8:0:0:8000::/65");
    assertThat(wide.contains(ip("2001:db8::8000:0:0:1"))).isTrue();
    assertThat(wide.contains(ip("2001:db8::7fff:0:0:1"))).isFalse();
  }

  @Test
  void ipv4RulesNeverMatchIpv6AndBack() throws Exception {
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
    assertThat(Cidr.parse("::/0").contains(ip("127.0.0.1"))).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
  }

  @Test
  void ipv4MappedIpv6IsTreatedAsIpv4() throws Exception {
    Cidr mapped = Cidr.parse("::ffff:10.0.0.0/104");
    assertThat(mapped.isIpv4()).isTrue();
    assertThat(mapped).isEqualTo(Cidr.parse("10.0.0.0/8"));
    byte[] b = new byte[16];
    b[10] = (byte) 0xff;
    b[11] = (byte) 0xff;
    b[12] = 10;
    b[15] = 1;
    InetAddress v6mapped = java.net.Inet6Address.getByAddress(null, b, -1);
    assertThat(Cidr.parse("10.0.0.0/8").contains(v6mapped)).isTrue();
    assertThat(Cidr.parse("::ffff:10.0.0.1").contains(ip("10.0.0.1"))).isTrue();
  }

  @Test
  void badEntriesAreNamedInTheError() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.300/8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad CIDR '10.0.0.300/8': octet 300 is not in 0-255");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .hasMessage("bad CIDR '10.0.0.0/33': prefix must be <= 32, got 33");
    assertThatThrownBy(() -> Cidr.parse("10.0.0/8"))
        .hasMessage("bad CIDR '10.0.0/8': an IPv4 address has 4 octets, got 3");
    assertThatThrownBy(() -> Cidr.parse("example.com"))
        .hasMessage("bad CIDR 'example.com': not an IP address; host names are not accepted, give an address or CIDR");
    assertThatThrownBy(() -> Cidr.parse("2001:db8::/129"))
        .hasMessage("bad CIDR '2001:db8::/129': prefix must be <= 128, got 129");
    assertThatThrownBy(() -> Cidr.parse("2001:zz8::/32"))
        .hasMessage("bad CIDR '2001:zz8::/32': 'z' is not allowed in an IPv6 address");
    assertThatThrownBy(() -> Cidr.parse("1:2:3:4:5:6:7:8:9"))
        .hasMessage("bad CIDR '1:2:3:4:5:6:7:8:9': not an IPv6 address");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x"))
        .hasMessage("bad CIDR '10.0.0.0/x': prefix 'x' is not a number");
  }

  @Test
  void listMatchesAnyEntryAndEmptyMatchesNothing() throws Exception {
    CidrList l = CidrList.parse("10.0.0.0/8", "2001:db8::/32");
    assertThat(l.matches(ip("10.1.2.3"))).isTrue();
    assertThat(l.matches(ip("2001:db8::5"))).isTrue();
    assertThat(l.matches(ip("127.0.0.1"))).isFalse();
    assertThat(CidrList.EMPTY.matches(ip("127.0.0.1"))).isFalse();
  }

  @Property
  void ipv4NetworkContainsExactlyTheAddressesSharingThePrefix(
      @ForAll int network, @ForAll int probe, @ForAll @IntRange(min = 0, max = 32) int prefix)
      throws Exception {
    Cidr c = Cidr.parse(v4(network).getHostAddress() + "/" + prefix);
    long mask = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    boolean expected = ((network ^ probe) & mask) == 0;
    assertThat(c.contains(v4(probe))).isEqualTo(expected);
    assertThat(c.contains(v4(network))).isTrue();
    assertThat(Cidr.parse(c.toString())).isEqualTo(c);
  }

  @Property
  void ipv6NetworkContainsExactlyTheAddressesSharingThePrefix(
      @ForAll byte[] seedA, @ForAll byte[] seedB, @ForAll @IntRange(min = 0, max = 128) int prefix)
      throws Exception {
    byte[] a = fill(seedA);
    byte[] b = fill(seedB);
    a[0] = 0x20; // keep it a native IPv6 address, never IPv4-mapped
    b[0] = (byte) (prefix == 0 ? 0x30 : 0x20);
    InetAddress na = InetAddress.getByAddress(a);
    InetAddress nb = InetAddress.getByAddress(b);
    Cidr c = Cidr.parse(na.getHostAddress() + "/" + prefix);
    java.math.BigInteger x = new java.math.BigInteger(1, a).xor(new java.math.BigInteger(1, b));
    boolean expected = x.bitLength() <= 128 - prefix;
    assertThat(c.contains(nb)).isEqualTo(expected);
    assertThat(c.contains(na)).isTrue();
  }

  private static byte[] fill(byte[] seed) {
    byte[] b = new byte[16];
    System.arraycopy(seed, 0, b, 0, Math.min(16, seed.length));
    return b;
  }

  private static InetAddress v4(int bits) throws UnknownHostException {
    return InetAddress.getByAddress(new byte[] {
        (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
  }
}
