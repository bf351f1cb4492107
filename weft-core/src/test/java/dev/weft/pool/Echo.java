package dev.weft.pool;

import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.NetException;
import dev.weft.net.Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A real echo server on loopback port 0, and request/response helpers for pool tests. */
final class Echo {
  private Echo() {}

  /** Dials with timeouts, so that no test can hang on a read. */
  static final Dialer DIALER =
      Dialer.defaults().withConnectTimeout(Duration.ofSeconds(5)).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10));

  static Server server() throws NetException {
    return Server.builder().handler(conn -> conn.in().transferTo(conn.out())).start();
  }

  static String target(Server server) {
    return "127.0.0.1:" + server.address().getPort();
  }

  /** Sends {@code msg} and reads exactly as many bytes back. */
  static String exchange(Conn conn, String msg) throws IOException {
    byte[] out = msg.getBytes(StandardCharsets.UTF_8);
    conn.out().write(out);
    return new String(conn.in().readNBytes(out.length), StandardCharsets.UTF_8);
  }
}
