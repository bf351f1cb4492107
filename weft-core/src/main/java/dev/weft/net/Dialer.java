package dev.weft.net;

import dev.weft.net.internal.TcpConn;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * Opens client connections, like Go's {@code net.Dialer}. Immutable and thread-safe; build one
 * and share it. {@link #dial} blocks (on a virtual thread, cheaply) until connected, the connect
 * timeout passes, or every retry has failed.
 *
 * @param connectTimeout limit for one connect attempt; zero means the OS limit. Default: 10 s
 * @param noDelay TCP_NODELAY. Default: true
 * @param keepAlive SO_KEEPALIVE. Default: true
 * @param readTimeout read timeout of dialed connections ({@link Conn#setReadTimeout}). Default: 0
 * @param writeTimeout write timeout of dialed connections. Default: 0
 * @param localAddress source IP to bind before connecting, or null for the OS choice. Default: null
 * @param retry attempts and back-off between them. Default: {@link Backoff#NONE}
 * @param setup runs on the dialing thread after connect (a TLS handshake); the dialed
 *     connection closes if it throws. Default: {@link ConnSetup#NONE}
 */
public record Dialer(
    Duration connectTimeout,
    boolean noDelay,
    boolean keepAlive,
    Duration readTimeout,
    Duration writeTimeout,
    InetAddress localAddress,
    Backoff retry,
    ConnSetup setup) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  public Dialer {
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(setup, "setup");
    for (var d : new Duration[] {connectTimeout, readTimeout, writeTimeout}) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException("timeouts must be >= 0, got " + d);
      }
    }
  }

  /** A dialer without a setup step (the form before {@code setup} existed). */
  public Dialer(
      Duration connectTimeout,
      boolean noDelay,
      boolean keepAlive,
      Duration readTimeout,
      Duration writeTimeout,
      InetAddress localAddress,
      Backoff retry) {
    this(connectTimeout, noDelay, keepAlive, readTimeout, writeTimeout, localAddress, retry, ConnSetup.NONE);
  }

  /** A dialer with every default. */
  public static Dialer defaults() {
    return new Dialer(DEFAULT_CONNECT_TIMEOUT, true, true, Duration.ZERO, Duration.ZERO, null, Backoff.NONE);
  }

  public Dialer withConnectTimeout(Duration d) {
    return new Dialer(d, noDelay, keepAlive, readTimeout, writeTimeout, localAddress, retry, setup);
  }

  public Dialer withNoDelay(boolean on) {
    return new Dialer(connectTimeout, on, keepAlive, readTimeout, writeTimeout, localAddress, retry, setup);
  }

  public Dialer withKeepAlive(boolean on) {
    return new Dialer(connectTimeout, noDelay, on, readTimeout, writeTimeout, localAddress, retry, setup);
  }

  public Dialer withTimeouts(Duration read, Duration write) {
    return new Dialer(connectTimeout, noDelay, keepAlive, read, write, localAddress, retry, setup);
  }

  public Dialer withLocalAddress(InetAddress local) {
    return new Dialer(connectTimeout, noDelay, keepAlive, readTimeout, writeTimeout, local, retry, setup);
  }

  public Dialer withRetry(Backoff backoff) {
    return new Dialer(connectTimeout, noDelay, keepAlive, readTimeout, writeTimeout, localAddress, backoff, setup);
  }

  /** The same dialer, running {@code step} (e.g. {@code tls.clientSetup(host)}) after connect. */
  public Dialer withSetup(ConnSetup step) {
    return new Dialer(connectTimeout, noDelay, keepAlive, readTimeout, writeTimeout, localAddress, retry, step);
  }

  /** Dials {@code host:port}; see {@link Addresses#parse}. */
  public Conn dial(String hostPort) throws IOException {
    return dial(Addresses.parse(hostPort));
  }

  /**
   * Connects to {@code address}, retrying per {@link #retry()}.
   *
   * @throws NetException op {@code dial}, from the last attempt; {@link NetException#isTimeout()}
   *     when it timed out
   */
  public Conn dial(InetSocketAddress address) throws IOException {
    NetException last = null;
    for (int attempt = 0; attempt < retry.attempts(); attempt++) {
      if (attempt > 0) {
        pause(retry.delay(attempt - 1));
      }
      Conn conn;
      try {
        conn = connectOnce(address);
      } catch (NetException e) {
        last = e;
        continue;
      }
      return setUp(conn);
    }
    throw last;
  }

  private Conn setUp(Conn conn) throws IOException {
    try {
      return setup.setUp(conn);
    } catch (IOException | RuntimeException | Error e) {
      conn.close();
      throw e;
    }
  }

  private Conn connectOnce(InetSocketAddress address) throws NetException {
    SocketChannel ch = null;
    try {
      ch = SocketChannel.open();
      ch.setOption(StandardSocketOptions.TCP_NODELAY, noDelay);
      ch.setOption(StandardSocketOptions.SO_KEEPALIVE, keepAlive);
      if (localAddress != null) {
        ch.bind(new InetSocketAddress(localAddress, 0));
      }
      ch.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
      return new TcpConn(ch, 0, readTimeout.toNanos(), writeTimeout.toNanos());
    } catch (SocketTimeoutException e) {
      closeQuietly(ch);
      throw new NetException("dial", null, address, "i/o timeout after " + DurationFormat.format(connectTimeout), e, true);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new NetException("dial", null, address, e);
    }
  }

  private static void pause(Duration d) throws NetException {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetException("dial", null, null, "interrupted", e, false);
    }
  }

  private static void closeQuietly(SocketChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // The dial error is what matters.
      }
    }
  }
}
