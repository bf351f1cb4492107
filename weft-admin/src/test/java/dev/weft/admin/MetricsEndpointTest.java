package dev.weft.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.RejectReason;
import dev.weft.net.Server;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

  @Test
  void countersMoveByTheTrafficSentThroughTheEchoService() throws Exception {
    try (AdminFixture f = AdminFixture.echo()) {
      for (int i = 0; i < 5; i++) {
        f.echoOnce(1000);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> f.server.activeConnections() == 0);
      HttpResponse<String> res = f.get("/metrics");
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      Map<String, Double> m = AdminFixture.parse(res.body());
      assertThat(m)
          .containsEntry("weft_connections_accepted_total{service=\"echo\"}", 5.0)
          .containsEntry("weft_connections_closed_total{cause=\"client_closed\",service=\"echo\"}", 5.0)
          .containsEntry("weft_connections_closed_total{cause=\"io_error\",service=\"echo\"}", 0.0)
          .containsEntry("weft_connections_active{service=\"echo\"}", 0.0)
          .containsEntry("weft_received_bytes_total{service=\"echo\"}", 5000.0)
          .containsEntry("weft_sent_bytes_total{service=\"echo\"}", 5000.0)
          .containsEntry("weft_received_frames_total{service=\"echo\"}", 0.0)
          .containsEntry("weft_connection_duration_seconds_count{service=\"echo\"}", 5.0)
          .containsEntry("weft_handshake_failures_total{service=\"echo\"}", 0.0)
          .containsEntry("weft_service_up{service=\"echo\",type=\"echo\"}", 1.0);
      assertThat(m.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes"));
      assertThat(m.keySet()).anyMatch(k -> k.startsWith("jvm_threads_live_threads"));
    }
  }

  @Test
  void bytesOfAnOpenConnectionShowBeforeItCloses() throws Exception {
    try (AdminFixture f = AdminFixture.echo();
        Socket s = new Socket()) {
      s.setSoTimeout(10_000);
      s.connect(f.server.address(), 5_000);
      s.getOutputStream().write(new byte[300]);
      assertThat(s.getInputStream().readNBytes(300)).hasSize(300);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        Map<String, Double> m = AdminFixture.parse(f.get("/metrics").body());
        assertThat(m)
            .containsEntry("weft_received_bytes_total{service=\"echo\"}", 300.0)
            .containsEntry("weft_sent_bytes_total{service=\"echo\"}", 300.0)
            .containsEntry("weft_connections_active{service=\"echo\"}", 1.0);
      });
    }
  }

  @Test
  void rejectionsAreCountedByReasonWithoutTheClientAddress() throws Exception {
    AdminConfig admin = AdminFixture.loopbackAdmin();
    try (AdminFixture f =
        new AdminFixture(
            admin,
            Server.builder().name("closed").admission(remote -> RejectReason.ACCESS_DENIED),
            AdminFixture::echo)) {
      for (int i = 0; i < 3; i++) {
        try (Socket s = new Socket()) {
          s.setSoTimeout(10_000);
          s.connect(f.server.address(), 5_000);
          assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
      }
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        String body = f.get("/metrics").body();
        assertThat(AdminFixture.parse(body))
            .containsEntry("weft_connections_rejected_total{reason=\"access_denied\",service=\"closed\"}", 3.0)
            .containsEntry("weft_connections_rejected_total{reason=\"accept_rate_limited\",service=\"closed\"}", 0.0)
            .containsEntry("weft_connections_accepted_total{service=\"closed\"}", 0.0);
        assertThat(body).doesNotContain("127.0.0.1");
      });
    }
  }
}
