package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.frame.LineCodec;
import dev.weft.frame.FrameReader;
import dev.weft.frame.FrameWriter;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerTrafficTest {

  @Test
  void bytesOfAnOpenConnectionShowBeforeItCloses() throws Exception {
    try (Server server =
            Server.builder().handler(conn -> conn.in().transferTo(conn.out())).start();
        Socket client = Clients.connect(server.address())) {
      assertThat(Clients.exchange(client, "hello, live counters")).isEqualTo("hello, live counters");
      await().atMost(Duration.ofSeconds(5)).until(() -> server.traffic().bytesOut() == 20);
      assertThat(server.traffic()).isEqualTo(new Traffic(20, 20, 0, 0));
      assertThat(server.activeConnections()).isEqualTo(1);
    }
  }

  @Test
  void closedConnectionsStayInTheTotalsExactlyOnce() throws Exception {
    TestEvents events = new TestEvents();
    try (Server server =
        Server.builder().listener(events).handler(conn -> conn.in().transferTo(conn.out())).start()) {
      for (int i = 0; i < 3; i++) {
        try (Socket client = Clients.connect(server.address())) {
          assertThat(Clients.exchange(client, "12345")).isEqualTo("12345");
          client.shutdownOutput();
          assertThat(Clients.readToEnd(client)).isEqualTo(-1);
        }
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 3);
      await().atMost(Duration.ofSeconds(5)).until(() -> server.activeConnections() == 0);
      assertThat(server.traffic()).isEqualTo(new Traffic(15, 15, 0, 0));
    }
  }

  @Test
  void framedHandlersCountFramesThroughTheHook() throws Exception {
    Handler lines =
        conn -> {
          FrameReader<String> in = LineCodec.defaults().reader(conn.in());
          FrameWriter<String> out = LineCodec.defaults().writer(conn.out());
          for (String line = in.read(); line != null; line = in.read()) {
            conn.traffic().frameIn();
            out.write(line.toUpperCase(java.util.Locale.ROOT));
            conn.traffic().frameOut();
          }
        };
    try (Server server = Server.builder().handler(lines).start();
        Socket client = Clients.connect(server.address())) {
      client.getOutputStream().write("a\nb\nc\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      // The default line writer ends lines with CRLF.
      assertThat(new String(client.getInputStream().readNBytes(9), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("A\r\nB\r\nC\r\n");
      await().atMost(Duration.ofSeconds(5)).until(() -> server.traffic().framesOut() == 3);
      assertThat(server.traffic().framesIn()).isEqualTo(3);
    }
  }

  @Test
  void theDefaultCounterCountsNothing() {
    TrafficCounter.NONE.frameIn();
    TrafficCounter.NONE.addBytesOut(10);
    assertThat(TrafficCounter.NONE.snapshot()).isEqualTo(Traffic.ZERO);
  }
}
