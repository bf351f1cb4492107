package dev.weft.tls;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Record-sized TLS buffers, given back by connections that go quiet or close and reused by the
 * next one that needs them. An idle TLS connection then holds no 16 KiB buffers at all, and
 * direct memory (freed only when the GC happens to collect a buffer's small heap object) stays
 * bounded under a flood of short connections. Keeps at most {@code maxBytes} of free buffers;
 * beyond that, returned buffers are left to the GC.
 *
 * <p>A buffer is given back only by its owner, or by the {@link IdleSweeper} once it has taken
 * it from the owner (see {@link TlsRecords}), after which the owner never touches it again, so no
 * two connections ever share one. Contents are not cleared: a buffer is only read between its
 * position and limit, after being written.
 */
final class BufferPool {
  static final BufferPool DIRECT = new BufferPool(true, 16L << 20);
  static final BufferPool HEAP = new BufferPool(false, 16L << 20);

  private final ConcurrentHashMap<Integer, Queue<ByteBuffer>> free = new ConcurrentHashMap<>();
  private final AtomicLong freeBytes = new AtomicLong();
  private final AtomicLong takenBytes = new AtomicLong(); // since the last trim
  private final boolean direct;
  private final long maxBytes;

  BufferPool(boolean direct, long maxBytes) {
    this.direct = direct;
    this.maxBytes = maxBytes;
  }

  /** A cleared buffer of exactly {@code size} bytes: a returned one if there is one. */
  ByteBuffer take(int size) {
    takenBytes.addAndGet(size);
    Queue<ByteBuffer> q = free.get(size);
    ByteBuffer b = q == null ? null : q.poll();
    if (b == null) {
      return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    }
    freeBytes.addAndGet(-size);
    return b.clear();
  }

  /** Takes back a buffer its owner no longer uses; one of the other kind, empty or read-only is ignored. */
  void give(ByteBuffer b) {
    if (b == null || b.isDirect() != direct || b.capacity() == 0 || b.isReadOnly()) {
      return;
    }
    if (freeBytes.addAndGet(b.capacity()) > maxBytes) {
      freeBytes.addAndGet(-b.capacity());
      return;
    }
    free.computeIfAbsent(b.capacity(), k -> new ConcurrentLinkedQueue<>()).offer(b);
  }

  /**
   * Drops free buffers beyond what was taken since the last trim (but keeps at least {@code
   * floor} bytes), so the pool does not hold its peak after a burst of connections has gone
   * quiet: busy connections keep their own buffers and take few, and a flood of short ones is
   * served from what it took in the last interval. The {@link IdleSweeper} calls it once per
   * sweep.
   */
  void trim(long floor) {
    long keep = Math.max(floor, takenBytes.getAndSet(0));
    for (Queue<ByteBuffer> q : free.values()) {
      ByteBuffer b;
      while (freeBytes.get() > keep && (b = q.poll()) != null) {
        freeBytes.addAndGet(-b.capacity()); // left to the GC
      }
    }
  }

  /** Bytes held in free buffers, for tests. */
  long freeBytes() {
    return freeBytes.get();
  }
}
