package dev.weft.frame;

import dev.weft.net.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Helpers shared by the codecs: bounded reads that never trust a size they were told. */
final class Frames {
  /** The largest array the JVM reliably allocates; limits are validated against it. */
  static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  /**
   * First allocation for a frame body. A body larger than this grows by doubling as bytes
   * arrive, so a peer that claims 16 MiB and sends 10 bytes costs one chunk, not 16 MiB.
   */
  static final int CHUNK = 8192;

  /** Buffers of delimiter-scanning readers shrink back to this after a large frame. */
  static final int RETAINED_BUFFER = 8192;

  private Frames() {}

  /**
   * Reads up to {@code len} bytes, blocking until all arrived or EOF.
   *
   * @return the bytes read; less than {@code len} only at EOF
   */
  static int readUpTo(InputStream in, byte[] b, int off, int len) throws IOException {
    int got = 0;
    while (got < len) {
      int n = in.read(b, off + got, len - got);
      if (n < 0) {
        break;
      }
      got += n;
    }
    return got;
  }

  /**
   * Reads a body of {@code bodyLen} bytes and returns {@code prefix[prefixOff, prefixOff +
   * prefixLen)} followed by it, in one exactly-sized array. The array grows only as bytes arrive.
   *
   * @param nullOnCleanEof return null, rather than fail, when EOF comes before the first byte
   * @throws ProtocolException "truncated frame: ..." on EOF before the body is complete
   */
  static byte[] readFrame(
      InputStream in, byte[] prefix, int prefixOff, int prefixLen, int bodyLen, boolean nullOnCleanEof)
      throws IOException {
    int total = prefixLen + bodyLen;
    byte[] buf = new byte[Math.min(total, prefixLen + CHUNK)];
    System.arraycopy(prefix, prefixOff, buf, 0, prefixLen);
    int pos = prefixLen;
    while (pos < total) {
      if (pos == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(total, buf.length * 2L));
      }
      int n = in.read(buf, pos, buf.length - pos);
      if (n < 0) {
        if (nullOnCleanEof && pos == 0) {
          return null;
        }
        throw truncated(
            "EOF after " + (pos - prefixLen) + " of " + bodyLen + " bytes of the frame body");
      }
      pos += n;
    }
    return buf;
  }

  static ProtocolException truncated(String detail) {
    return new ProtocolException("truncated frame: " + detail);
  }

  static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value);
    }
  }

  static void atMost(String field, int value, long max) {
    if (value > max) {
      throw new IllegalArgumentException(field + " must be <= " + max + ", got " + value);
    }
  }
}
