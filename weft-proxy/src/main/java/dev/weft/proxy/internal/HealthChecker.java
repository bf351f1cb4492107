package dev.weft.proxy.internal;

import dev.weft.net.internal.SharedTimer;
import dev.weft.proxy.HealthCheck;
import dev.weft.proxy.HealthResult;
import dev.weft.proxy.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the active health checks. Each backend has one {@link Loop}: the shared timer fires it
 * after the interval, it starts a virtual thread for the probe (which may block on connect and
 * read), records the result and re-arms. No thread sleeps per backend, and a slow probe never
 * delays the timer. Thread-safe.
 */
final class HealthChecker {
  private final Engine engine;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Loop> loops = new ArrayList<>(); // guarded by lock

  HealthChecker(Engine engine) {
    this.engine = engine;
  }

  /** Stops every loop, then starts one per backend with {@code check} (none for {@link HealthCheck.Type#NONE}). */
  void restart(List<Backend> backends, HealthCheck check) {
    lock.lock();
    try {
      loops.forEach(Loop::stop);
      loops.clear();
      for (Backend b : backends) {
        if (check.type() == HealthCheck.Type.NONE) {
          b.healthDisabled();
          continue;
        }
        Loop l = new Loop(b, check);
        loops.add(l);
        // A random first delay spreads the checks of many backends over the interval.
        l.arm(ThreadLocalRandom.current().nextLong(Math.max(1, check.interval().toNanos() / 4)));
      }
    } finally {
      lock.unlock();
    }
  }

  void stop() {
    lock.lock();
    try {
      loops.forEach(Loop::stop);
      loops.clear();
    } finally {
      lock.unlock();
    }
  }

  /** One backend's check schedule. */
  private final class Loop implements Runnable {
    private final Backend backend;
    private final HealthCheck check;
    private final Probe probe;
    private final ReentrantLock loopLock = new ReentrantLock();
    private ScheduledFuture<?> next; // guarded by loopLock
    private boolean stopped; // guarded by loopLock

    Loop(Backend backend, HealthCheck check) {
      this.backend = backend;
      this.check = check;
      this.probe = new Probe(check);
    }

    void arm(long nanos) {
      loopLock.lock();
      try {
        if (!stopped) {
          next = SharedTimer.schedule(this, nanos);
        }
      } finally {
        loopLock.unlock();
      }
    }

    void stop() {
      loopLock.lock();
      try {
        stopped = true;
        if (next != null) {
          next.cancel(false);
        }
      } finally {
        loopLock.unlock();
      }
    }

    private boolean stopped() {
      loopLock.lock();
      try {
        return stopped;
      } finally {
        loopLock.unlock();
      }
    }

    /** On the timer thread: hand the blocking probe to a virtual thread. */
    @Override
    public void run() {
      Thread.ofVirtual().name("health " + backend.name()).start(this::checkOnce);
    }

    private void checkOnce() {
      HealthResult r = probe.run(backend.config());
      if (stopped()) {
        return; // a reconfigure replaced this loop while the probe ran
      }
      backend.healthChecked(r, check.rise(), check.fall(), Proxy.HEALTH_HISTORY);
      engine.events().healthChecked(backend.name(), r);
      arm(check.interval().toNanos());
    }
  }
}
