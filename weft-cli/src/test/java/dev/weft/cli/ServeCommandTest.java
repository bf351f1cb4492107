package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft serve} and {@code weft echo} running in-process, stopped by an interrupt. */
@Timeout(60)
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void serveRunsEveryServiceInTheConfigUntilStopped() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("weft.yaml"),
            """
            shutdown-timeout: 2s
            services:
              - name: echo-a
                type: echo
                listen: 127.0.0.1:0
              - name: echo-b
                type: echo
                listen: 127.0.0.1:0
                idle-timeout: 10s
            """);
    Cli cli = new Cli();
    Cli.Running running = cli.start("serve", "--config", config.toString());
    int a = Loopback.awaitListeningPort(cli::out, "echo-a");
    int b = Loopback.awaitListeningPort(cli::out, "echo-b");

    assertThat(Loopback.exchange(a, "hello a\n")).isEqualTo("hello a\n");
    assertThat(Loopback.exchange(b, "hello b\n")).isEqualTo("hello b\n");

    assertThat(running.stop()).isZero();
    assertThat(cli.out())
        .containsPattern("echo-a stopped: \\d+ drained, 0 force-closed in \\d+ ms")
        .containsPattern("echo-b stopped: \\d+ drained, 0 force-closed in \\d+ ms");
  }

  @Test
  void echoCommandServesUntilStopped() throws Exception {
    Cli cli = new Cli();
    Cli.Running running = cli.start("echo", "--listen", "127.0.0.1:0", "--idle-timeout", "30s");
    int port = Loopback.awaitListeningPort(cli::out, "echo");

    byte[] big = new byte[256 * 1024];
    java.util.Arrays.fill(big, (byte) 'x');
    String payload = new String(big, java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(Loopback.exchange(port, payload)).isEqualTo(payload);

    assertThat(running.stop()).isZero();
    assertThat(cli.out()).containsPattern("echo stopped: \\d+ drained, 0 force-closed");
  }

  @Test
  void echoCommandUsesItsName() throws Exception {
    Cli cli = new Cli();
    Cli.Running running = cli.start("echo", "--listen", "127.0.0.1:0", "--name", "mirror");
    int port = Loopback.awaitListeningPort(cli::out, "mirror");
    assertThat(Loopback.exchange(port, "ping")).isEqualTo("ping");
    assertThat(running.stop()).isZero();
  }

  @Test
  void addressInUseExitsWithRuntimeFailure() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli cli = new Cli();
      int exit = cli.run("echo", "--listen", "127.0.0.1:" + taken.getLocalPort());
      assertThat(exit).isEqualTo(1);
      assertThat(cli.err()).startsWith("weft echo: listen tcp 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void serveStopsServicesAlreadyStartedWhenALaterOneCannotBind() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path config =
          Files.writeString(
              dir.resolve("weft.yaml"),
              "services:\n"
                  + "  - {name: first, type: echo, listen: 127.0.0.1:0}\n"
                  + "  - {name: second, type: echo, listen: 127.0.0.1:" + taken.getLocalPort() + "}\n");
      Cli cli = new Cli();
      assertThat(cli.run("serve", "--config", config.toString())).isEqualTo(1);
      assertThat(cli.err()).startsWith("weft serve: listen tcp");
      assertThat(cli.out()).contains("first listening on").contains("first stopped: ");
    }
  }
}
