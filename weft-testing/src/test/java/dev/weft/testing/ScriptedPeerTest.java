package dev.weft.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.NetException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ScriptedPeerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Dialer DIALER = Dialer.defaults().withTimeouts(WAIT, WAIT);

  @Test
  void echoWritesBackWhatItReadsAndHalfClosesWhenTheClientDoes() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.echo(); Conn c = DIALER.dial(peer.address())) {
      c.out().write("ping".getBytes(US_ASCII));
      c.closeWrite();

      assertThat(new String(c.in().readAllBytes(), US_ASCII)).isEqualTo("ping");
      assertThat(peer.events().awaitClosed(1, WAIT)).hasSize(1);
    }
  }

  @Test
  void disconnectAtStartGivesTheClientEof() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.disconnectAtStart(); Conn c = DIALER.dial(peer.address())) {
      assertThat(c.in().read()).isEqualTo(-1);
    }
  }

  @Test
  void stallMakesTheClientsReadTimeOut() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.stall(); Conn c = DIALER.dial(peer.address())) {
      c.setReadTimeout(Duration.ofMillis(200));

      assertThatThrownBy(() -> c.in().read())
          .isInstanceOfSatisfying(NetException.class, e -> assertThat(e.isTimeout()).isTrue());
    }
  }

  @Test
  void stallMakesTheClientsWriteTimeOutOnceBuffersAreFull() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.stall(); Conn c = DIALER.dial(peer.address())) {
      c.setWriteTimeout(Duration.ofMillis(200));
      byte[] chunk = new byte[64 * 1024];

      assertThatThrownBy(() -> {
        for (int i = 0; i < 4096; i++) { // 256 MiB: far beyond any socket buffer
          c.out().write(chunk);
        }
      }).isInstanceOfSatisfying(NetException.class, e -> assertThat(e.isTimeout()).isTrue());
    }
  }

  @Test
  void throttleEchoesNoFasterThanItsRate() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.throttle(20_000); Conn c = DIALER.dial(peer.address())) {
      byte[] data = new byte[10_000];
      long start = System.nanoTime();
      c.out().write(data);
      c.closeWrite();

      assertThat(c.in().readAllBytes()).hasSize(data.length);
      // 10,000 bytes at 20,000 B/s: about half a second, minus the first read's head start.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(400));
    }
  }

  @Test
  void halfCloseAfterReadingGivesEofWhileTheClientCanStillWrite() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.halfCloseAfterReading(5);
        Conn c = DIALER.dial(peer.address())) {
      c.out().write("hello".getBytes(US_ASCII));

      assertThat(c.in().read()).isEqualTo(-1);
      c.out().write("still talking".getBytes(US_ASCII));
      c.out().flush();
      c.closeWrite();
      assertThat(peer.events().awaitClosed(1, WAIT)).hasSize(1);
    }
  }

  @Test
  void policiesRejectNonsenseArgumentsWithLiteralMessages() {
    assertThatThrownBy(() -> ScriptedPeer.throttle(0))
        .hasMessage("bytesPerSecond must be > 0, got 0");
    assertThatThrownBy(() -> ScriptedPeer.halfCloseAfterReading(-1))
        .hasMessage("bytes must be >= 0, got -1");
  }

  @Test
  void closeReturnsPromptlyEvenWhileAConnectionIsStalled() throws IOException {
    ScriptedPeer peer = ScriptedPeer.stall();
    Conn c = DIALER.dial(peer.address());
    long start = System.nanoTime();

    peer.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    c.close();
  }
}
