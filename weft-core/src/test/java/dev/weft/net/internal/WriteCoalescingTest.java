package dev.weft.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.frame.LineCodec;
import dev.weft.frame.LineReader;
import dev.weft.frame.LineWriter;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WriteCoalescingTest {

  @Test
  void pipelinedRequestsAreAnsweredWithOneWriteSystemCall() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      try (TcpConn client = new TcpConn(SocketChannel.open(server.getLocalAddress()), 0, 0, 0);
          TcpConn handler = new TcpConn(server.accept(), 0, 0, 0)) {
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 16; i++) {
          requests.append('q').append(i).append("\r\n");
        }
        // Under the 128-byte first read buffer, so one read takes the whole batch.
        byte[] batch = requests.toString().getBytes(StandardCharsets.US_ASCII);
        client.out().write(batch);
        client.out().flush();

        // The handler answers each line with its own write() call, as plain code would.
        CompletableFuture<Void> serve =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    LineReader in = LineCodec.defaults().reader(handler.in());
                    LineWriter out = LineCodec.defaults().writer(handler.out());
                    for (String line; (line = in.read()) != null; ) {
                      out.write(line);
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });

        assertThat(client.in().readNBytes(batch.length)).isEqualTo(batch);
        client.closeWrite();
        serve.get(); // also makes the handler thread's counter visible here
        // Sixteen answers, flushed once: when the handler was about to block for line 17.
        assertThat(handler.writeCalls()).isEqualTo(1);
      }
    }
  }
}
