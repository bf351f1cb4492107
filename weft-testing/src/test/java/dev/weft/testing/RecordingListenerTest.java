package dev.weft.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.CloseCause;
import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.RejectReason;
import dev.weft.net.Server;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RecordingListenerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void recordsAcceptedRejectedAndClosedEventsWithTheirCauses() throws Exception {
    RecordingListener events = new RecordingListener();
    CountDownLatch release = new CountDownLatch(1);
    try (Server server = Server.builder()
        .listen("127.0.0.1", 0)
        .maxConnections(1)
        .drainTimeout(Duration.ofSeconds(1))
        .listener(events)
        .handler(conn -> {
          release.await(10, TimeUnit.SECONDS);
          conn.in().transferTo(java.io.OutputStream.nullOutputStream());
        })
        .start()) {
      Conn first = Dialer.defaults().dial(server.address());
      events.awaitAccepted(1, WAIT);
      Conn second = Dialer.defaults().dial(server.address());

      assertThat(events.awaitRejected(1, WAIT)).containsExactly(RejectReason.MAX_CONNECTIONS);
      release.countDown();
      first.close();
      second.close();
      assertThat(events.awaitClosed(1, WAIT)).hasSize(1);
      assertThat(events.closedCauses()).containsExactly(CloseCause.CLIENT_CLOSED);
      assertThat(events.accepted()).hasSize(1);
      assertThat(events.rejections()).containsExactly(RejectReason.MAX_CONNECTIONS);
      assertThat(events.events()).hasSize(3);
    }
  }

  @Test
  void awaitFailsWithTheEventsSeenWhenTooFewArrive() {
    RecordingListener events = new RecordingListener();
    events.rejected(null, RejectReason.SHUTTING_DOWN);

    assertThatThrownBy(() -> events.awaitClosed(1, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected 1 closed events within PT0.05S")
        .hasMessageContaining("SHUTTING_DOWN");
  }

  @Test
  void clearForgetsEverything() {
    RecordingListener events = new RecordingListener();
    events.rejected(null, RejectReason.PER_IP_LIMIT);

    events.clear();

    assertThat(events.events()).isEmpty();
  }
}
