package dev.weft.testing;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of a {@link MemoryConn} pair: a bounded ring buffer guarded by a {@link
 * ReentrantLock} (never {@code synchronized}: readers and writers park while holding it). Writers
 * block while it is full and readers while it is empty, which gives the same backpressure a TCP
 * window does. No method holds two pipes' locks at once, so closing from both ends cannot deadlock.
 */
final class MemoryPipe {
  /** Returned by {@link #read} and {@link #write} when the deadline passed. */
  static final int TIMED_OUT = -2;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition writable = lock.newCondition();
  private final byte[] ring;
  private int head; // guarded by lock: index of the oldest byte
  private int count; // guarded by lock
  private boolean eof; // guarded by lock: the writing end half-closed or closed
  private boolean broken; // guarded by lock: the reading end closed; writes fail

  MemoryPipe(int capacity) {
    this.ring = new byte[capacity];
  }

  /**
   * Reads what is buffered, up to {@code len}, waiting for at least one byte.
   *
   * @param timeoutNanos the longest wait; zero waits forever
   * @return bytes read, -1 at EOF, or {@link #TIMED_OUT}
   */
  int read(byte[] b, int off, int len, MemoryConn reader, long timeoutNanos) throws IOException {
    lock.lock();
    try {
      long remaining = timeoutNanos;
      while (count == 0) {
        if (!reader.isOpen()) {
          throw reader.closedError("read");
        }
        if (eof) {
          return -1;
        }
        if (timeoutNanos == 0) {
          readable.await();
        } else if (remaining <= 0) {
          return TIMED_OUT;
        } else {
          remaining = readable.awaitNanos(remaining);
        }
      }
      int n = Math.min(len, Math.min(count, ring.length - head));
      System.arraycopy(ring, head, b, off, n);
      head = (head + n) % ring.length;
      count -= n;
      writable.signalAll();
      return n;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw reader.interrupted("read", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes all of {@code len} bytes, waiting for room as often as needed. The caller serializes
   * writers, so one call's bytes are never interleaved with another's.
   *
   * @param deadline {@code System.nanoTime()} after which to give up; zero waits forever
   * @return 0, or {@link #TIMED_OUT}
   */
  int write(byte[] b, int off, int len, MemoryConn writer, long deadline) throws IOException {
    lock.lock();
    try {
      while (len > 0) {
        if (!writer.isOpen() || writer.isOutputShut()) {
          throw writer.closedError("write");
        }
        if (broken) {
          throw writer.brokenPipe();
        }
        if (count == ring.length) {
          if (deadline == 0) {
            writable.await();
          } else if (deadline - System.nanoTime() <= 0) {
            return TIMED_OUT;
          } else {
            writable.awaitNanos(deadline - System.nanoTime());
          }
          continue;
        }
        int tail = (head + count) % ring.length;
        int n = Math.min(len, Math.min(ring.length - count, ring.length - tail));
        System.arraycopy(b, off, ring, tail, n);
        off += n;
        len -= n;
        count += n;
        readable.signalAll();
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw writer.interrupted("write", e);
    } finally {
      lock.unlock();
    }
  }

  int available() {
    lock.lock();
    try {
      return count;
    } finally {
      lock.unlock();
    }
  }

  /** The writing end is done: readers get EOF after what is buffered; blocked writers wake. */
  void shutWrite() {
    lock.lock();
    try {
      eof = true;
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The reading end closed: buffered bytes are discarded, writers fail, blocked readers wake. */
  void shutRead() {
    lock.lock();
    try {
      broken = true;
      count = 0;
      head = 0;
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
