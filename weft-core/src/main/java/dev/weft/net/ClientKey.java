package dev.weft.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The address under which per-client counts key a client: the per-IP connection cap ({@code
 * maxConnectionsPerIp}), the per-IP connection rate and authentication lockout. An IPv4 address
 * (and an IPv4-mapped IPv6 one, {@code ::ffff:10.0.0.1}) is its own key. A native IPv6 address
 * is keyed by its /64, the smallest block a site is normally given, so one host cannot get a
 * fresh count per address of its subnet: {@code 2001:db8:0:1::a} and {@code 2001:db8:0:1:ffff::b}
 * share the key {@code 2001:db8:0:1::}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClientKey {
  private ClientKey() {}

  /**
   * The key of {@code address}: the address itself for IPv4 and IPv4-mapped IPv6, the /64 with
   * the interface bits cleared (and no scope) for native IPv6. Never touches DNS.
   */
  public static InetAddress of(InetAddress address) {
    byte[] b = address.getAddress();
    if (!(address instanceof Inet6Address) || isIpv4Mapped(b)) {
      return address;
    }
    Arrays.fill(b, 8, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // 16 bytes are always a valid address
    }
  }

  /**
   * True if {@code address} (as from {@link InetAddress#getAddress()}) is 16 bytes of
   * IPv4-mapped IPv6, {@code ::ffff:a.b.c.d}. Takes the bytes so that a caller that already has
   * them need not copy them again.
   */
  public static boolean isIpv4Mapped(byte[] address) {
    if (address.length != 16 || address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
