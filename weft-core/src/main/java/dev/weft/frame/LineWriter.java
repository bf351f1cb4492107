package dev.weft.frame;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes lines, appending the codec's {@link LineTerminator}. Thread-safe; does not flush; see
 * {@link FrameWriter}.
 *
 * <p>Rejects, with {@link IllegalArgumentException} and before writing anything, a line that a
 * {@link LineReader} would not read back unchanged: longer than {@code maxLineLength} bytes once
 * encoded, containing {@code \n}, or (with the LF terminator) ending in {@code \r}.
 */
public final class LineWriter implements FrameWriter<String> {
  private final OutputStream out;
  private final LineCodec codec;
  private final byte[] terminator;
  // A lock, not synchronized: the write may block and this may run on a virtual thread.
  private final ReentrantLock lock = new ReentrantLock();

  LineWriter(OutputStream out, LineCodec codec) {
    this.out = Objects.requireNonNull(out, "out");
    this.codec = codec;
    this.terminator = codec.terminator().bytes();
  }

  /** Encodes {@code line} with the codec's charset and writes it with a terminator. */
  @Override
  public void write(String line) throws IOException {
    Objects.requireNonNull(line, "line");
    writeBytes(line.getBytes(codec.charset()));
  }

  /** Writes raw line bytes followed by the terminator. */
  public void writeBytes(byte[] line) throws IOException {
    Objects.requireNonNull(line, "line");
    check(line);
    lock.lock();
    try {
      out.write(line);
      out.write(terminator);
    } finally {
      lock.unlock();
    }
  }

  private void check(byte[] line) {
    if (line.length > codec.maxLineLength()) {
      throw new IllegalArgumentException(
          "line must be <= " + codec.maxLineLength() + " bytes (maxLineLength), got " + line.length);
    }
    for (int i = 0; i < line.length; i++) {
      if (line[i] == '\n') {
        throw new IllegalArgumentException("line must not contain \\n, found at byte " + i);
      }
    }
    if (codec.terminator() == LineTerminator.LF && line.length > 0 && line[line.length - 1] == '\r') {
      throw new IllegalArgumentException(
          "line must not end with \\r when the terminator is LF: the reader would strip it");
    }
  }
}
