package dev.weft.tls;

import dev.weft.net.internal.SharedTimer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the record buffers of TLS connections that stayed quiet for a whole sweep interval, so an
 * idle connection holds none, while a busy one keeps its four buffers from record to record
 * instead of giving them back and taking them again around every wait. One task on the {@link
 * SharedTimer}, scheduled only while there are connections to look at; each look is a few field
 * reads and a {@code tryLock}, never a wait. Each sweep also trims the {@link BufferPool}s to
 * what was taken since the last one. A connection stays watched (and reachable from here) until
 * it is closed, as every {@link dev.weft.net.Conn} must be.
 */
final class IdleSweeper {
  /** A connection quiet this long (up to twice this) gives its buffers back. */
  static final long INTERVAL_NANOS = 1_000_000_000L;

  /** Free pooled bytes always kept, per kind: about 64 record buffers. */
  static final long POOL_FLOOR = 1L << 20;

  private static final Logger log = LoggerFactory.getLogger(IdleSweeper.class);
  private static final Queue<TlsRecords> LIST = new ConcurrentLinkedQueue<>();
  private static final AtomicBoolean SCHEDULED = new AtomicBoolean();

  private IdleSweeper() {}

  /** Watches {@code records} until its connection closes. */
  static void enlist(TlsRecords records) {
    LIST.add(records);
    scheduleIfIdle();
  }

  private static void scheduleIfIdle() {
    if (SCHEDULED.compareAndSet(false, true)) {
      SharedTimer.schedule(IdleSweeper::sweep, INTERVAL_NANOS);
    }
  }

  private static void sweep() {
    try {
      LIST.removeIf(IdleSweeper::done);
      BufferPool.DIRECT.trim(POOL_FLOOR);
      BufferPool.HEAP.trim(POOL_FLOOR);
    } finally {
      SCHEDULED.set(false); // before the check, so an enlist racing with it schedules if we do not
      // Also after the last connection closed, until the pools are trimmed to their floor.
      boolean poolsAboveFloor = BufferPool.DIRECT.freeBytes() > POOL_FLOOR || BufferPool.HEAP.freeBytes() > POOL_FLOOR;
      if (!LIST.isEmpty() || poolsAboveFloor) {
        scheduleIfIdle();
      }
    }
  }

  private static boolean done(TlsRecords records) {
    try {
      return !records.sweep();
    } catch (RuntimeException e) {
      log.debug("tls buffer sweep failed; the connection keeps its buffers", e);
      return false;
    }
  }
}
