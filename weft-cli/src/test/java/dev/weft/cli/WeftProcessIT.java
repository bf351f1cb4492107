package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a real process: {@code weft echo} on port 0, exercised by Debian's {@code
 * ncat} and by {@code weft connect}, then stopped with SIGTERM. Runs under failsafe, after
 * {@code package} has built target/weft.jar.
 */
@Timeout(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WeftProcessIT {
  private static final Path NCAT = Path.of("/usr/bin/ncat");

  private Process echo;
  private Path echoOut;
  private int port;

  /**
   * The server's stdout goes to a file, not a pipe: {@link Process#destroy()} closes our end of
   * the pipes, which would lose the summary printed during shutdown.
   */
  @BeforeAll
  void startEchoServer(@TempDir Path dir) throws IOException {
    // Failsafe sets weft.jar after package; under surefire (-Dtest=...) the jar may be stale.
    assumeTrue(System.getProperty("weft.jar") != null, "runs under failsafe, after package");
    echoOut = dir.resolve("echo.out");
    echo =
        weft("echo", "--listen", "127.0.0.1:0")
            .redirectOutput(echoOut.toFile())
            .redirectError(dir.resolve("echo.err").toFile())
            .start();
    port = Loopback.awaitListeningPort(this::echoOutput, "echo");
  }

  @AfterAll
  void killIfStillRunning() {
    if (echo != null) {
      echo.destroyForcibly();
    }
  }

  @Test
  @Order(1)
  void ncatGetsItsInputEchoedBack() throws Exception {
    assumeTrue(Files.isExecutable(NCAT), "ncat is not installed");
    String input = "hello from ncat\nsecond line\n";
    Process ncat = new ProcessBuilder(NCAT.toString(), "127.0.0.1", String.valueOf(port))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    assertThat(exchange(ncat, input)).isEqualTo(input);
    assertThat(ncat.exitValue()).isZero();
  }

  @Test
  @Order(2)
  void weftConnectSendsStdinAndExitsZeroWhenTheServerCloses() throws Exception {
    String input = "ping\npong\n";
    Process connect = weft("connect", "127.0.0.1:" + port).start();
    assertThat(exchange(connect, input)).isEqualTo(input);
    assertThat(connect.exitValue()).isZero();
    assertThat(new String(connect.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  @Order(3)
  void weftConnectReportsARefusedConnection() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Process connect = weft("connect", "127.0.0.1:" + closed).start();
    connect.getOutputStream().close();
    assertThat(connect.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(connect.exitValue()).isEqualTo(1);
    assertThat(new String(connect.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("weft connect: dial tcp 127.0.0.1:" + closed + ": connection refused\n");
  }

  @Test
  @Order(4)
  void weftBenchSmokeRunAgainstWeftEchoHasNoErrors() throws Exception {
    Process bench = weft("bench", "--target", "127.0.0.1:" + port, "--mode", "echo", "--conns", "20",
        "--pipeline", "4", "--duration", "2s", "--warmup", "500ms", "--json").start();
    String out = exchange(bench, "");
    assertThat(bench.exitValue()).isZero();
    assertThat(out).contains("\"mode\":\"echo\"", "\"errors\":{}", "\"opened\":20");
    assertThat(out).containsPattern("\"messages\":[1-9]");
  }

  @Test
  @Order(5)
  void sigtermShutsDownGracefullyAndPrintsTheSummary() throws Exception {
    echo.destroy(); // SIGTERM
    assertThat(echo.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // 143 = 128 + SIGTERM: the JVM exits that way after its shutdown hooks.
    assertThat(echo.exitValue()).isEqualTo(143);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(echoOutput()).containsPattern("echo stopped: \\d+ drained, 0 force-closed in \\d+ ms"));
  }

  /** Writes {@code input}, closes stdin, and returns stdout once the process has exited. */
  private static String exchange(Process p, String input) throws Exception {
    try (OutputStream stdin = p.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p));
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("process exited").isTrue();
    return out.get(10, TimeUnit.SECONDS);
  }

  private static String readAll(Process p) {
    try {
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ProcessBuilder weft(String... args) {
    String jar = System.getProperty("weft.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-jar", jar));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  private String echoOutput() {
    try {
      return Files.readString(echoOut, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
