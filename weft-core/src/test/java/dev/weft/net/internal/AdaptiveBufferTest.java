package dev.weft.net.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdaptiveBufferTest {
  private TcpConn reader;
  private TcpConn writer;

  @BeforeEach
  void connect() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      SocketChannel client = SocketChannel.open(server.getLocalAddress());
      reader = new TcpConn(server.accept(), 0, 0, 0);
      writer = new TcpConn(client, 0, 0, 0);
    }
  }

  @AfterEach
  void close() {
    reader.close();
    writer.close();
  }

  private ConnInput input() {
    return (ConnInput) reader.in();
  }

  @Test
  void aNewConnectionHoldsTheSmallestBuffer() {
    assertThat(input().bufferSize()).isEqualTo(ConnInput.MIN_BUFFER);
  }

  @Test
  void theBufferGrowsWhileBusyAndShrinksAfterAQuietSpell() throws Exception {
    OutputStream out = writer.out();
    InputStream in = reader.in();
    byte[] burst = new byte[256 * 1024];
    CompletableFuture<Void> send =
        CompletableFuture.runAsync(
            () -> {
              try {
                out.write(burst);
                out.flush();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(in.readNBytes(burst.length)).hasSize(burst.length);
    send.get();
    assertThat(input().bufferSize()).isGreaterThan(ConnInput.MIN_BUFFER);

    // The reader now waits more than a second for the next byte: it is idle.
    CompletableFuture<Integer> quiet = CompletableFuture.supplyAsync(this::readOne);
    await().pollDelay(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(5)).until(() -> true);
    out.write('a');
    out.flush();
    assertThat(quiet.get()).isEqualTo('a');

    out.write('b');
    out.flush();
    assertThat(in.read()).isEqualTo('b');
    assertThat(input().bufferSize()).isEqualTo(ConnInput.MIN_BUFFER);
  }

  private int readOne() {
    try {
      return reader.in().read();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
