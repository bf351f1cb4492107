package dev.weft.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A conn's streams as byte channels (the path TLS takes): same bytes, order and flush rules. */
@Timeout(30)
class ByteChannelTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private interface PairTest {
    void run(TcpConn a, TcpConn b) throws Exception;
  }

  private static void pair(PairTest test) throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      try (TcpConn a = new TcpConn(SocketChannel.open(server.getLocalAddress()), 0, 0, 0);
          TcpConn b = new TcpConn(server.accept(), 0, 0, 0)) {
        test.run(a, b);
      }
    }
  }

  @Test
  void aChannelReadTakesBufferedBytesFirstThenReadsTheSocketIntoADirectBuffer() throws Exception {
    pair((a, b) -> {
      a.out().write(ascii("hello world"));
      a.out().flush();
      assertThat(b.in().read()).isEqualTo('h'); // the stream buffered the rest
      ReadableByteChannel in = (ReadableByteChannel) b.in();
      ByteBuffer dst = ByteBuffer.allocateDirect(64);
      assertThat(in.read(dst)).isEqualTo(10);
      a.out().write(ascii("!"));
      a.out().flush();
      assertThat(in.read(dst)).isEqualTo(1);
      a.closeWrite();
      assertThat(in.read(dst)).isEqualTo(-1);
      byte[] got = new byte[dst.flip().remaining()];
      dst.get(got);
      assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("ello world!");
      assertThat(b.traffic().bytesIn()).isEqualTo(12);
    });
  }

  @Test
  void pendingOutputIsSentBeforeAChannelReadBlocks() throws Exception {
    pair((a, b) -> {
      CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
        try {
          byte[] ping = b.in().readNBytes(4);
          b.out().write(ping);
          b.out().flush();
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      });
      a.out().write(ascii("ping")); // no flush: the read below must send it
      ByteBuffer dst = ByteBuffer.allocate(4);
      while (dst.hasRemaining()) {
        assertThat(((ReadableByteChannel) a.in()).read(dst)).isPositive();
      }
      assertThat(Arrays.copyOf(dst.array(), 4)).isEqualTo(ascii("ping"));
      peer.get(10, TimeUnit.SECONDS);
    });
  }

  @Test
  void channelWritesKeepTheirPlaceAmongStreamWrites() throws Exception {
    pair((a, b) -> {
      byte[] big = new byte[40 * 1024];
      Arrays.fill(big, (byte) 'x');
      WritableByteChannel out = (WritableByteChannel) a.out();
      a.out().write(ascii("<"));
      ByteBuffer direct = ByteBuffer.allocateDirect(big.length).put(big).flip();
      assertThat(out.write(direct)).isEqualTo(big.length); // large: straight to the socket
      assertThat(direct.hasRemaining()).isFalse();
      assertThat(out.write(ByteBuffer.allocateDirect(3).put(ascii("abc")).flip())).isEqualTo(3); // small: buffered
      assertThat(out.write(ByteBuffer.wrap(ascii("-def-"), 1, 3))).isEqualTo(3); // heap, with an offset
      a.out().write(ascii(">"));
      a.closeWrite();
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.write(ascii("<"));
      expected.write(big);
      expected.write(ascii("abcdef>"));
      assertThat(b.in().readAllBytes()).isEqualTo(expected.toByteArray());
    });
  }
}
