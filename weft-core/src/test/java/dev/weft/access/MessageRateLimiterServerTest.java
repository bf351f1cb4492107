package dev.weft.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.Clients;
import dev.weft.net.CloseCause;
import dev.weft.net.Handler;
import dev.weft.net.Server;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MessageRateLimiterServerTest {
  /** A line protocol that echoes each line, taking one message permit per line. */
  private static final Handler LIMITED_LINES = conn -> {
    MessageRateLimiter limiter = new MessageRateLimiter(RateLimit.of(5, Duration.ofMinutes(1)));
    BufferedReader in = new BufferedReader(new InputStreamReader(conn.in(), StandardCharsets.UTF_8));
    OutputStream out = conn.out();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      limiter.acquire();
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  };

  @Test
  void floodingConnectionIsClosedWithLimitWhileAnotherKeepsWorking() throws Exception {
    Events events = new Events();
    try (Server server = Server.builder().listener(events).handler(LIMITED_LINES).start();
        Socket calm = Clients.connectFrom("127.0.0.2", server.address());
        Socket flood = Clients.connectFrom("127.0.0.3", server.address())) {
      assertThat(Clients.exchange(calm, "one\n")).isEqualTo("one\n");

      flood.getOutputStream().write("x\n".repeat(50).getBytes(StandardCharsets.UTF_8));
      flood.getOutputStream().flush();
      await().atMost(Duration.ofSeconds(5))
          .until(() -> events.closedByRemote.containsKey(Clients.key(flood)));
      assertThat(events.closedByRemote.get(Clients.key(flood)).cause()).isEqualTo(CloseCause.LIMIT);

      assertThat(Clients.exchange(calm, "two\n")).isEqualTo("two\n");
      assertThat(events.closedByRemote).doesNotContainKey(Clients.key(calm));
    }
  }
}
