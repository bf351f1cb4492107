package dev.weft.testing;

import dev.weft.net.Conn;
import dev.weft.net.Handler;
import dev.weft.net.NetException;
import dev.weft.net.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP server on 127.0.0.1, port 0, that misbehaves on purpose, for testing clients: echo,
 * disconnect at once, stall, throttle, half-close. Built on weft-core's {@link Server}, so each
 * connection runs on its own virtual thread; {@link #events()} records what happened to them.
 *
 * <pre>{@code
 * try (ScriptedPeer peer = ScriptedPeer.stall()) {
 *   Conn c = Dialer.defaults().withTimeouts(Duration.ZERO, Duration.ofMillis(200)).dial(peer.address());
 *   // writes now fail with a timeout once the socket buffers are full
 * }
 * }</pre>
 *
 * Thread-safe. {@link #close()} stops the server within about a second, whatever the script does.
 */
public final class ScriptedPeer implements AutoCloseable {
  /** How long {@link #close()} lets scripts finish before force-closing their connections. */
  private static final Duration DRAIN = Duration.ofSeconds(1);
  /** Receive buffer of {@link #stall()}: small, so a stalled peer pushes back within kilobytes. */
  private static final int STALL_RECEIVE_BUFFER = 4096;

  private final RecordingListener events = new RecordingListener();
  private final CountDownLatch closing;
  private final Server server;

  private ScriptedPeer(String name, int receiveBuffer, Handler script) throws NetException {
    this(name, receiveBuffer, new CountDownLatch(1), script);
  }

  /** {@code closing} opens when {@link #close()} begins; scripts that wait should wait on it. */
  private ScriptedPeer(String name, int receiveBuffer, CountDownLatch closing, Handler script)
      throws NetException {
    this.closing = closing;
    this.server =
        Server.builder()
            .name(name)
            .listen("127.0.0.1", 0)
            .receiveBuffer(receiveBuffer)
            .idleTimeout(Duration.ZERO)
            .writeTimeout(Duration.ofSeconds(30))
            .drainTimeout(DRAIN)
            .listener(events)
            .handler(script)
            .start();
  }

  /** Runs {@code script} for every connection: the general form of the policies below. */
  public static ScriptedPeer start(Handler script) throws NetException {
    return new ScriptedPeer("scripted", 0, script);
  }

  /** Writes back everything it reads; half-closes when the client does. */
  public static ScriptedPeer echo() throws NetException {
    return new ScriptedPeer("echo", 0, ScriptedPeer::echo);
  }

  /** Closes every connection as soon as it is accepted: the client reads EOF. */
  public static ScriptedPeer disconnectAtStart() throws NetException {
    return new ScriptedPeer("disconnect", 0, conn -> {});
  }

  /**
   * Accepts and then neither reads nor writes until the peer is closed, with a small receive
   * buffer, so the client's writes block after a few kilobytes and its reads wait forever: the
   * way to test read and write timeouts.
   */
  public static ScriptedPeer stall() throws NetException {
    CountDownLatch closing = new CountDownLatch(1);
    return new ScriptedPeer("stall", STALL_RECEIVE_BUFFER, closing, conn -> closing.await());
  }

  /**
   * Echoes at most {@code bytesPerSecond}: it reads no faster than that, so a client writing
   * faster feels backpressure, and it writes back what it read.
   *
   * @throws IllegalArgumentException if {@code bytesPerSecond} is not positive
   */
  public static ScriptedPeer throttle(long bytesPerSecond) throws NetException {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("bytesPerSecond must be > 0, got " + bytesPerSecond);
    }
    return new ScriptedPeer("throttle", 0, conn -> throttledEcho(conn, bytesPerSecond));
  }

  /**
   * Reads {@code bytes} bytes (or until EOF), then half-closes: the client reads EOF but can keep
   * writing, and the peer discards what it sends until the client closes.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public static ScriptedPeer halfCloseAfterReading(long bytes) throws NetException {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
    }
    return new ScriptedPeer("half-close", 0, conn -> {
      discard(conn.in(), bytes);
      conn.closeWrite();
      conn.in().transferTo(OutputStream.nullOutputStream());
    });
  }

  /** The bound address: 127.0.0.1 and the port the system picked. */
  public InetSocketAddress address() {
    return server.address();
  }

  /** The connection events of this peer's server. */
  public RecordingListener events() {
    return events;
  }

  /** Stops the server: scripts waiting in a stall return, the rest are force-closed after 1 s. */
  @Override
  public void close() {
    closing.countDown();
    server.shutdown(DRAIN);
  }

  private static void echo(Conn conn) throws IOException {
    conn.in().transferTo(conn.out());
    conn.closeWrite();
  }

  /** Reads and drops {@code n} bytes, or fewer if EOF comes first. */
  private static void discard(InputStream in, long n) throws IOException {
    byte[] buf = new byte[8192];
    for (long left = n; left > 0; ) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        return;
      }
      left -= r;
    }
  }

  private static void throttledEcho(Conn conn, long bytesPerSecond) throws IOException {
    // About twenty reads a second, so the rate is smooth at a human time scale.
    byte[] buf = new byte[(int) Math.max(1, Math.min(64 * 1024, bytesPerSecond / 20))];
    long start = System.nanoTime();
    long total = 0;
    for (int n = conn.in().read(buf); n >= 0; n = conn.in().read(buf)) {
      conn.out().write(buf, 0, n);
      conn.out().flush();
      total += n;
      long due = start + TimeUnit.SECONDS.toNanos(total) / bytesPerSecond;
      // Pacing, not synchronization: hold the next read back until the rate allows it.
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
    }
    conn.closeWrite();
  }
}
