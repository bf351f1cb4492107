package dev.weft.proxyproto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One type-length-value entry of a PROXY protocol v2 header. The value is copied in and out, so
 * a {@code Tlv} is immutable. Type codes are those of the HAProxy PROXY protocol spec, section
 * 2.2.
 *
 * @param type the type code, 0-255
 * @param value the value bytes, at most 65535
 */
public record Tlv(int type, byte[] value) {
  /** Application-Layer Protocol Negotiation: the protocol name, e.g. {@code h2}. */
  public static final int ALPN = 0x01;
  /** The host name the client asked for (TLS SNI or the HTTP authority), UTF-8. */
  public static final int AUTHORITY = 0x02;
  /** CRC32C of the whole header; checked on read, computed on write. */
  public static final int CRC32C = 0x03;
  /** Padding; ignored. */
  public static final int NOOP = 0x04;
  /** An opaque connection id of at most 128 bytes. */
  public static final int UNIQUE_ID = 0x05;
  /** TLS details of the client connection; see {@link SslInfo}. */
  public static final int SSL = 0x20;
  /** Sub-type of {@link #SSL}: the TLS version, e.g. {@code TLSv1.3}. */
  public static final int SSL_VERSION = 0x21;
  /** Sub-type of {@link #SSL}: the client certificate's common name. */
  public static final int SSL_CN = 0x22;
  /** Sub-type of {@link #SSL}: the cipher suite. */
  public static final int SSL_CIPHER = 0x23;
  /** Sub-type of {@link #SSL}: the certificate's signature algorithm. */
  public static final int SSL_SIG_ALG = 0x24;
  /** Sub-type of {@link #SSL}: the certificate's key algorithm. */
  public static final int SSL_KEY_ALG = 0x25;
  /** The network namespace name, US-ASCII. */
  public static final int NETNS = 0x30;

  public Tlv {
    if (type < 0 || type > 255) {
      throw new IllegalArgumentException("type must be 0..255, got " + type);
    }
    if (value.length > 0xFFFF) {
      throw new IllegalArgumentException("value must be at most 65535 bytes, got " + value.length);
    }
    value = value.clone();
  }

  /** A TLV whose value is {@code text} in UTF-8. */
  public static Tlv of(int type, String text) {
    return new Tlv(type, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of the value. */
  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The value decoded as UTF-8. */
  public String text() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** Bytes this TLV takes on the wire: 3 of header plus the value. */
  int wireLength() {
    return 3 + value.length;
  }

  byte[] raw() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tlv t && t.type == type && Arrays.equals(t.value, value);
  }

  @Override
  public int hashCode() {
    return type * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return String.format("Tlv[0x%02x, %s]", type, HexFormat.of().formatHex(value, 0, Math.min(value.length, 32)));
  }
}
