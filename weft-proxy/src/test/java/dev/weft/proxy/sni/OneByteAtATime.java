package dev.weft.proxy.sni;

import java.io.ByteArrayInputStream;

/** An input stream that returns at most one byte per read, as if every TCP segment held one. */
final class OneByteAtATime extends ByteArrayInputStream {
  OneByteAtATime(byte[] bytes) {
    super(bytes);
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) {
    return super.read(b, off, Math.min(len, 1));
  }

  int consumed() {
    return pos;
  }
}
