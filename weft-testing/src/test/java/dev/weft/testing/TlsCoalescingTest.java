package dev.weft.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.Conn;
import dev.weft.net.ConnSetup;
import dev.weft.net.ForwardingConn;
import dev.weft.tls.TlsConfig;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Over TLS, pipelined requests still get their replies in one write (one TLS record). */
@Timeout(60)
class TlsCoalescingTest {
  @TempDir Path dir;

  /** Counts write calls on the underlying connection's output. */
  static final class CountingConn extends ForwardingConn {
    final AtomicInteger writes = new AtomicInteger();
    private final OutputStream out;

    CountingConn(Conn delegate) {
      super(delegate);
      out = new FilterOutputStream(delegate.out()) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          writes.incrementAndGet();
          delegate.out().write(b, off, len);
        }
      };
    }

    @Override
    public OutputStream out() {
      return out;
    }
  }

  @Test
  void tenPipelinedRepliesLeaveInOneRecordWhenTheNextReadWouldBlock() throws Exception {
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "k.pem", "-out", "c.pem", "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    ConnSetup server = TlsConfig.builder().certificate(dir.resolve("c.pem"), dir.resolve("k.pem")).build().serverSetup();
    ConnSetup client = TlsConfig.builder().trust(dir.resolve("c.pem")).build().clientSetup("localhost");

    ConnPair raw = MemoryConn.pair();
    CountingConn counted = new CountingConn(raw.first());
    CompletableFuture<Conn> serverSide = CompletableFuture.supplyAsync(() -> {
      try {
        return server.setUp(counted);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    Conn c = client.setUp(raw.second());
    Conn s = serverSide.get(20, TimeUnit.SECONDS);

    c.out().write("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n".getBytes(StandardCharsets.US_ASCII));
    c.out().flush();
    int before = counted.writes.get();
    byte[] line = new byte[3];
    for (String expected : List.of("1\n", "2\n", "3\n", "4\n", "5\n", "6\n", "7\n", "8\n", "9\n")) {
      s.in().readNBytes(line, 0, expected.length());
      s.out().write(line, 0, expected.length()); // the reply to each request, not flushed
    }
    s.in().readNBytes(line, 0, 3);
    s.out().write(line, 0, 3);
    // No flush: the server's next read would block, which must send the pending replies first.
    CompletableFuture<Integer> nextRead = CompletableFuture.supplyAsync(() -> {
      try {
        return s.in().read();
      } catch (IOException e) {
        return -2;
      }
    });
    assertThat(new String(c.in().readNBytes(21), StandardCharsets.US_ASCII)).isEqualTo("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");
    assertThat(counted.writes.get() - before).isEqualTo(1);
    c.closeWrite();
    assertThat(nextRead.get(20, TimeUnit.SECONDS)).isEqualTo(-1);
    c.close();
    s.close();
  }
}
