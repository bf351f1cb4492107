package dev.weft.net.internal;

/**
 * What a layer above a {@link TcpConn} says before a read or idle timeout closes the socket: TLS
 * sends close_notify, so the peer sees an orderly end instead of a truncation. It runs on a
 * virtual thread of its own (the timer must never wait on a socket), and the socket closes when it
 * returns or after {@link #NANOS}, whichever comes first.
 */
final class Farewell {
  /** How long a timeout waits for the farewell before it closes anyway. */
  static final long NANOS = 1_000_000_000L;
  private volatile Runnable words;

  void set(Runnable words) {
    this.words = words;
  }

  boolean isSet() {
    return words != null;
  }

  /** Runs the farewell, then {@code close}; closes at once if none was set. */
  void sayThenClose(Runnable close) {
    Runnable last = words;
    if (last == null) {
      close.run();
      return;
    }
    var hardClose = SharedTimer.schedule(close, NANOS);
    Thread.ofVirtual().name("weft-farewell").start(() -> {
      try {
        last.run();
      } finally {
        hardClose.cancel(false);
        close.run();
      }
    });
  }
}
