package dev.weft.net.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.RejectReason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AcceptLoopTest {
  private static final SocketSettings SETTINGS = new SocketSettings(true, false, 0, 0, 0, 0, 0);

  private static final class Recorder implements AcceptLoop.Sink {
    final List<TcpConn> admitted = new CopyOnWriteArrayList<>();
    final List<RejectReason> rejected = new CopyOnWriteArrayList<>();

    @Override
    public void admitted(TcpConn conn, Permit permit) {
      admitted.add(conn);
    }

    @Override
    public void rejected(TcpConn conn, RejectReason reason) {
      conn.close();
      rejected.add(reason);
    }

    @Override
    public void acceptFailed(IOException error, long backoffNanos) {}
  }

  @Test
  void backoffDoublesFromFiveMillisecondsToOneSecond() {
    long b = 0;
    long[] seen = new long[10];
    for (int i = 0; i < seen.length; i++) {
      b = AcceptLoop.nextBackoff(b);
      seen[i] = TimeUnit.NANOSECONDS.toMillis(b);
    }
    assertThat(seen).containsExactly(5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000);
  }

  @Test
  void closeMakesTheLoopReturnNormally() throws Exception {
    TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), 16, SETTINGS);
    AcceptLoop loop = new AcceptLoop(listener, new Semaphore(10), new Recorder());
    Thread t = Thread.ofVirtual().start(loop);
    await().atMost(Duration.ofSeconds(5)).until(() -> t.getState() == Thread.State.WAITING);
    loop.close();
    assertThat(t.join(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void permitsAreTakenBeforeAcceptAndExhaustionRejects() throws Exception {
    TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), 16, SETTINGS);
    Semaphore permits = new Semaphore(1);
    Recorder sink = new Recorder();
    AcceptLoop loop = new AcceptLoop(listener, permits, sink);
    Thread t = Thread.ofVirtual().start(loop);
    try (Socket a = new Socket("127.0.0.1", listener.address().getPort());
        Socket b = new Socket("127.0.0.1", listener.address().getPort())) {
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.admitted.size() + sink.rejected.size() == 2);
      assertThat(sink.admitted).hasSize(1);
      assertThat(sink.rejected).containsExactly(RejectReason.MAX_CONNECTIONS);
      assertThat(permits.availablePermits()).isZero();
    } finally {
      loop.close();
      t.join(Duration.ofSeconds(5));
      sink.admitted.forEach(TcpConn::close);
    }
  }
}
