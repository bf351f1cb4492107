package dev.weft.net.internal;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * The graceful-drain state of one {@link TcpConn}: once {@link #begin} ran, a read that finds
 * nothing pending ends the input instead of blocking, and a read already blocked with nothing
 * pending is woken by shutting down the input side.
 *
 * <p>The reader publishes {@code reading} before it checks {@code draining}, and {@link #begin}
 * sets {@code draining} before it checks {@code reading}: whichever runs second sees the other,
 * so no reader can block after a drain began without being woken.
 */
final class Drain {
  private final ConnInput buffered;
  private final SocketChannel ch;
  private volatile boolean draining;
  private volatile boolean reading;
  private volatile boolean inputEnded;

  Drain(ConnInput buffered, SocketChannel ch) {
    this.buffered = buffered;
    this.ch = ch;
  }

  void begin() {
    draining = true;
    if (reading) {
      try {
        if (available() == 0) {
          inputEnded = true;
          ch.shutdownInput();
        }
      } catch (IOException ignored) {
        // Already closed: the reader wakes anyway.
      }
    }
  }

  boolean isDraining() {
    return draining;
  }

  /** Called before a read: true when the read must return EOF instead of blocking. */
  boolean wouldBlock() throws IOException {
    reading = true;
    if (!draining) {
      return false;
    }
    reading = false;
    boolean end = available() == 0;
    inputEnded |= end;
    return end;
  }

  /** Called when a read returned or failed. */
  void readDone() {
    reading = false;
  }

  private int available() throws IOException {
    int n = buffered.available();
    return n > 0 ? n : ch.socket().getInputStream().available();
  }

  /** True when the input ended because of the drain, not because the peer closed. */
  boolean inputEnded() {
    return inputEnded;
  }
}
