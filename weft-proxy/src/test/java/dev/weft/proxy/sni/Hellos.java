package dev.weft.proxy.sni;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds TLS ClientHellos and splits them into records, for the reader's tests. */
final class Hellos {
  private Hellos() {}

  /**
   * A ClientHello handshake message (with its 4-byte header).
   *
   * @param sni the server name, or null for no server_name extension
   * @param alpn the ALPN protocols; empty for no extension
   * @param padding bytes of an extra extension (type 21, padding) before the others
   */
  static byte[] message(String sni, List<String> alpn, int sessionIdLength, int padding) {
    ByteArrayOutputStream exts = new ByteArrayOutputStream();
    if (padding > 0) {
      ext(exts, 21, new byte[padding]);
    }
    if (sni != null) {
      byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
      ByteBuffer b = ByteBuffer.allocate(5 + name.length);
      b.putShort((short) (3 + name.length)).put((byte) 0).putShort((short) name.length).put(name);
      ext(exts, 0, b.array());
    }
    if (!alpn.isEmpty()) {
      ByteArrayOutputStream list = new ByteArrayOutputStream();
      for (String p : alpn) {
        list.write(p.length());
        list.writeBytes(p.getBytes(StandardCharsets.ISO_8859_1));
      }
      ByteBuffer b = ByteBuffer.allocate(2 + list.size());
      b.putShort((short) list.size()).put(list.toByteArray());
      ext(exts, 16, b.array());
    }
    ByteBuffer body = ByteBuffer.allocate(2 + 32 + 1 + sessionIdLength + 2 + 4 + 2 + 2 + exts.size());
    body.putShort((short) 0x0303).put(new byte[32]).put((byte) sessionIdLength).put(new byte[sessionIdLength]);
    body.putShort((short) 4).putShort((short) 0x1301).putShort((short) 0x1302);
    body.put((byte) 1).put((byte) 0);
    body.putShort((short) exts.size()).put(exts.toByteArray());
    byte[] b = body.array();
    ByteBuffer msg = ByteBuffer.allocate(4 + b.length);
    msg.put((byte) 1).put((byte) (b.length >> 16)).put((byte) (b.length >> 8)).put((byte) b.length).put(b);
    return msg.array();
  }

  /** {@code message} in TLS handshake records, cutting a new record after each size in turn. */
  static byte[] records(byte[] message, List<Integer> sizes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    for (int i = 0; at < message.length; i++) {
      int n = Math.min(message.length - at, sizes.isEmpty() ? 16384 : Math.min(16384, sizes.get(i % sizes.size())));
      out.write(22);
      out.write(3);
      out.write(1);
      out.write(n >> 8);
      out.write(n);
      out.write(message, at, n);
      at += n;
    }
    return out.toByteArray();
  }

  private static void ext(ByteArrayOutputStream out, int type, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + data.length);
    b.putShort((short) type).putShort((short) data.length).put(data);
    out.writeBytes(b.array());
  }
}
