package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.Server;
import java.net.InetAddress;
import java.net.ServerSocket;
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
