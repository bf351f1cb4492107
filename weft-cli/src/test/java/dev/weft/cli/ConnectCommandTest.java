package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.Server;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code weft connect} in-process, against a real echo server on loopback. */
@Timeout(30)
class ConnectCommandTest {

  @Test
  void sendsStdinAndPrintsTheReplyUntilThePeerCloses() throws Exception {
    try (Server echo = Server.builder().listen("127.0.0.1", 0).handler(Services::echo).start()) {
      Cli cli = new Cli("line one\nline two\n");
      int exit = cli.run("connect", "127.0.0.1:" + echo.address().getPort());
      assertThat(exit).isZero();
      assertThat(cli.rawOut()).isEqualTo("line one\nline two\n");
      assertThat(cli.err()).isEmpty();
    }
  }

  @Test
  void eachLineIsSentAndItsReplyPrintedBeforeStdinEnds() throws Exception {
    try (Server echo = Server.builder().listen("127.0.0.1", 0).handler(Services::echo).start();
        PipedOutputStream typing = new PipedOutputStream()) {
      Cli cli = new Cli(new PipedInputStream(typing));
      Cli.Running running = cli.start("connect", "127.0.0.1:" + echo.address().getPort());

      typing.write("first\n".getBytes(StandardCharsets.UTF_8));
      typing.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> cli.rawOut().equals("first\n"));

      typing.close();
      assertThat(running.exit().get(10, TimeUnit.SECONDS)).isZero();
      assertThat(cli.rawOut()).isEqualTo("first\n");
    }
  }

  @Test
  void emptyStdinHalfClosesAndExitsZero() throws Exception {
    try (Server echo = Server.builder().listen("127.0.0.1", 0).handler(Services::echo).start()) {
      Cli cli = new Cli("");
      assertThat(cli.run("connect", "127.0.0.1:" + echo.address().getPort())).isZero();
      assertThat(cli.rawOut()).isEmpty();
    }
  }

  @Test
  void refusedConnectionExitsOneWithAGoStyleMessage() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Cli cli = new Cli();
    assertThat(cli.run("connect", "127.0.0.1:" + port, "--timeout", "2s")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("weft connect: dial tcp 127.0.0.1:" + port + ": connection refused\n");
  }
}
