package dev.weft.access;

import dev.weft.net.AddressFormat;
import dev.weft.net.ClientKey;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One network in CIDR notation: {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a single address
 * ({@code 192.168.1.7} means {@code /32}, {@code ::1} means {@code /128}). Host bits below the
 * prefix are cleared, so {@code 192.168.1.7/24} is {@code 192.168.1.0/24}.
 *
 * <p>IPv4-mapped IPv6 ({@code ::ffff:10.0.0.1}) is treated as the IPv4 address it carries, both
 * when parsing (a mapped prefix of at least 96 bits becomes the IPv4 prefix minus 96) and when
 * matching, so one IPv4 rule covers clients of a dual-stack listener. An IPv4 rule never matches
 * a native IPv6 address and vice versa.
 *
 * <p>Parsing never touches DNS: only literals are accepted. Immutable and thread-safe.
 */
public final class Cidr {
  private final boolean v4;
  private final long hi;
  private final long lo;
  private final int prefix;

  private Cidr(boolean v4, long hi, long lo, int prefix) {
    this.v4 = v4;
    this.prefix = prefix;
    this.hi = hi & maskHi(v4, prefix);
    this.lo = lo & maskLo(v4, prefix);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the entry: {@code bad CIDR '10.0.0.300/8': octet 300
   *     is not in 0-255}
   */
  public static Cidr parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("bad CIDR: null");
    }
    String s = text.strip();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = literal(text, addr);
    int max = bytes.length * 8;
    int prefix = slash < 0 ? max : prefix(text, s.substring(slash + 1), max);
    if (bytes.length == 16 && ClientKey.isIpv4Mapped(bytes) && prefix >= 96) {
      return new Cidr(true, 0, v4Bits(bytes, 12), prefix - 96);
    }
    return bytes.length == 4
        ? new Cidr(true, 0, v4Bits(bytes, 0), prefix)
        : new Cidr(false, bits(bytes, 0), bits(bytes, 8), prefix);
  }

  /** True if {@code address} lies in this network. Allocates only the address's byte copy. */
  public boolean contains(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 4 || ClientKey.isIpv4Mapped(b)) {
      return v4 && (v4Bits(b, b.length - 4) & maskLo(true, prefix)) == lo;
    }
    return !v4 && (bits(b, 0) & maskHi(false, prefix)) == hi && (bits(b, 8) & maskLo(false, prefix)) == lo;
  }

  /** The prefix length in bits: 0-32 for IPv4, 0-128 for IPv6. */
  public int prefix() {
    return prefix;
  }

  /** True for an IPv4 network (including one written as IPv4-mapped IPv6). */
  public boolean isIpv4() {
    return v4;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.v4 == v4 && c.hi == hi && c.lo == lo && c.prefix == prefix;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hi) * 31 + Long.hashCode(lo) * 7 + prefix + (v4 ? 1000 : 0);
  }

  /** The normalized form: {@code 10.0.0.0/8}, {@code 2001:db8::/32}. */
  @Override
  public String toString() {
    byte[] b = new byte[v4 ? 4 : 16];
    for (int i = 0; i < b.length; i++) {
      int shift = 8 * (b.length - 1 - i);
      b[i] = (byte) (v4 ? lo >>> shift : (i < 8 ? hi >>> (shift - 64) : lo >>> shift));
    }
    try {
      return AddressFormat.format(InetAddress.getByAddress(b)) + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long maskHi(boolean v4, int prefix) {
    return v4 || prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
  }

  private static long maskLo(boolean v4, int prefix) {
    if (v4) {
      return prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    }
    return prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
  }

  private static byte[] literal(String entry, String addr) {
    if (addr.isEmpty()) {
      throw bad(entry, "missing address");
    }
    if (addr.indexOf(':') < 0) {
      return v4Literal(entry, addr);
    }
    for (int i = 0; i < addr.length(); i++) {
      char c = addr.charAt(i);
      if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
        throw bad(entry, "'" + c + "' is not allowed in an IPv6 address");
      }
    }
    try {
      byte[] b = InetAddress.getByName(addr).getAddress();
      return b.length == 4 ? mapped(b) : b;
    } catch (UnknownHostException e) {
      throw bad(entry, "not an IPv6 address");
    }
  }

  private static byte[] v4Literal(String entry, String addr) {
    if (addr.chars().anyMatch(Character::isLetter)) {
      throw bad(entry, "not an IP address; host names are not accepted, give an address or CIDR");
    }
    String[] parts = addr.split("\\.", -1);
    if (parts.length != 4) {
      throw bad(entry, "an IPv4 address has 4 octets, got " + parts.length);
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        throw bad(entry, "octet '" + p + "' is not a number");
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        throw bad(entry, "octet " + v + " is not in 0-255");
      }
      b[i] = (byte) v;
    }
    return b;
  }

  private static int prefix(String entry, String p, int max) {
    if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
      throw bad(entry, "prefix '" + p + "' is not a number");
    }
    int v = Integer.parseInt(p);
    if (v > max) {
      throw bad(entry, "prefix must be <= " + max + ", got " + v);
    }
    return v;
  }

  // Java folds "::ffff:a.b.c.d" into an Inet4Address; keep the mapped form so the prefix is /128.
  private static byte[] mapped(byte[] v4) {
    byte[] b = new byte[16];
    b[10] = (byte) 0xff;
    b[11] = (byte) 0xff;
    System.arraycopy(v4, 0, b, 12, 4);
    return b;
  }

  private static long v4Bits(byte[] b, int off) {
    return ((b[off] & 0xFFL) << 24) | ((b[off + 1] & 0xFFL) << 16) | ((b[off + 2] & 0xFFL) << 8)
        | (b[off + 3] & 0xFFL);
  }

  private static long bits(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFFL);
    }
    return v;
  }

  private static IllegalArgumentException bad(String entry, String why) {
    return new IllegalArgumentException("bad CIDR '" + entry + "': " + why);
  }
}
