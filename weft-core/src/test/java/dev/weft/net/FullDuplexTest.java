package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * One thread writes small chunks while another reads the echo, on one connection: the Go-style
 * full-duplex pattern (a proxy's two copy loops do the same). The reader's auto-flush used to
 * wait for the output lock held by a writer blocked on a full socket, and both ends deadlocked
 * (caught by weft bench's stream mode, which hit it within seconds). The race is timing-bound,
 * so this moves a lot: two connections, 128 MiB each in 64-byte writes, three times.
 */
@Timeout(30)
class FullDuplexTest {
  private static final long TOTAL = 128L << 20;

  @RepeatedTest(3)
  void aReaderNeverWaitsBehindAWriterBlockedOnAFullSocket() throws Exception {
    try (Server echo = Server.builder().handler(c -> c.in().transferTo(c.out())).start()) {
      List<CompletableFuture<Long>> both = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        both.add(CompletableFuture.supplyAsync(() -> stream(echo), r -> Thread.ofVirtual().start(r)));
      }
      for (CompletableFuture<Long> f : both) {
        assertThat(f.get(25, TimeUnit.SECONDS)).isEqualTo(TOTAL);
      }
    }
  }

  /** Writes TOTAL bytes on this thread while a second thread reads the echo; returns bytes read. */
  private static long stream(Server echo) {
    try (Conn conn = Dialer.defaults().dial(echo.address())) {
      CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
        byte[] buf = new byte[8192];
        long read = 0;
        try {
          for (int n; (n = conn.in().read(buf)) > 0; ) {
            read += n;
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        return read;
      }, r -> Thread.ofVirtual().start(r));
      byte[] chunk = new byte[64];
      for (long sent = 0; sent < TOTAL; sent += chunk.length) {
        conn.out().write(chunk);
      }
      conn.closeWrite(); // flushes the rest; the echo's EOF then ends the reader
      return reader.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
