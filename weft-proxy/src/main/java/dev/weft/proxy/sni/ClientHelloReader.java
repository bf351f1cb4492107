package dev.weft.proxy.sni;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a TLS ClientHello from the start of a stream without terminating TLS (RFC 8446 4.1.2,
 * RFC 6066 3, RFC 7301 3.1). It reassembles the handshake message across TLS records and
 * however TCP split them, reads whole records only (so the bytes replay unchanged), and never
 * reads more than {@code maxBytes} in total, whatever a length field claims. Stateless.
 */
public final class ClientHelloReader {
  /** Default bound on the bytes a peek may read: 16 KiB. */
  public static final int DEFAULT_MAX_BYTES = 16 * 1024;

  private static final int HANDSHAKE = 22;
  private static final int CLIENT_HELLO = 1;
  private static final int EXT_SERVER_NAME = 0;
  private static final int EXT_ALPN = 16;

  private ClientHelloReader() {}

  /**
   * Reads records from {@code in} until the whole ClientHello is in.
   *
   * @param maxBytes the most bytes to read, record headers included; at least 64
   * @throws TlsPeekException if the input is not a ClientHello within the bound
   */
  public static ClientHello read(InputStream in, int maxBytes) throws IOException {
    if (maxBytes < 64) {
      throw new IllegalArgumentException("maxBytes must be >= 64, got " + maxBytes);
    }
    ByteArrayOutputStream peeked = new ByteArrayOutputStream(512);
    ByteArrayOutputStream handshake = new ByteArrayOutputStream(512);
    int needed = -1; // the ClientHello's length with its 4-byte header, once known
    while (needed < 0 || handshake.size() < needed) {
      byte[] header = readFully(in, 5, peeked.size(), "record header");
      checkRecordHeader(header, peeked.size());
      int len = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
      if (peeked.size() + 5 + len > maxBytes) {
        throw new TlsPeekException("ClientHello larger than the " + maxBytes + "-byte peek limit");
      }
      peeked.write(header);
      byte[] body = readFully(in, len, peeked.size(), "record");
      peeked.write(body);
      handshake.write(body);
      if (needed < 0 && handshake.size() >= 4) {
        needed = messageLength(handshake.toByteArray(), maxBytes);
      }
    }
    byte[] hs = handshake.toByteArray();
    if (hs.length != needed) {
      // The only allowed record content past the ClientHello would be another handshake message,
      // which a client never sends before the server's reply.
      throw new TlsPeekException("unexpected bytes after the ClientHello in its last record");
    }
    return parse(ByteBuffer.wrap(hs, 4, needed - 4).slice(), peeked.toByteArray());
  }

  private static void checkRecordHeader(byte[] h, int offset) throws TlsPeekException {
    int type = h[0] & 0xFF;
    if (type != HANDSHAKE) {
      throw new TlsPeekException(offset == 0
          ? String.format("not a TLS handshake: first byte 0x%02x", type)
          : String.format("TLS record of type %d inside the ClientHello", type));
    }
    if (h[1] != 3 || (h[2] & 0xFF) > 4) {
      throw new TlsPeekException(String.format("unknown TLS record version %d.%d", h[1] & 0xFF, h[2] & 0xFF));
    }
    int len = ((h[3] & 0xFF) << 8) | (h[4] & 0xFF);
    if (len == 0 || len > 16384) {
      throw new TlsPeekException("TLS record length " + len + " is not 1..16384");
    }
  }

  private static int messageLength(byte[] hs, int maxBytes) throws TlsPeekException {
    if (hs[0] != CLIENT_HELLO) {
      throw new TlsPeekException("first handshake message is type " + (hs[0] & 0xFF) + ", not ClientHello");
    }
    int len = ((hs[1] & 0xFF) << 16) | ((hs[2] & 0xFF) << 8) | (hs[3] & 0xFF);
    if (len + 4 > maxBytes) {
      throw new TlsPeekException("ClientHello claims " + len + " bytes; the peek limit is " + maxBytes);
    }
    return len + 4;
  }

  private static ClientHello parse(ByteBuffer b, byte[] peeked) throws TlsPeekException {
    try {
      skip(b, 2 + 32); // legacy_version, random
      skip(b, u8(b, 0, 32, "session id"));
      int suites = u16(b);
      if (suites < 2 || suites % 2 != 0) {
        throw new TlsPeekException("cipher suites length " + suites + " is not a positive even number");
      }
      skip(b, suites);
      skip(b, u8(b, 1, 255, "compression methods"));
      String name = null;
      List<String> alpn = List.of();
      if (b.hasRemaining()) {
        ByteBuffer exts = sub(b, u16(b), "extensions");
        if (b.hasRemaining()) {
          throw new TlsPeekException(b.remaining() + " bytes after the ClientHello extensions");
        }
        while (exts.hasRemaining()) {
          int type = u16(exts);
          ByteBuffer ext = sub(exts, u16(exts), "extension " + type);
          if (type == EXT_SERVER_NAME) {
            name = serverName(ext);
          } else if (type == EXT_ALPN) {
            alpn = alpn(ext);
          }
        }
      }
      return new ClientHello(name, alpn, peeked);
    } catch (java.nio.BufferUnderflowException e) {
      throw new TlsPeekException("ClientHello fields run past its length");
    }
  }

  private static String serverName(ByteBuffer ext) throws TlsPeekException {
    ByteBuffer list = sub(ext, u16(ext), "server_name list");
    String host = null;
    while (list.hasRemaining()) {
      int type = list.get() & 0xFF;
      ByteBuffer name = sub(list, u16(list), "server name");
      if (type == 0 && host == null) {
        host = hostName(name);
      }
    }
    return host;
  }

  private static String hostName(ByteBuffer name) throws TlsPeekException {
    if (name.remaining() == 0 || name.remaining() > 255) {
      throw new TlsPeekException("server name length " + name.remaining() + " is not 1..255");
    }
    byte[] raw = new byte[name.remaining()];
    name.get(raw);
    for (byte c : raw) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_';
      if (!ok) {
        throw new TlsPeekException(String.format("server name has byte 0x%02x; expected a DNS host name", c & 0xFF));
      }
    }
    return new String(raw, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
  }

  private static List<String> alpn(ByteBuffer ext) throws TlsPeekException {
    ByteBuffer list = sub(ext, u16(ext), "ALPN list");
    List<String> out = new ArrayList<>();
    while (list.hasRemaining()) {
      int len = u8(list, 1, 255, "ALPN protocol");
      byte[] p = new byte[len];
      list.get(p);
      out.add(new String(p, StandardCharsets.ISO_8859_1));
    }
    return out;
  }

  private static ByteBuffer sub(ByteBuffer b, int len, String what) throws TlsPeekException {
    if (len > b.remaining()) {
      throw new TlsPeekException(what + " claims " + len + " bytes, only " + b.remaining() + " left");
    }
    ByteBuffer s = b.slice(b.position(), len);
    b.position(b.position() + len);
    return s;
  }

  private static int u8(ByteBuffer b, int min, int max, String what) throws TlsPeekException {
    int v = b.get() & 0xFF;
    if (v < min || v > max) {
      throw new TlsPeekException(what + " length " + v + " is not " + min + ".." + max);
    }
    return v;
  }

  private static int u16(ByteBuffer b) {
    return b.getShort() & 0xFFFF;
  }

  private static void skip(ByteBuffer b, int n) {
    if (n > b.remaining()) {
      throw new java.nio.BufferUnderflowException(); // reported by parse
    }
    b.position(b.position() + n);
  }

  private static byte[] readFully(InputStream in, int n, int offset, String what) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new TlsPeekException("ClientHello truncated: EOF in a TLS " + what + " after " + (offset + b.length) + " bytes");
    }
    return b;
  }
}
