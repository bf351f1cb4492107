package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C: SIGINT drains like SIGTERM. A process started in the background inherits SIGINT as
 * ignored, and then the JVM leaves it ignored; {@link Signals} restores the default disposition
 * before exec, as an interactive shell would.
 */
@Timeout(90)
class WeftSigintProcessIT {

  @Test
  void sigintDrainsAConnectedClientAndPrintsTheSummary(@TempDir Path dir) throws Exception {
    assumeTrue(System.getProperty("weft.jar") != null, "runs under failsafe, after package");
    Path out = dir.resolve("echo.out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = Signals.withDefaults(List.of(java, "-jar", System.getProperty("weft.jar"), "echo", "--listen", "127.0.0.1:0"));
    Process echo = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(dir.resolve("echo.err").toFile()).start();
    try {
      int port = Loopback.awaitListeningPort(() -> read(out), "echo");
      try (Socket client = new Socket()) {
        client.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        client.setSoTimeout(20_000);
        client.getOutputStream().write("before ctrl-c\n".getBytes(StandardCharsets.UTF_8));
        byte[] echoed = client.getInputStream().readNBytes("before ctrl-c\n".length());
        assertThat(new String(echoed, StandardCharsets.UTF_8)).isEqualTo("before ctrl-c\n");

        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(echo.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();

        // The drain ends the idle client's stream: EOF, not a reset.
        assertThat(client.getInputStream().read()).isEqualTo(-1);
      }
      assertThat(echo.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(echo.exitValue()).as("128 + SIGINT").isEqualTo(130);
      await().atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(read(out)).containsPattern("echo stopped: 1 drained, 0 force-closed in \\d+ ms"));
    } finally {
      echo.destroyForcibly();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
