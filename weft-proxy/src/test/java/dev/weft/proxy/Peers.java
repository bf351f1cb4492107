package dev.weft.proxy;

import dev.weft.net.Handler;
import dev.weft.net.NetException;
import dev.weft.net.Server;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Real loopback peers for the proxy tests: backends built on weft-core's Server, and a client socket. */
final class Peers {
  private Peers() {}

  /** A backend that greets with {@code name\n} (the upstream speaks first), then echoes until EOF. */
  static Server named(String name) throws NetException {
    return backend(name, conn -> {
      conn.out().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
      conn.out().flush();
      conn.in().transferTo(conn.out());
    });
  }

  /**
   * A backend whose health a test switches: while {@code healthy} it greets {@code hello NAME\n}
   * and echoes; while not, it closes every new connection at once, so a send-expect check for
   * {@code hello} fails. Established connections keep echoing.
   */
  static Server switchable(String name, java.util.concurrent.atomic.AtomicBoolean healthy) throws NetException {
    return backend(name, conn -> {
      if (!healthy.get()) {
        return;
      }
      conn.out().write(("hello " + name + "\n").getBytes(StandardCharsets.US_ASCII));
      conn.out().flush();
      conn.in().transferTo(conn.out());
    });
  }

  /** The check that {@link #switchable} backends pass while healthy. */
  static HealthCheck helloCheck(int fall, int rise) {
    return HealthCheck.builder()
        .type(HealthCheck.Type.SEND_EXPECT)
        .expect("hello".getBytes(StandardCharsets.US_ASCII))
        .interval(Duration.ofMillis(100))
        .timeout(Duration.ofMillis(500))
        .fall(fall)
        .rise(rise)
        .build();
  }

  static Server backend(String name, Handler handler) throws NetException {
    return dev.weft.net.Server.builder()
        .name(name)
        .listen("127.0.0.1", 0)
        .idleTimeout(Duration.ZERO)
        .drainTimeout(Duration.ofSeconds(1))
        .handler(handler)
        .start();
  }

  /** A client socket to {@code address} with a 10 s read timeout, so no test hangs. */
  static Socket connect(InetSocketAddress address) throws IOException {
    Socket s = new Socket();
    s.connect(address, 5_000);
    s.setSoTimeout(10_000);
    return s;
  }

  /** Reads one line (without the LF), or null at EOF. */
  static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        return sb.isEmpty() ? null : sb.toString();
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  /** Connects through the proxy and returns the greeting line: the backend's name. */
  static String greeting(InetSocketAddress proxy) throws IOException {
    try (Socket s = connect(proxy)) {
      return line(s.getInputStream());
    }
  }

  static String addr(Server s) {
    return NetException.addr(s.address());
  }
}
