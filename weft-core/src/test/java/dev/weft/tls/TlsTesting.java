package dev.weft.tls;

import dev.weft.net.Conn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Line helpers for TLS tests. */
final class TlsTesting {
  private TlsTesting() {}

  /** Reads one line (without the newline); null at EOF. */
  static String line(Conn conn) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = conn.in().read()) >= 0 && b != '\n') {
      buf.write(b);
    }
    return b < 0 && buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
  }

  /** Sends a line and reads the echoed line. */
  static String echo(Conn conn, String text) throws IOException {
    conn.out().write((text + "\n").getBytes(StandardCharsets.UTF_8));
    return line(conn);
  }
}
