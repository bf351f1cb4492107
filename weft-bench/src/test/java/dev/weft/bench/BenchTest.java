package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.Server;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BenchTest {
  private Server echo;

  @BeforeEach
  void start() throws Exception {
    echo = Server.builder().handler(c -> c.in().transferTo(c.out())).start();
  }

  @AfterEach
  void stop() {
    echo.close();
  }

  private BenchConfig config(BenchConfig.Mode mode, int conns, int pipeline, List<InetAddress> sources) {
    return new BenchConfig(
        echo.address(), mode, conns, 64, Duration.ofMillis(700), Duration.ofMillis(200),
        pipeline, 0, sources, Duration.ofSeconds(5));
  }

  @Test
  void echoModeMovesMessagesWithoutErrorsAndMeasuresLatency() throws Exception {
    BenchResult r = new Bench(config(BenchConfig.Mode.ECHO, 8, 4, List.of())).run(null);
    assertThat(r.errors()).isEmpty();
    assertThat(r.messages()).isPositive();
    assertThat(r.messages() % 4).isZero();
    assertThat(r.p50Micros()).isPositive().isLessThanOrEqualTo(r.p99Micros());
    assertThat(r.opened()).isEqualTo(8);
    assertThat(r.toJson()).contains("\"mode\":\"echo\"", "\"errors\":{}");
  }

  @Test
  void streamAndConnectModesRunClean() throws Exception {
    // 0 MB/s here once meant a full-duplex deadlock in core's auto-flush (FullDuplexTest).
    BenchConfig streaming = new BenchConfig(
        echo.address(), BenchConfig.Mode.STREAM, 2, 64, Duration.ofSeconds(2), Duration.ofMillis(200),
        1, 0, List.of(), Duration.ofSeconds(5));
    BenchResult stream = new Bench(streaming).run(null);
    assertThat(stream.errors()).isEmpty();
    assertThat(stream.megabytesPerSecond()).isPositive();
    BenchResult connect = new Bench(config(BenchConfig.Mode.CONNECT, 2, 1, List.of())).run(null);
    assertThat(connect.errors()).isEmpty();
    assertThat(connect.messages()).isPositive();
  }

  @Test
  void poolModeSharesFewConnectionsAmongManyWorkers() throws Exception {
    BenchConfig c = new BenchConfig(echo.address(), BenchConfig.Mode.POOL, 32, 64, Duration.ofMillis(700),
        Duration.ofMillis(200), 2, 0, List.of(), Duration.ofSeconds(5), dev.weft.net.ConnSetup.NONE, 4);
    BenchResult r = new Bench(c).run(null);
    assertThat(r.errors()).isEmpty();
    assertThat(r.messages()).isPositive();
    assertThat(r.messages() % 2).isZero();
    assertThat(r.opened()).isBetween(1L, 4L);
    assertThat(r.poolSize()).isEqualTo(4);
    assertThat(r.toTable()).contains("mode pool", "conns 32  pool 4");
  }

  @Test
  void poolModeRefusesARate() {
    assertThatThrownBy(() -> new BenchConfig(echo.address(), BenchConfig.Mode.POOL, 2, 64, Duration.ofSeconds(1),
        Duration.ZERO, 1, 100, List.of(), Duration.ofSeconds(1), dev.weft.net.ConnSetup.NONE, 0))
        .hasMessage("rate is not supported in pool mode, got 100");
  }

  @Test
  void idleModeSpreadsConnectionsOverSourceAddresses() throws Exception {
    var sources = List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3"));
    BenchResult r = new Bench(config(BenchConfig.Mode.IDLE, 50, 1, sources)).run(null);
    assertThat(r.errors()).isEmpty();
    assertThat(r.opened()).isEqualTo(50);
  }

  @Test
  void nonLoopbackTargetsAreRefusedUnlessAllowed() {
    BenchConfig c = new BenchConfig(
        new InetSocketAddress("192.0.2.1", 7), BenchConfig.Mode.ECHO, 1, 64, Duration.ofSeconds(1),
        Duration.ZERO, 1, 0, List.of(), Duration.ofSeconds(1));
    assertThatThrownBy(() -> c.checkTarget(false))
        .hasMessageContaining("not a loopback address; pass --allow-remote");
    c.checkTarget(true); // allowed explicitly; nothing is sent by this check
  }
}
