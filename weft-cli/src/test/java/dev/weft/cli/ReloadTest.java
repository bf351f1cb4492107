package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.NetException;
import dev.weft.net.Server;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft serve} reloading its file when it changes, in-process. */
@Timeout(60)
class ReloadTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private Path config(String yaml) throws IOException {
    return Files.writeString(dir.resolve("weft.yaml"), yaml);
  }

  private static String echoService(String name, String extra) {
    return "  - name: " + name + "\n    type: echo\n    listen: 127.0.0.1:0\n" + extra;
  }

  @Test
  void rewrittenAccessRulesApplyToNewConnectionsAndKeepEstablishedOnes() throws Exception {
    Path file = config("services:\n" + echoService("echo", "    access:\n      deny: [127.0.0.2]\n"));
    Cli cli = new Cli();
    Cli.Running running = cli.start("serve", "--config", file.toString());
    int port = Loopback.awaitListeningPort(cli::out, "echo");
    assertThat(echo("127.0.0.2", port, "a")).isEmpty();
    try (Socket kept = connect("127.0.0.3", port)) {
      config("services:\n" + echoService("echo", "    listen: 127.0.0.1:" + port + "\n").replace("    listen: 127.0.0.1:0\n", "")
          + "    access:\n      deny: [127.0.0.3]\n");
      await().atMost(WAIT).until(() -> cli.out().contains("reloaded weft.yaml: added [], removed [], changed [echo 'echo': access rules], unchanged 0"));
      assertThat(echo("127.0.0.2", port, "b")).isEqualTo("b");
      assertThat(echo("127.0.0.3", port, "c")).isEmpty();
      assertThat(roundTrip(kept, "still here")).isEqualTo("still here");
      assertThat(cli.err()).doesNotContain("restart"); // the port 0 it had is the port it names now
    }
    assertThat(running.stop()).isZero();
  }

  @Test
  void anInvalidFileIsReportedWithLineAndKeyAndTheOldConfigStays() throws Exception {
    Path file = config("services:\n" + echoService("echo", "    access:\n      deny: [127.0.0.2]\n"));
    Cli cli = new Cli();
    Cli.Running running = cli.start("serve", "--config", file.toString());
    int port = Loopback.awaitListeningPort(cli::out, "echo");
    config("services:\n" + echoService("echo", "    access:\n      deny: [127.0.0.300]\n"));
    // The problem lines follow the first line from the reload thread: wait for all of them.
    await().atMost(WAIT).untilAsserted(() -> assertThat(cli.err()).contains(
        "failed; the running config stays in force",
        file + " line 6: services[0].access.deny[0]: bad CIDR '127.0.0.300'"));
    assertThat(echo("127.0.0.2", port, "a")).isEmpty();
    assertThat(echo("127.0.0.3", port, "b")).isEqualTo("b");
    assertThat(cli.out()).doesNotContain("reloaded");
    assertThat(running.stop()).isZero();
  }

  @Test
  void servicesAreAddedAndRemovedAndRestartOnlyKeysAreNamed() throws Exception {
    Path file = config("services:\n" + echoService("a", "") + echoService("b", ""));
    Cli cli = new Cli();
    Cli.Running running = cli.start("serve", "--config", file.toString());
    int a = Loopback.awaitListeningPort(cli::out, "a");
    Loopback.awaitListeningPort(cli::out, "b");
    config("services:\n" + echoService("a", "    max-connections: 5\n").replace("127.0.0.1:0", "127.0.0.1:" + a)
        + echoService("c", ""));
    await().atMost(WAIT).until(() -> cli.out().contains("reloaded weft.yaml: added [c], removed [b], changed [echo 'a': max-connections default->5], unchanged 0"));
    int c = Loopback.awaitListeningPort(cli::out, "c");
    assertThat(cli.out()).containsPattern("b stopped: \\d+ drained");
    assertThat(cli.err()).contains("reload: a: max-connections, max-connections-per-ip changed; the rest applied, restart weft serve");
    assertThat(Loopback.exchange(a, "to a")).isEqualTo("to a");
    assertThat(Loopback.exchange(c, "to c")).isEqualTo("to c");
    assertThat(running.stop()).isZero();
  }

  @Test
  void aProxyGetsItsNewBackendsWithoutDroppingAnEstablishedConnection() throws Exception {
    try (Server one = greeter("one"); Server two = greeter("two")) {
      String proxy = "services:\n  - name: p\n    type: proxy\n    listen: 127.0.0.1:%s\n    proxy:\n"
          + "      backends:\n        - name: b\n          address: %s\n";
      Path file = config(proxy.formatted("0", NetException.addr(one.address())));
      Cli cli = new Cli();
      Cli.Running running = cli.start("serve", "--config", file.toString());
      int port = Loopback.awaitListeningPort(cli::out, "p");
      try (Socket kept = connect("127.0.0.1", port)) {
        assertThat(line(kept)).isEqualTo("one");
        config(proxy.formatted(port, NetException.addr(two.address())));
        await().atMost(WAIT).until(() -> cli.out().contains("changed [proxy 'p': address b "
            + NetException.addr(one.address()) + "->" + NetException.addr(two.address()) + "]"));
        assertThat(roundTrip(kept, "still through one")).isEqualTo("still through one");
      }
      try (Socket fresh = connect("127.0.0.1", port)) {
        assertThat(line(fresh)).isEqualTo("two");
      }
      assertThat(running.stop()).isZero();
    }
  }

  @Test
  void theReloadLineSaysWhatChangedPerServiceAndAnIdenticalRewriteIsNoReload() throws Exception {
    String yaml = """
        services:
          - name: main
            type: echo
            listen: 127.0.0.1:0
        %s  - name: redis
            type: proxy
            listen: 127.0.0.1:0
            proxy:
              backends:
        %s""";
    String before = "        - {name: a, address: 127.0.0.1:1}\n        - {name: b, address: 127.0.0.1:2, weight: 1}\n";
    String after = "        - {name: b, address: 127.0.0.1:2, weight: 3}\n        - {name: c, address: 127.0.0.1:3}\n";
    String deny = "    access:\n      deny: [127.0.0.2]\n";
    Path file = config(yaml.formatted("", before));
    Cli cli = new Cli();
    Cli.Running running = cli.start("serve", "--config", file.toString());
    int main = Loopback.awaitListeningPort(cli::out, "main");
    int redis = Loopback.awaitListeningPort(cli::out, "redis");
    String next = yaml.formatted(deny, after).replaceFirst("127\\.0\\.0\\.1:0", "127.0.0.1:" + main)
        .replaceFirst("127\\.0\\.0\\.1:0", "127.0.0.1:" + redis);
    config(next);
    await().atMost(WAIT).until(() -> cli.out().contains("reloaded weft.yaml: added [], removed [], "
        + "changed [echo 'main': access rules; proxy 'redis': backends +c -a, weight b 1->3], unchanged 0"));
    config(next); // the same bytes again, as an editor's second write: no reload
    config(next + "  - name: extra\n    type: echo\n    listen: 127.0.0.1:0\n");
    await().atMost(WAIT).until(() -> cli.out().contains("added [extra]"));
    assertThat(cli.out().lines().filter(l -> l.startsWith("reloaded"))).hasSize(2);
    assertThat(running.stop()).isZero();
  }

  /** A backend that greets with its name, then echoes. */
  private static Server greeter(String name) throws NetException {
    return Server.builder().name(name).listen("127.0.0.1", 0).drainTimeout(Duration.ofSeconds(1))
        .handler(conn -> {
          conn.out().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
          conn.in().transferTo(conn.out());
        })
        .start();
  }

  private static Socket connect(String from, int port) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(10_000);
    return s;
  }

  /** Sends text from {@code from}, half-closes, reads to EOF; "" when refused. */
  private static String echo(String from, int port, String text) throws IOException {
    try (Socket s = connect(from, port)) {
      s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (SocketException reset) {
      return "";
    }
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    s.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
    return line(s);
  }

  private static String line(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder sb = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      sb.append((char) b);
    }
    return sb.toString();
  }
}
