package dev.weft.testing;

import dev.weft.net.CloseCause;
import dev.weft.net.CloseInfo;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import dev.weft.net.RejectReason;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A {@link ConnectionListener} that records every event, so tests assert on events instead of
 * log text. Thread-safe: the server calls it from many connection threads while the test queries
 * it. The callbacks only append under a lock, so they never hold up a connection.
 *
 * <pre>{@code
 * RecordingListener events = new RecordingListener();
 * Server server = Server.builder().listener(events).handler(...).start();
 * ...
 * assertThat(events.awaitClosed(1, Duration.ofSeconds(5)).get(0).close().cause())
 *     .isEqualTo(CloseCause.CLIENT_CLOSED);
 * }</pre>
 */
public final class RecordingListener implements ConnectionListener {

  /** One recorded event. */
  public sealed interface Event permits Accepted, Rejected, Closed {}

  /** {@link ConnectionListener#accepted}. */
  public record Accepted(ConnectionInfo conn) implements Event {}

  /** {@link ConnectionListener#rejected}. */
  public record Rejected(InetSocketAddress remote, RejectReason reason) implements Event {}

  /** {@link ConnectionListener#closed}. */
  public record Closed(ConnectionInfo conn, CloseInfo close) implements Event {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Event> events = new ArrayList<>(); // guarded by lock

  @Override
  public void accepted(ConnectionInfo conn) {
    record(new Accepted(conn));
  }

  @Override
  public void rejected(InetSocketAddress remote, RejectReason reason) {
    record(new Rejected(remote, reason));
  }

  @Override
  public void closed(ConnectionInfo conn, CloseInfo close) {
    record(new Closed(conn, close));
  }

  private void record(Event e) {
    lock.lock();
    try {
      events.add(e);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Every event so far, in arrival order. */
  public List<Event> events() {
    lock.lock();
    try {
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  /** Connections accepted so far. */
  public List<ConnectionInfo> accepted() {
    return of(Accepted.class).stream().map(Accepted::conn).toList();
  }

  /** Reasons of the rejections so far, in order. */
  public List<RejectReason> rejections() {
    return of(Rejected.class).stream().map(Rejected::reason).toList();
  }

  /** Closed events so far. */
  public List<Closed> closed() {
    return of(Closed.class);
  }

  /** Causes of the closed events so far, in order. */
  public List<CloseCause> closedCauses() {
    return closed().stream().map(c -> c.close().cause()).toList();
  }

  /**
   * Blocks until at least {@code n} connections have been accepted.
   *
   * @return the accepted connections, at least {@code n}
   * @throws AssertionError naming what was seen, if {@code timeout} passes first
   */
  public List<ConnectionInfo> awaitAccepted(int n, Duration timeout) throws InterruptedException {
    return awaitCount(Accepted.class, n, timeout, "accepted").stream()
        .map(Accepted::conn)
        .toList();
  }

  /** As {@link #awaitAccepted}, for rejections. */
  public List<RejectReason> awaitRejected(int n, Duration timeout) throws InterruptedException {
    return awaitCount(Rejected.class, n, timeout, "rejected").stream()
        .map(Rejected::reason)
        .toList();
  }

  /** As {@link #awaitAccepted}, for closed events. */
  public List<Closed> awaitClosed(int n, Duration timeout) throws InterruptedException {
    return awaitCount(Closed.class, n, timeout, "closed");
  }

  /** Forgets every event recorded so far. */
  public void clear() {
    lock.lock();
    try {
      events.clear();
    } finally {
      lock.unlock();
    }
  }

  private <E extends Event> List<E> awaitCount(Class<E> type, int n, Duration timeout, String what)
      throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (count(type::isInstance) < n) {
        if (remaining <= 0) {
          throw new AssertionError(
              "expected " + n + " " + what + " events within " + timeout + ", got " + events);
        }
        remaining = changed.awaitNanos(remaining);
      }
      return of(type);
    } finally {
      lock.unlock();
    }
  }

  private int count(Predicate<Event> p) {
    int c = 0;
    for (Event e : events) {
      if (p.test(e)) {
        c++;
      }
    }
    return c;
  }

  private <E extends Event> List<E> of(Class<E> type) {
    lock.lock();
    try {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "RecordingListener" + events();
  }
}
