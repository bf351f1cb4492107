package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.net.Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft proxy} from the shaded jar as a real process, in front of two weft echo backends:
 * traffic reaches both, the per-connection log line appears on stderr, and SIGTERM stops it
 * gracefully. Runs under failsafe, after {@code package}.
 */
@Timeout(90)
class WeftProxyProcessIT {
  @TempDir Path dir;

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static Server echo(String name) throws Exception {
    return Server.builder().name(name).listen("127.0.0.1", 0).drainTimeout(Duration.ofSeconds(1))
        .handler(conn -> {
          conn.out().write((name + ":").getBytes(StandardCharsets.US_ASCII));
          conn.in().transferTo(conn.out());
        }).start();
  }

  @Test
  void proxyProcessBalancesLogsEachConnectionAndStopsOnSigterm() throws Exception {
    assumeTrue(System.getProperty("weft.jar") != null, "runs under failsafe, after package");
    try (Server a = echo("a"); Server b = echo("b")) {
      Path out = dir.resolve("proxy.out");
      Path err = dir.resolve("proxy.err");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process proxy = new ProcessBuilder(java, "-jar", System.getProperty("weft.jar"), "proxy",
          "--listen", "127.0.0.1:0", "--backend", dev.weft.net.NetException.addr(a.address()),
          "--backend", dev.weft.net.NetException.addr(b.address()), "--balance", "leastconn",
          "--health-interval", "500ms")
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      try {
        int port = Loopback.awaitListeningPort(() -> read(out), "proxy");
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          replies.add(Loopback.exchange(port, "x" + i));
        }
        // leastconn over idle backends rotates ties: each backend gets every other connection.
        assertThat(replies).containsExactlyInAnyOrder("a:x0", "b:x1", "a:x2", "b:x3");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(read(err))
            .containsPattern("proxy #4 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:\\d+ CLIENT_EOF closed-by=client up=2 down=4"));
        proxy.destroy(); // SIGTERM
        assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(read(out)).containsPattern("proxy stopped: \\d+ drained, 0 force-closed"));
      } finally {
        proxy.destroyForcibly();
      }
    }
  }
}
