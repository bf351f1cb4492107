package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.NetException;
import dev.weft.net.Server;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft proxy} and {@code type: proxy} services, in-process, balancing real backends. */
@Timeout(60)
class ProxyCliTest {
  @TempDir Path dir;
  private final List<Server> backends = new ArrayList<>();

  @AfterEach
  void stopBackends() {
    backends.forEach(Server::close);
  }

  /** A backend that greets with its name, then closes. */
  private String backend(String name) throws NetException {
    Server s = Server.builder().name(name).listen("127.0.0.1", 0).drainTimeout(Duration.ofSeconds(1))
        .handler(conn -> conn.out().write((name + "\n").getBytes(StandardCharsets.US_ASCII)))
        .start();
    backends.add(s);
    return NetException.addr(s.address());
  }

  private static String greeting(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
  }

  @Test
  void proxyCommandBalancesOverItsBackends() throws Exception {
    String a = backend("a");
    String b = backend("b");
    Cli cli = new Cli();
    Cli.Running running = cli.start("proxy", "--listen", "127.0.0.1:0", "--backend", a, "--backend", b,
        "--balance", "roundrobin", "--health-interval", "1s");
    int port = Loopback.awaitListeningPort(cli::out, "proxy");
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      got.add(greeting(port));
    }
    assertThat(got).containsExactlyInAnyOrder("a", "b", "a", "b");
    assertThat(running.stop()).isZero();
    assertThat(cli.out()).containsPattern("proxy stopped: \\d+ drained, 0 force-closed");
  }

  @Test
  void proxyCommandRejectsAnUnknownBalance() {
    Cli cli = new Cli();
    int exit = cli.run("proxy", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:9", "--balance", "fastest");
    assertThat(exit).isEqualTo(2);
    assertThat(cli.err()).contains("unknown balance 'fastest'; expected one of: roundrobin, weighted-roundrobin, leastconn, random-two, source-hash");
  }

  @Test
  void serveRunsAProxyService() throws Exception {
    String a = backend("a");
    String b = backend("b");
    Path config = Files.writeString(dir.resolve("weft.yaml"), """
        shutdown-timeout: 2s
        services:
          - name: lb
            type: proxy
            listen: 127.0.0.1:0
            idle-timeout: 10m
            proxy:
              balance: weighted-roundrobin
              retries: 1
              backends:
                - name: a
                  address: %s
                  weight: 3
                - name: b
                  address: %s
              health-check:
                type: tcp
                interval: 1s
        """.formatted(a, b));
    Cli cli = new Cli();
    Cli.Running running = cli.start("serve", "--config", config.toString());
    int port = Loopback.awaitListeningPort(cli::out, "lb");
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      got.add(greeting(port));
    }
    assertThat(got).filteredOn("a"::equals).hasSize(6);
    assertThat(got).filteredOn("b"::equals).hasSize(2);
    assertThat(running.stop()).isZero();
  }

  private Cli check(String yaml) throws IOException {
    Cli cli = new Cli();
    cli.run("serve", "--check", "--config", Files.writeString(dir.resolve("weft.yaml"), yaml).toString());
    return cli;
  }

  @Test
  void badProxyValuesNameTheirKeyAndLine() throws IOException {
    Cli cli = check("""
        services:
          - name: lb
            type: proxy
            listen: 127.0.0.1:0
            proxy:
              balance: fastest
              retries: -1
              backends:
                - address: 127.0.0.1:6379
                  weight: 0
                - name: x
              health-check:
                type: send-expect
                rise: 0
        """);
    String f = dir.resolve("weft.yaml") + " line ";
    assertThat(cli.err().lines()).containsExactly( // in file order
        f + "6: services[0].proxy.balance: unknown balance 'fastest'; expected one of: roundrobin, weighted-roundrobin, leastconn, random-two, source-hash",
        f + "7: services[0].proxy.retries: must be 0..100, got -1",
        f + "10: services[0].proxy.backends[0].weight: must be 1..1000, got 0",
        f + "11: services[0].proxy.backends[1]: missing required key 'address'",
        f + "14: services[0].proxy.health-check.rise: must be >= 1, got 0");
  }

  @Test
  void proxyServiceWithoutProxyBlockIsRejected() throws IOException {
    Cli cli = check("""
        services:
          - name: lb
            type: proxy
            listen: 127.0.0.1:0
        """);
    assertThat(cli.err()).contains("line 2: services[0]: a proxy service needs a 'proxy:' block with backends");
  }

  @Test
  void unknownKeyInProxyBlockNamesItsLine() throws IOException {
    Cli cli = check("""
        services:
          - name: lb
            type: proxy
            listen: 127.0.0.1:0
            proxy:
              backends:
                - address: 127.0.0.1:6379
                  wieght: 2
        """);
    assertThat(cli.err()).contains("line 8: services[0].proxy.backends[0].wieght: unknown key 'wieght'");
  }

  @Test
  void everyProxyKeyPassesCheck() throws IOException {
    Cli cli = check("""
        services:
          - name: lb
            type: proxy
            listen: 127.0.0.1:0
            max-connections-per-ip: 50
            idle-timeout: 2h
            proxy:
              balance: source-hash
              retries: 3
              connect-timeout: 2s
              max-duration: 12h
              queue-timeout: 1s
              on-backend-down: kill
              log-connections: false
              backends:
                - {name: r1, address: 127.0.0.1:6379, weight: 2, max-connections: 100, max-queue: 10, group: g, server-name: redis.local}
                - {name: r2, address: 127.0.0.1:6479, backup: true, send-proxy: none}
              health-check: {type: send-expect, send-hex: 50494e470d0a, expect: "+PONG", interval: 1s, timeout: 500ms, rise: 1, fall: 2}
              ejection: {consecutive-failures: 5, base-time: 1s, max-time: 1m}
        """);
    assertThat(cli.err()).isEmpty();
    assertThat(cli.out()).isEqualTo("config OK: 1 service\n");
  }

  @Test
  void proxyValuesOfEveryBlockAreChecked() throws IOException {
    Cli cli = check("""
        services:
          - name: lb
            type: proxy
            listen: 127.0.0.1:0
            proxy:
              on-backend-down: explode
              backends:
                - address: 127.0.0.1:6379
                  send-proxy: v3
              health-check:
                type: http
                send-hex: zz
              ejection:
                base-time: 0
              backend-tls:
                ca: missing-ca.pem
          - name: plain
            type: echo
            listen: 127.0.0.1:0
            proxy:
              backends: []
        """);
    String f = dir.resolve("weft.yaml") + " line ";
    assertThat(cli.err().lines()).containsExactlyInAnyOrder(
        f + "9: services[0].proxy.backends[0].send-proxy: must be none, v1 or v2, got 'v3'",
        f + "12: services[0].proxy.health-check.send-hex: expected hex bytes like 50494e470d0a, got 'zz'",
        f + "13: services[0].proxy.ejection: baseTime must be > 0, got 0s",
        f + "15: services[0].proxy.backend-tls: " + dir.resolve("missing-ca.pem") + ": no such file",
        f + "6: services[0].proxy.on-backend-down: must be keep or kill, got 'explode'",
        f + "20: services[1].proxy: only a service of type proxy takes a 'proxy:' block");
  }
}
