package dev.weft.net.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer of the process. Every timeout (read, write, idle, handshake, drain deadlines)
 * runs on this single platform thread; there is never a thread or a scan per connection. Tasks
 * must be quick and must not block: they flip state or close a channel.
 */
public final class SharedTimer {
  private static final ScheduledThreadPoolExecutor EXECUTOR = create();

  private SharedTimer() {}

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor e =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "weft-timer");
              t.setDaemon(true);
              return t;
            });
    // Cancelled deadlines leave the queue at once, so 100k idle connections cost 100k entries, not more.
    e.setRemoveOnCancelPolicy(true);
    e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return e;
  }

  /** Runs {@code task} once after {@code delayNanos}. */
  public static ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    return EXECUTOR.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }

  /** Number of pending timer entries (for tests and diagnostics). */
  public static int pending() {
    return EXECUTOR.getQueue().size();
  }
}
