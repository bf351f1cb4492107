package dev.weft.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real workload of the issue: Debian's {@code redis-server} on loopback and {@code
 * redis-benchmark -q -n N -t set,get} through the proxy. Every command must succeed: the
 * benchmark exits 0, and Redis's own command stats count exactly N SETs and N GETs with no
 * failed or rejected call. N is 100000, or {@code -Dweft.redis.requests}.
 */
@Timeout(180)
class RedisWorkloadTest {
  private static final Path REDIS = Path.of("/usr/bin/redis-server");
  private static final Path BENCH = Path.of("/usr/bin/redis-benchmark");
  private static final Path CLI = Path.of("/usr/bin/redis-cli");
  private static final int REQUESTS = Integer.getInteger("weft.redis.requests", 100_000);

  @TempDir Path dir;
  private Process redis;

  @AfterEach
  void stopRedis() throws InterruptedException {
    if (redis != null) {
      redis.destroy();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void redisBenchmarkThroughTheProxySucceedsOnEveryCommand() throws Exception {
    assumeTrue(Files.isExecutable(REDIS) && Files.isExecutable(BENCH), "redis-server/redis-tools are not installed");
    int port = freePort();
    redis = new ProcessBuilder(REDIS.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
      new Socket("127.0.0.1", port).close();
      return true;
    });
    try (Proxy proxy = Proxy.builder().listen("127.0.0.1", 0).backend("127.0.0.1:" + port)
        .logConnections(false).start()) {
      String via = String.valueOf(proxy.address().getPort());
      String out = run(BENCH.toString(), "-h", "127.0.0.1", "-p", via, "-q", "-n", String.valueOf(REQUESTS),
          "-c", "50", "-t", "set,get");
      assertThat(out).contains("SET: ", "GET: ");
      String stats = run(CLI.toString(), "-h", "127.0.0.1", "-p", via, "INFO", "commandstats");
      assertThat(calls(stats, "set")).isEqualTo(REQUESTS);
      assertThat(calls(stats, "get")).isEqualTo(REQUESTS);
      assertThat(stats).doesNotContainPattern("failed_calls=[1-9]").doesNotContainPattern("rejected_calls=[1-9]");
    }
  }

  /** {@code calls=} of {@code cmdstat_NAME} in an INFO commandstats reply. */
  private static long calls(String stats, String name) {
    Matcher m = Pattern.compile("cmdstat_" + name + ":calls=(\\d+)").matcher(stats);
    assertThat(m.find()).as("cmdstat_%s in %s", name, stats).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** Runs a command to completion (bounded) and returns its output; it must exit 0. */
  private String run(String... cmd) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("%s finished", cmd[0]).isTrue();
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    return text;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
