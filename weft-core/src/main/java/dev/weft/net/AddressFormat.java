package dev.weft.net;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * IP addresses as people write them: IPv4 dotted, IPv6 in the RFC 5952 canonical form
 * ({@code ::1}, {@code 2001:db8::7}: lower case, no leading zeros, the longest run of two or more
 * zero groups shortened to {@code ::}, the first such run on a tie). The JDK's {@link
 * InetAddress#getHostAddress()} writes IPv6 in full ({@code 0:0:0:0:0:0:0:1}). A scope is kept
 * after {@code %}.
 */
public final class AddressFormat {
  private AddressFormat() {}

  /** {@code address} in canonical text form. */
  public static String format(InetAddress address) {
    if (!(address instanceof Inet6Address v6)) {
      return address.getHostAddress();
    }
    byte[] b = v6.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is not shortened
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    String text = sb.toString();
    String host = address.getHostAddress();
    int scope = host.indexOf('%');
    return scope < 0 ? text : text + host.substring(scope);
  }
}
