package dev.weft.net.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.Dialer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool's liveness hook: a non-blocking look at an idle connection that loses no byte. */
@Timeout(20)
class TcpConnProbeTest {
  private interface Body {
    void run(TcpConn conn, Socket peer) throws Exception;
  }

  private static void withPair(Body body) throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
      try (TcpConn conn = (TcpConn) Dialer.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)).dial(a);
          Socket peer = listener.accept()) {
        peer.setSoTimeout(5_000);
        body.run(conn, peer);
      }
    }
  }

  @Test
  void aQuietConnectionProbesQuietAndStaysUsable() throws Exception {
    withPair((conn, peer) -> {
      assertThat(conn.probe()).isEqualTo(Probe.QUIET);
      assertThat(conn.probe()).isEqualTo(Probe.QUIET);
      conn.out().write("hi".getBytes());
      conn.out().flush();
      assertThat(peer.getInputStream().readNBytes(2)).isEqualTo("hi".getBytes());
      peer.getOutputStream().write("yo".getBytes());
      assertThat(conn.in().readNBytes(2)).isEqualTo("yo".getBytes());
    });
  }

  @Test
  void bytesFoundByTheProbeStayBufferedForTheNextRead() throws Exception {
    withPair((conn, peer) -> {
      peer.getOutputStream().write("unasked".getBytes());
      await().atMost(Duration.ofSeconds(5)).until(() -> conn.probe() == Probe.DATA);
      assertThat(conn.probe()).isEqualTo(Probe.DATA);
      assertThat(conn.in().readNBytes(7)).isEqualTo("unasked".getBytes());
    });
  }

  @Test
  void aPeerHalfCloseProbesEof() throws Exception {
    withPair((conn, peer) -> {
      peer.shutdownOutput();
      await().atMost(Duration.ofSeconds(5)).until(() -> conn.probe() == Probe.EOF);
      assertThat(conn.in().read()).isEqualTo(-1);
      assertThat(conn.isOpen()).isTrue(); // only the peer's direction ended
    });
  }

  @Test
  void dataFollowedByAFinProbesEofAndTheDataIsStillReadable() throws Exception {
    withPair((conn, peer) -> {
      OutputStream out = peer.getOutputStream();
      out.write("bye".getBytes());
      await().atMost(Duration.ofSeconds(5)).until(() -> conn.probe() == Probe.DATA);
      peer.shutdownOutput(); // after the data was buffered by an earlier probe
      await().atMost(Duration.ofSeconds(5)).until(() -> conn.probe() == Probe.EOF);
      assertThat(conn.in().readAllBytes()).isEqualTo("bye".getBytes());
    });
  }

  @Test
  void aClosedConnectionProbesEof() throws Exception {
    withPair((conn, peer) -> {
      conn.close();
      assertThat(conn.probe()).isEqualTo(Probe.EOF);
    });
  }
}
