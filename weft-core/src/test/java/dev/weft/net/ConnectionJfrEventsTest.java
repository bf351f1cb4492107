package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** JFR events of plain TCP connections, in an in-process recording (TLS: TlsJfrEventsTest). */
@Timeout(30)
class ConnectionJfrEventsTest {
  @TempDir Path dir;

  @Test
  void aRejectedConnectionIsRecordedWithItsReasonAndAFailedOneWithItsError() throws IOException {
    TestEvents events = new TestEvents();
    Path file = dir.resolve("weft.jfr");
    try (Recording r = new Recording()) {
      r.enable("weft.ConnectionRejected");
      r.enable("weft.ConnectionClosed");
      r.start();
      try (Server server = Server.builder().name("one-each").listen("127.0.0.1", 0).maxConnectionsPerIp(1)
          .listener(events).handler(c -> {
            c.in().read();
            throw new ProtocolException("bad greeting");
          }).start();
          Socket first = Clients.connect(server.address());
          Socket second = Clients.connect(server.address())) {
        assertThat(Clients.closedWithoutData(second)).isTrue();
        first.getOutputStream().write('?');
        assertThat(Clients.closedWithoutData(first)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1 && events.rejected.size() == 1);
      }
      r.stop();
      r.dump(file);
    }
    List<RecordedEvent> recorded = RecordingFile.readAllEvents(file);

    assertThat(recorded).filteredOn(e -> e.getEventType().getName().equals("weft.ConnectionRejected"))
        .singleElement().satisfies(e -> {
          assertThat(e.getString("service")).isEqualTo("one-each");
          assertThat(e.getString("reason")).isEqualTo("PER_IP_LIMIT");
          assertThat(e.getString("remoteAddress")).startsWith("127.0.0.1:");
        });
    assertThat(recorded).filteredOn(e -> e.getEventType().getName().equals("weft.ConnectionClosed"))
        .singleElement().satisfies(e -> {
          assertThat(e.getString("cause")).isEqualTo("PROTOCOL_ERROR");
          assertThat(e.getString("error")).isEqualTo("dev.weft.net.ProtocolException: bad greeting");
          assertThat(e.getLong("bytesIn")).isEqualTo(1);
          assertThat(e.getLong("bytesOut")).isZero();
        });
  }
}
