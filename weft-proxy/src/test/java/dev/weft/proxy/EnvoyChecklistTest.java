package dev.weft.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.Server;
import dev.weft.net.ShutdownSummary;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Envoy's TCP proxy checklist: stalled reader with bounded memory, timeouts, shutdown. */
@Timeout(120)
class EnvoyChecklistTest extends Fixture {
  private static final int MB = 1024 * 1024;

  @Test
  void fiftyMegabytesThroughAStalledReaderKeepMemoryBounded() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<long[]> received = new CompletableFuture<>();
    Server slow = track(dev.weft.net.Server.builder().name("slow").listen("127.0.0.1", 0)
        .idleTimeout(Duration.ZERO).drainTimeout(Duration.ofSeconds(1))
        .handler(conn -> {
          release.await();
          CRC32 crc = new CRC32();
          byte[] buf = new byte[64 * 1024];
          long n = 0;
          InputStream in = conn.in();
          for (int r; (r = in.read(buf)) >= 0; n += r) {
            crc.update(buf, 0, r);
          }
          received.complete(new long[] {n, crc.getValue()});
        }).start());
    Proxy proxy = start(proxy(slow));
    long heapBefore = usedHeapAfterGc();

    AtomicLong written = new AtomicLong();
    CRC32 sent = new CRC32();
    Socket client = track(Peers.connect(proxy.address()));
    Thread writer = Thread.ofPlatform().daemon().start(() -> {
      try (OutputStream out = client.getOutputStream()) {
        Random r = new Random(7);
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 50 * MB / chunk.length; i++) {
          r.nextBytes(chunk);
          sent.update(chunk);
          out.write(chunk);
          written.addAndGet(chunk.length);
        }
        client.shutdownOutput();
      } catch (Exception e) {
        written.set(-1);
      }
    });

    // The writer stalls: the backend reads nothing, so TCP pushes back through the proxy.
    long[] last = {-2};
    int[] same = {0};
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
      long now = written.get();
      same[0] = now == last[0] ? same[0] + 1 : 0;
      last[0] = now;
      return same[0] >= 3;
    });
    assertThat(written.get()).isPositive().isLessThan(50L * MB);
    long heapGrowth = usedHeapAfterGc() - heapBefore;
    assertThat(heapGrowth).as("heap growth while stalled").isLessThan(16L * MB);

    release.countDown();
    writer.join(60_000);
    long[] got = received.get(60, TimeUnit.SECONDS);
    assertThat(got[0]).isEqualTo(50L * MB);
    assertThat(got[1]).isEqualTo(sent.getValue());
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void idleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    Server echo = track(Peers.named("a"));
    Proxy proxy = start(proxy(echo).idleTimeout(Duration.ofMillis(300)));
    try (Socket s = Peers.connect(proxy.address())) {
      InputStream in = s.getInputStream();
      assertThat(Peers.line(in)).isEqualTo("a");
      assertThat(in.read()).isEqualTo(-1); // the proxy closes it: no byte moved for 300 ms
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> ended(Termination.IDLE_TIMEOUT) == 1);
    assertThat(sessions.get(0).termination().closedBy()).isEqualTo(Termination.Side.PROXY);
  }

  @Test
  void busyConnectionIsClosedAtTheMaxDuration() throws Exception {
    Server echo = track(Peers.named("a"));
    Proxy proxy = start(proxy(echo).maxDuration(Duration.ofMillis(500)));
    try (Socket s = Peers.connect(proxy.address())) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      assertThat(Peers.line(in)).isEqualTo("a");
      // Keep the connection busy (never idle) until the proxy cuts it.
      String line;
      do {
        out.write("tick\n".getBytes(StandardCharsets.US_ASCII));
        line = Peers.line(in);
      } while (line != null);
    } catch (java.net.SocketException reset) {
      // A write racing the close may see a reset instead of EOF; the event below is what counts.
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> ended(Termination.MAX_DURATION) == 1);
    assertThat(sessions.get(0).duration()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
  }

  @Test
  void shutdownLetsOpenConnectionsFinishThroughHalfClose() throws Exception {
    Server echo = track(Peers.named("a"));
    Proxy proxy = start(proxy(echo));
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket s = track(Peers.connect(proxy.address()));
      assertThat(Peers.line(s.getInputStream())).isEqualTo("a");
      clients.add(s);
    }
    ShutdownSummary summary = proxy.shutdown(Duration.ofSeconds(10));
    assertThat(summary.drained()).isEqualTo(3);
    assertThat(summary.forceClosed()).isZero();
    for (Socket s : clients) {
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(ended(Termination.SHUTDOWN)).isEqualTo(3);
  }

  @Test
  void shutdownForceClosesWhatOutlivesTheDeadline() throws Exception {
    // This backend ignores half-close and keeps the connection open.
    Server stubborn = track(Peers.backend("stubborn", conn -> {
      conn.in().transferTo(OutputStream.nullOutputStream());
      new CountDownLatch(1).await();
    }));
    Proxy proxy = start(proxy(stubborn));
    Socket s = track(Peers.connect(proxy.address()));
    s.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.stats().active() == 1);
    ShutdownSummary summary = proxy.shutdown(Duration.ofMillis(300));
    assertThat(summary.forceClosed()).isEqualTo(1);
    assertThat(s.getInputStream().read()).isEqualTo(-1);
    await().atMost(Duration.ofSeconds(10)).until(() -> ended(Termination.SHUTDOWN) == 1);
  }
}
