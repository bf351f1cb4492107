package dev.weft.tls;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers for TLS records, handed back when a connection closes and reused by the next.
 * A direct buffer's memory is otherwise freed only when the GC happens to collect its small heap
 * object, so under a flood of short TLS connections native memory would run far ahead of the
 * heap (up to {@code -XX:MaxDirectMemorySize}, then a full GC). Keeps at most {@code maxBytes}
 * of free buffers; beyond that, returned buffers are left to the GC.
 *
 * <p>A buffer is given back only by its owner after it can no longer touch it (see {@link
 * TlsConn#close()}), so no two connections ever share one. Contents are not cleared: a buffer is
 * only read between its position and limit, after being written.
 */
final class DirectBuffers {
  static final DirectBuffers SHARED = new DirectBuffers(16L << 20);

  private final ConcurrentHashMap<Integer, Queue<ByteBuffer>> free = new ConcurrentHashMap<>();
  private final AtomicLong freeBytes = new AtomicLong();
  private final long maxBytes;

  DirectBuffers(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** A cleared direct buffer of exactly {@code size} bytes: a returned one if there is one. */
  ByteBuffer take(int size) {
    Queue<ByteBuffer> q = free.get(size);
    ByteBuffer b = q == null ? null : q.poll();
    if (b == null) {
      return ByteBuffer.allocateDirect(size);
    }
    freeBytes.addAndGet(-size);
    return b.clear();
  }

  /** Takes back a direct buffer its owner no longer uses; heap buffers are ignored. */
  void give(ByteBuffer b) {
    if (b == null || !b.isDirect() || b.capacity() == 0) {
      return;
    }
    if (freeBytes.addAndGet(b.capacity()) > maxBytes) {
      freeBytes.addAndGet(-b.capacity());
      return;
    }
    free.computeIfAbsent(b.capacity(), k -> new ConcurrentLinkedQueue<>()).offer(b);
  }

  /** Bytes held in free buffers, for tests. */
  long freeBytes() {
    return freeBytes.get();
  }
}
