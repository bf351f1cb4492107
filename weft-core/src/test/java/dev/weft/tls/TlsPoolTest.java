package dev.weft.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.CloseInfo;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import dev.weft.net.Dialer;
import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
import dev.weft.pool.ConnectionPool;
import dev.weft.pool.EvictReason;
import dev.weft.pool.Lease;
import dev.weft.pool.PoolListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The pool over TLS 1.3: session tickets on the wire are not mistaken for stray bytes, a close is seen. */
@Timeout(60)
class TlsPoolTest {
  private static final Duration SECOND = Duration.ofSeconds(5);
  @TempDir static Path dir;
  static Pki pki;

  @BeforeAll
  static void makeCertificates() throws IOException {
    pki = new Pki(dir);
  }

  private static Server server(Duration idle, ConnectionListener listener) throws IOException {
    TlsConfig tls = TlsConfig.builder().certificate(pki.file("server.pem"), pki.file("server.key")).build();
    return ServerConfig.builder().setup(tls.serverSetup()).idleTimeout(idle).listener(listener)
        .handler(conn -> conn.in().transferTo(conn.out())).start();
  }

  private static Dialer dialer() throws IOException {
    TlsConfig tls = TlsConfig.builder().trust(pki.file("ca.pem")).protocols(List.of("TLSv1.3")).build();
    return Dialer.defaults().withTimeouts(SECOND, SECOND).withSetup(tls.clientSetup("localhost"));
  }

  private static final class Evictions implements PoolListener {
    final List<EvictReason> reasons = new CopyOnWriteArrayList<>();

    @Override
    public void evicted(ConnectionInfo conn, EvictReason reason) {
      reasons.add(reason);
    }
  }

  @Test
  void aWarmTlsConnectionWithAnUnreadSessionTicketIsHandedOut() throws Exception {
    Evictions events = new Evictions();
    try (Server server = server(Duration.ofMinutes(1), ConnectionListener.NONE);
        ConnectionPool pool = ConnectionPool.builder(dialer(), "127.0.0.1:" + server.address().getPort())
            .minIdle(1).listener(events).build()) {
      await().atMost(SECOND).until(() -> pool.stats().idle() == 1);
      try (Lease lease = pool.acquire(SECOND)) {
        assertThat(lease.info().id()).isEqualTo(1);
        assertThat(TlsTesting.echo(lease.conn(), "over tls")).isEqualTo("over tls");
      }
      assertThat(events.reasons).isEmpty();
    }
  }

  @Test
  void aTlsConnectionTheServerClosedIsNeverHandedOut() throws Exception {
    Evictions events = new Evictions();
    AtomicInteger serverClosed = new AtomicInteger();
    ConnectionListener closes = new ConnectionListener() {
      @Override
      public void closed(ConnectionInfo conn, CloseInfo close) {
        serverClosed.incrementAndGet();
      }
    };
    try (Server server = server(Duration.ofMillis(500), closes);
        ConnectionPool pool = ConnectionPool.builder(dialer(), "127.0.0.1:" + server.address().getPort())
            .idleTimeout(Duration.ZERO).listener(events).build()) {
      try (Lease lease = pool.acquire(SECOND)) {
        assertThat(TlsTesting.echo(lease.conn(), "first")).isEqualTo("first");
      }
      await().atMost(SECOND).until(() -> serverClosed.get() == 1);
      try (Lease lease = pool.acquire(SECOND)) {
        assertThat(lease.info().id()).isEqualTo(2);
        assertThat(TlsTesting.echo(lease.conn(), "second")).isEqualTo("second");
      }
      assertThat(events.reasons).containsExactly(EvictReason.PEER_CLOSED);
    }
  }
}
