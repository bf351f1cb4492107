package dev.weft.proxyproto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Reads and writes PROXY protocol headers (HAProxy's spec, v1 text and v2 binary).
 *
 * <p>Reading is strict and bounded: it consumes exactly the header and nothing after it, reads
 * at most {@value #V1_MAX_LENGTH} bytes for v1 and never more than the configured limit for a v2
 * body, whatever its length field claims. Anything else (garbage, a truncated header, an
 * oversized one, a failed CRC32C) throws {@link ProxyProtocolException}. Reads block on the
 * stream; bound them with a read deadline. Stateless and thread-safe.
 */
public final class ProxyProtocol {
  /** The longest v1 header, CRLF included. */
  public static final int V1_MAX_LENGTH = V1Codec.MAX_LENGTH;
  /**
   * Default limit for a v2 body (addresses plus TLVs) that {@link #read(InputStream)} accepts:
   * enough for addresses, ALPN, authority, a unique id and SSL details.
   */
  public static final int DEFAULT_MAX_V2_LENGTH = 4096;

  private ProxyProtocol() {}

  /**
   * What {@link #readIfPresent} found.
   *
   * @param header the header, or null when the input did not start with a PROXY signature
   * @param consumed when {@code header} is null, the bytes read while looking (replay them to
   *     whoever reads the stream next); empty otherwise
   */
  public record Peeked(ProxyHeader header, byte[] consumed) {}

  /** Encodes {@code header} as a v1 line. Throws IllegalArgumentException for LOCAL, UDP, UNIX or TLVs. */
  public static byte[] encodeV1(ProxyHeader header) {
    return V1Codec.encode(header);
  }

  /**
   * Encodes {@code header} as v2. A {@link Tlv#CRC32C} entry (any 4-byte value) is filled with
   * the checksum of the result.
   *
   * @throws IllegalArgumentException if the body would exceed 65535 bytes
   */
  public static byte[] encodeV2(ProxyHeader header) {
    return V2Codec.encode(header);
  }

  /** Reads a header that must be there, v1 or v2, with {@link #DEFAULT_MAX_V2_LENGTH}. */
  public static ProxyHeader read(InputStream in) throws IOException {
    return read(in, DEFAULT_MAX_V2_LENGTH);
  }

  /**
   * Reads a header that must be there, v1 or v2.
   *
   * @param maxV2Length the largest v2 body accepted, 0..65535
   * @throws ProxyProtocolException if the input is not a valid header within the bounds
   */
  public static ProxyHeader read(InputStream in, int maxV2Length) throws IOException {
    Peeked p = readIfPresent(in, maxV2Length);
    if (p.header() == null) {
      if (p.consumed().length == 0) {
        throw new ProxyProtocolException("connection closed before a PROXY protocol header");
      }
      // For the message only: what has already arrived, without waiting for more.
      byte[] more = in.readNBytes(Math.max(0, Math.min(15, in.available())));
      byte[] seen = java.util.Arrays.copyOf(p.consumed(), p.consumed().length + more.length);
      System.arraycopy(more, 0, seen, p.consumed().length, more.length);
      throw new ProxyProtocolException("expected a PROXY protocol header, got " + describe(seen));
    }
    return p.header();
  }

  /**
   * Reads a header if the input starts with a v1 or v2 signature. Reads only as far as the
   * signature still matches, so a stream without a header loses at most 12 bytes, returned in
   * {@link Peeked#consumed()}. Once a signature has matched, the rest must be a valid header.
   */
  public static Peeked readIfPresent(InputStream in, int maxV2Length) throws IOException {
    if (maxV2Length < 0 || maxV2Length > 0xFFFF) {
      throw new IllegalArgumentException("maxV2Length must be 0..65535, got " + maxV2Length);
    }
    int first = in.read();
    if (first < 0) {
      return new Peeked(null, new byte[0]);
    }
    byte[] sig = first == V1Codec.SIGNATURE[0] ? V1Codec.SIGNATURE : V2Codec.SIGNATURE;
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    seen.write(first);
    if (first != (sig[0] & 0xFF)) {
      return new Peeked(null, seen.toByteArray());
    }
    for (int i = 1; i < sig.length; i++) {
      int b = in.read();
      if (b >= 0) {
        seen.write(b);
      }
      if (b != (sig[i] & 0xFF)) {
        return new Peeked(null, seen.toByteArray());
      }
    }
    ProxyHeader h = sig == V1Codec.SIGNATURE ? readV1(in) : readV2(in, maxV2Length);
    return new Peeked(h, new byte[0]);
  }

  private static ProxyHeader readV1(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int n = V1Codec.SIGNATURE.length;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new ProxyProtocolException("PROXY v1 header truncated after " + n + " bytes");
      }
      n++;
      if (b == '\n') {
        break;
      }
      if (n >= V1_MAX_LENGTH) {
        throw new ProxyProtocolException("PROXY v1 header longer than " + V1_MAX_LENGTH + " bytes");
      }
      line.append((char) b);
    }
    if (line.isEmpty() || line.charAt(line.length() - 1) != '\r') {
      throw new ProxyProtocolException("bad PROXY v1 header: the line must end with CRLF");
    }
    line.setLength(line.length() - 1);
    return V1Codec.decode(line.toString());
  }

  private static ProxyHeader readV2(InputStream in, int maxV2Length) throws IOException {
    byte[] fixed = new byte[V2Codec.FIXED];
    System.arraycopy(V2Codec.SIGNATURE, 0, fixed, 0, V2Codec.SIGNATURE.length);
    int got = in.readNBytes(fixed, V2Codec.SIGNATURE.length, 4);
    if (got < 4) {
      throw new ProxyProtocolException("PROXY v2 header truncated after " + (V2Codec.SIGNATURE.length + got) + " bytes");
    }
    int len = ((fixed[14] & 0xFF) << 8) | (fixed[15] & 0xFF);
    if (len > maxV2Length) {
      throw new ProxyProtocolException("PROXY v2 header claims " + len + " bytes; the limit is " + maxV2Length);
    }
    byte[] body = in.readNBytes(len);
    if (body.length < len) {
      throw new ProxyProtocolException("PROXY v2 header truncated: " + body.length + " of " + len + " body bytes");
    }
    return V2Codec.decode(fixed, body);
  }

  /** Up to 16 bytes of peer input, as escaped text if it starts printable, else as hex. */
  private static String describe(byte[] b) {
    int n = Math.min(16, b.length);
    String text = new String(b, 0, n, StandardCharsets.ISO_8859_1);
    boolean printable = b[0] >= 0x20 && b[0] < 0x7F; // text with escapes, else hex
    String shown = printable ? "'" + V1Codec.printable(text) + "'" : "0x" + HexFormat.of().formatHex(b, 0, n);
    return b.length > n ? shown + "..." : shown;
  }
}
