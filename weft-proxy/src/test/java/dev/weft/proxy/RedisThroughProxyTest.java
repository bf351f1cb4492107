package dev.weft.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real workload: Debian's {@code redis-server} behind the proxy and {@code redis-benchmark}
 * through it (bounded: 20,000 requests on loopback). Every command must succeed.
 */
@Timeout(120)
class RedisThroughProxyTest extends Fixture {
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopProcesses() {
    processes.forEach(Process::destroyForcibly);
  }

  private int redis() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    processes.add(new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return true;
      }
    });
    return port;
  }

  private String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    processes.add(p);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("finished in time").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void redisBenchmarkThroughTheProxySucceedsOnEveryCommand() throws Exception {
    int a = redis();
    int b = redis();
    Proxy proxy = start(Proxy.builder().listen("127.0.0.1", 0).listener(recorder).logConnections(false)
        .backend(BackendConfig.of("127.0.0.1:" + a).withName("a"))
        .backend(BackendConfig.of("127.0.0.1:" + b).withName("b"))
        .balance(Balance.LEAST_CONNECTIONS)
        .healthCheck(HealthCheck.builder().type(HealthCheck.Type.SEND_EXPECT)
            .send("PING\r\n".getBytes(StandardCharsets.US_ASCII)).expect("+PONG".getBytes(StandardCharsets.US_ASCII))
            .interval(Duration.ofMillis(200)).build()));
    String port = String.valueOf(proxy.address().getPort());

    String out = run("redis-benchmark", "-h", "127.0.0.1", "-p", port, "-q", "-n", "20000", "-c", "20", "-t", "set,get");
    assertThat(out).containsPattern("SET: [\\d.]+ requests per second").containsPattern("GET: [\\d.]+ requests per second");
    String value = run("redis-cli", "-h", "127.0.0.1", "-p", port, "--no-raw", "ECHO", "through the proxy");
    assertThat(value.strip()).isEqualTo("\"through the proxy\"");

    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.stats().active() == 0);
    ProxyStats stats = proxy.stats();
    assertThat(stats.terminations().get(Termination.CLIENT_EOF)).isEqualTo(stats.total());
    assertThat(stats.backends()).allSatisfy(s -> {
      assertThat(s.state()).isEqualTo(BackendState.UP);
      assertThat(s.connectFailures()).isZero();
      assertThat(s.total()).isPositive(); // leastconn used both
      assertThat(s.bytesIn()).isPositive();
    });
    assertThat(stats.backend("a").health()).allSatisfy(r -> assertThat(r.ok()).isTrue());
  }
}
