package dev.weft.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.Server;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The copy loops: who speaks first, half-close each way, termination codes. */
@Timeout(60)
class DataPathTest {
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<SessionSummary> sessions = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    open.add(c);
    return c;
  }

  private Proxy proxy(Server... backends) throws Exception {
    ProxyConfig.Builder b = Proxy.builder().listen("127.0.0.1", 0).listener(new ProxyListener() {
      @Override
      public void sessionClosed(SessionSummary s) {
        sessions.add(s);
      }
    });
    for (Server s : backends) {
      b.backend(BackendConfig.of(s.address()).withName(s.config().name()));
    }
    return track(b.start());
  }

  @Test
  void upstreamSpeaksFirstAndBytesFlowBothWays() throws Exception {
    Server a = track(Peers.named("a"));
    Proxy proxy = proxy(a);
    try (Socket s = Peers.connect(proxy.address())) {
      InputStream in = s.getInputStream();
      assertThat(Peers.line(in)).isEqualTo("a");
      s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(Peers.line(in)).isEqualTo("ping");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> sessions.size() == 1);
    SessionSummary done = sessions.get(0);
    assertThat(done.backend()).isEqualTo("a");
    assertThat(done.termination()).isEqualTo(Termination.CLIENT_EOF);
    assertThat(done.clientToBackend()).isEqualTo(5);
    assertThat(done.backendToClient()).isEqualTo(2 + 5);
  }

  @Test
  void roundRobinTakesEachBackendInTurn() throws Exception {
    Server a = track(Peers.named("a"));
    Server b = track(Peers.named("b"));
    Proxy proxy = proxy(a, b);
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      got.add(Peers.greeting(proxy.address()));
    }
    assertThat(got).containsExactly("a", "b", "a", "b", "a", "b");
  }

  @Test
  void clientHalfCloseReachesBackendWhichStillAnswers() throws Exception {
    // The backend reads to EOF, then answers with what it got: only possible if the proxy
    // forwarded the client's half-close and kept the other direction open.
    Server counter = track(Peers.backend("counter", conn -> {
      byte[] all = conn.in().readAllBytes();
      conn.out().write(("got " + all.length + "\n").getBytes(StandardCharsets.US_ASCII));
    }));
    Proxy proxy = proxy(counter);
    try (Socket s = Peers.connect(proxy.address())) {
      s.getOutputStream().write(new byte[12345]);
      s.shutdownOutput();
      assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("got 12345\n");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> sessions.size() == 1);
    assertThat(sessions.get(0).termination()).isEqualTo(Termination.CLIENT_EOF);
  }

  @Test
  void backendHalfCloseReachesClientWhichStillSends() throws Exception {
    CompletableFuture<String> heard = new CompletableFuture<>();
    Server early = track(Peers.backend("early", conn -> {
      conn.out().write("bye\n".getBytes(StandardCharsets.US_ASCII));
      conn.closeWrite();
      heard.complete(new String(conn.in().readAllBytes(), StandardCharsets.US_ASCII));
    }));
    Proxy proxy = proxy(early);
    try (Socket s = Peers.connect(proxy.address())) {
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      in.transferTo(got); // EOF arrives while our side is still open
      assertThat(got.toString(StandardCharsets.US_ASCII)).isEqualTo("bye\n");
      s.getOutputStream().write("late words".getBytes(StandardCharsets.US_ASCII));
      s.shutdownOutput();
      assertThat(heard.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("late words");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> sessions.size() == 1);
    assertThat(sessions.get(0).termination()).isEqualTo(Termination.BACKEND_EOF);
    assertThat(sessions.get(0).termination().closedBy()).isEqualTo(Termination.Side.BACKEND);
  }
}
