package dev.weft.proxyproto;

import dev.weft.proxyproto.ProxyHeader.Command;
import dev.weft.proxyproto.ProxyHeader.Family;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The text v1 header (HAProxy spec section 2.1): {@code PROXY TCP4 src dst sport dport\r\n}, at
 * most 107 bytes. Addresses are parsed as literals only, never through DNS. Stateless.
 */
final class V1Codec {
  static final byte[] SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);
  /** The longest v1 line, CRLF included. */
  static final int MAX_LENGTH = 107;

  private V1Codec() {}

  static byte[] encode(ProxyHeader h) {
    if (h.command() != Command.PROXY) {
      throw new IllegalArgumentException("PROXY v1 has no LOCAL command; use v2");
    }
    if (!h.tlvs().isEmpty()) {
      throw new IllegalArgumentException("PROXY v1 carries no TLVs; use v2");
    }
    String line = switch (h.family()) {
      case UNKNOWN -> "PROXY UNKNOWN\r\n";
      case TCP4, TCP6 -> "PROXY " + h.family() + " " + text(h.family(), h.source().getAddress()) + " "
          + text(h.family(), h.destination().getAddress()) + " " + h.source().getPort() + " "
          + h.destination().getPort() + "\r\n";
      default -> throw new IllegalArgumentException("PROXY v1 supports TCP4, TCP6 and UNKNOWN, not " + h.family());
    };
    return line.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Parses the part of the line after {@code "PROXY "}, without its CRLF.
   *
   * @throws ProxyProtocolException naming the bad field
   */
  static ProxyHeader decode(String rest) throws ProxyProtocolException {
    String[] f = rest.split(" ", -1);
    if (f[0].equals("UNKNOWN")) {
      return ProxyHeader.unknown(); // the spec lets the rest of the line say anything
    }
    Family family = switch (f[0]) {
      case "TCP4" -> Family.TCP4;
      case "TCP6" -> Family.TCP6;
      default -> throw bad("protocol must be TCP4, TCP6 or UNKNOWN, got '" + printable(f[0]) + "'");
    };
    if (f.length != 5) {
      throw bad("expected 5 fields after PROXY, got " + f.length);
    }
    InetAddress src = address(family, f[1]);
    InetAddress dst = address(family, f[2]);
    return new ProxyHeader(Command.PROXY, family,
        new InetSocketAddress(src, port(f[3])), new InetSocketAddress(dst, port(f[4])), List.of());
  }

  private static String text(Family f, InetAddress a) {
    if (f == Family.TCP6 && a instanceof Inet4Address) {
      return "::ffff:" + a.getHostAddress();
    }
    String s = a.getHostAddress();
    int scope = s.indexOf('%');
    return scope < 0 ? s : s.substring(0, scope);
  }

  private static InetAddress address(Family family, String s) throws ProxyProtocolException {
    boolean v4 = family == Family.TCP4;
    if (s.isEmpty() || s.length() > 45) {
      throw bad("bad " + family + " address '" + printable(s) + "'");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = v4 ? (c >= '0' && c <= '9') || c == '.' : Character.digit(c, 16) >= 0 || c == ':' || c == '.';
      if (!ok) {
        throw bad("bad " + family + " address '" + printable(s) + "'");
      }
    }
    if (v4 ? !dottedQuad(s) : s.indexOf(':') < 0) {
      throw bad("bad " + family + " address '" + printable(s) + "'");
    }
    try {
      return InetAddress.getByName(s); // a literal: the characters checked above never reach DNS
    } catch (UnknownHostException e) {
      throw bad("bad " + family + " address '" + printable(s) + "'");
    }
  }

  private static boolean dottedQuad(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  private static int port(String s) throws ProxyProtocolException {
    boolean digits = !s.isEmpty() && s.length() <= 5 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits || (s.length() > 1 && s.charAt(0) == '0') || Integer.parseInt(s) > 65535) {
      throw bad("bad port '" + printable(s) + "'");
    }
    return Integer.parseInt(s);
  }

  /** At most 20 characters of peer input, non-printables escaped, for a message. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(20, s.length()); i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xFF));
    }
    return s.length() > 20 ? sb + "..." : sb.toString();
  }

  private static ProxyProtocolException bad(String why) {
    return new ProxyProtocolException("bad PROXY v1 header: " + why);
  }
}
