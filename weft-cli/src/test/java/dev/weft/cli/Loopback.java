package dev.weft.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/** Loopback helpers for the CLI tests: find the printed port, do one echo exchange. */
final class Loopback {
  private Loopback() {}

  /** Waits (bounded) until {@code output} shows {@code NAME listening on 127.0.0.1:PORT}. */
  static int awaitListeningPort(java.util.function.Supplier<String> output, String name) {
    Pattern p = Pattern.compile(Pattern.quote(name) + " listening on 127\\.0\\.0\\.1:(\\d+)");
    Matcher[] found = new Matcher[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> (found[0] = p.matcher(output.get())).find());
    return Integer.parseInt(found[0].group(1));
  }

  /** Sends {@code text}, half-closes, and returns everything read until the server closes. */
  static String exchange(int port, String text) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(5_000);
      s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
