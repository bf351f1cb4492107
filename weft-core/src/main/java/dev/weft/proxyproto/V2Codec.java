package dev.weft.proxyproto;

import dev.weft.proxyproto.ProxyHeader.Command;
import dev.weft.proxyproto.ProxyHeader.Family;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The binary v2 header (HAProxy spec section 2.2): a 12-byte signature, version and command,
 * family, a 16-bit length, the address block, then TLVs. Stateless.
 */
final class V2Codec {
  static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
  /** Signature, version/command, family, length. */
  static final int FIXED = 16;

  private V2Codec() {}

  static byte[] encode(ProxyHeader h) {
    int addrLen = blockLength(h.family());
    int len = addrLen;
    for (Tlv t : h.tlvs()) {
      len += t.wireLength();
    }
    if (len > 0xFFFF) {
      throw new IllegalArgumentException("PROXY v2 header body must be at most 65535 bytes, got " + len);
    }
    ByteBuffer b = ByteBuffer.allocate(FIXED + len);
    b.put(SIGNATURE).put((byte) (0x20 | (h.command() == Command.PROXY ? 1 : 0)));
    b.put(familyByte(h.family())).putShort((short) len);
    if (h.hasAddresses()) {
      b.put(bytes(h.family(), h.source())).put(bytes(h.family(), h.destination()));
      b.putShort((short) h.source().getPort()).putShort((short) h.destination().getPort());
    } else {
      b.position(b.position() + addrLen); // zeros: receivers ignore them
    }
    int crcAt = -1;
    for (Tlv t : h.tlvs()) {
      if (t.type() == Tlv.CRC32C) {
        if (t.raw().length != 4) {
          throw new IllegalArgumentException("a CRC32C TLV has 4 bytes, got " + t.raw().length);
        }
        crcAt = b.position() + 3;
        b.put((byte) Tlv.CRC32C).putShort((short) 4).putInt(0);
      } else {
        putTlv(b, t);
      }
    }
    byte[] out = b.array();
    if (crcAt >= 0) {
      ByteBuffer.wrap(out).putInt(crcAt, crc(out));
    }
    return out;
  }

  /**
   * Decodes the body that follows the fixed part.
   *
   * @param fixed the 16 fixed bytes, signature already checked
   */
  static ProxyHeader decode(byte[] fixed, byte[] body) throws ProxyProtocolException {
    int version = (fixed[12] & 0xF0) >> 4;
    if (version != 2) {
      throw new ProxyProtocolException("PROXY v2 header has version " + version + "; only 2 is defined");
    }
    Command command = switch (fixed[12] & 0x0F) {
      case 0 -> Command.LOCAL;
      case 1 -> Command.PROXY;
      default -> throw new ProxyProtocolException("PROXY v2 header has unknown command " + (fixed[12] & 0x0F));
    };
    Family family = family(fixed[13] & 0xFF);
    int block = blockLength(family);
    ByteBuffer b = ByteBuffer.wrap(body);
    if (body.length < block) {
      if (command == Command.PROXY) {
        throw new ProxyProtocolException("PROXY v2 " + family + " address block needs " + block
            + " bytes, header has " + body.length);
      }
      return new ProxyHeader(command, family, null, null, List.of()); // LOCAL: ignore what is there
    }
    InetSocketAddress src = null;
    InetSocketAddress dst = null;
    if (command == Command.PROXY && family.hasInetAddresses()) {
      int n = family.isV4() ? 4 : 16;
      InetAddress s = address(b, n);
      InetAddress d = address(b, n);
      src = new InetSocketAddress(s, b.getShort() & 0xFFFF);
      dst = new InetSocketAddress(d, b.getShort() & 0xFFFF);
    } else {
      b.position(block);
    }
    int tlvStart = b.position();
    List<Tlv> tlvs = tlvs(b, "TLV");
    verifyCrc(fixed, body, tlvStart, tlvs);
    for (Tlv t : tlvs) {
      if (t.type() == Tlv.SSL) {
        SslInfo.parse(t.raw()); // fails now on a malformed SSL entry, not later in a getter
      }
    }
    return new ProxyHeader(command, family, src, dst, tlvs);
  }

  /** Reads TLVs until {@code b} is empty. */
  static List<Tlv> tlvs(ByteBuffer b, String what) throws ProxyProtocolException {
    List<Tlv> out = new ArrayList<>();
    while (b.hasRemaining()) {
      if (b.remaining() < 3) {
        throw new ProxyProtocolException("PROXY v2 " + what + " truncated: " + b.remaining() + " bytes left, a TLV needs 3");
      }
      int type = b.get() & 0xFF;
      int len = b.getShort() & 0xFFFF;
      if (len > b.remaining()) {
        throw new ProxyProtocolException(String.format(
            "PROXY v2 %s 0x%02x claims %d bytes, only %d left", what, type, len, b.remaining()));
      }
      byte[] v = new byte[len];
      b.get(v);
      out.add(new Tlv(type, v));
    }
    return out;
  }

  static void putTlv(ByteBuffer b, Tlv t) {
    b.put((byte) t.type()).putShort((short) t.raw().length).put(t.raw());
  }

  private static void verifyCrc(byte[] fixed, byte[] body, int tlvStart, List<Tlv> tlvs)
      throws ProxyProtocolException {
    int at = tlvStart;
    for (Tlv t : tlvs) {
      if (t.type() == Tlv.CRC32C) {
        if (t.raw().length != 4) {
          throw new ProxyProtocolException("PROXY v2 CRC32C TLV has " + t.raw().length + " bytes, expected 4");
        }
        byte[] whole = new byte[FIXED + body.length];
        System.arraycopy(fixed, 0, whole, 0, FIXED);
        System.arraycopy(body, 0, whole, FIXED, body.length);
        int expected = ByteBuffer.wrap(whole).getInt(FIXED + at + 3);
        ByteBuffer.wrap(whole).putInt(FIXED + at + 3, 0);
        if (crc(whole) != expected) {
          throw new ProxyProtocolException("PROXY v2 header fails its CRC32C check");
        }
      }
      at += t.wireLength();
    }
  }

  private static int crc(byte[] whole) {
    CRC32C c = new CRC32C();
    c.update(whole);
    return (int) c.getValue();
  }

  private static Family family(int fam) throws ProxyProtocolException {
    return switch (fam) {
      case 0x00 -> Family.UNKNOWN;
      case 0x11 -> Family.TCP4;
      case 0x12 -> Family.UDP4;
      case 0x21 -> Family.TCP6;
      case 0x22 -> Family.UDP6;
      case 0x31, 0x32 -> Family.UNIX;
      default -> throw new ProxyProtocolException(String.format("PROXY v2 header has unknown family 0x%02x", fam));
    };
  }

  private static byte familyByte(Family f) {
    return (byte) switch (f) {
      case UNKNOWN -> 0x00;
      case TCP4 -> 0x11;
      case UDP4 -> 0x12;
      case TCP6 -> 0x21;
      case UDP6 -> 0x22;
      case UNIX -> 0x31;
    };
  }

  private static int blockLength(Family f) {
    return switch (f) {
      case UNKNOWN -> 0;
      case TCP4, UDP4 -> 12;
      case TCP6, UDP6 -> 36;
      case UNIX -> 216;
    };
  }

  private static InetAddress address(ByteBuffer b, int n) {
    byte[] a = new byte[n];
    b.get(a);
    try {
      return InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a " + n + "-byte address is always valid", e);
    }
  }

  /** The address as 4 bytes (v4 families) or 16 (v6 families; IPv4 written mapped). */
  private static byte[] bytes(Family f, InetSocketAddress a) {
    byte[] raw = a.getAddress().getAddress();
    if (f.isV4() || raw.length == 16) {
      return raw;
    }
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    System.arraycopy(raw, 0, mapped, 12, 4);
    return mapped;
  }
}
