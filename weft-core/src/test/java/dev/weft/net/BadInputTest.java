package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.frame.FrameTooLargeException;
import dev.weft.frame.LengthFieldCodec;
import dev.weft.frame.LineCodec;
import dev.weft.frame.LineReader;
import dev.weft.frame.LineWriter;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each kind of bad input closes only the offending connection, with a clear reason and a counted
 * event, while a well-behaved client on the same server keeps being served.
 */
class BadInputTest {
  private static final LineCodec LINES = LineCodec.builder().maxLineLength(64).build();

  /** Echoes lines; frames longer than 64 bytes are a protocol error. */
  private static final Handler LINE_ECHO =
      conn -> {
        LineReader in = LINES.reader(conn.in());
        LineWriter out = LINES.writer(conn.out());
        String line;
        while ((line = in.read()) != null) {
          out.write(line);
        }
      };

  /** Echoes length-prefixed frames of at most 1 KiB. */
  private static final Handler FRAME_ECHO =
      conn -> {
        LengthFieldCodec codec = LengthFieldCodec.builder().maxFrameLength(1024).build();
        var in = codec.reader(conn.in());
        var out = codec.writer(conn.out());
        byte[] frame;
        while ((frame = in.read()) != null) {
          out.write(frame);
        }
      };

  private static String lineExchange(Socket s, String line) throws Exception {
    return Clients.exchange(s, line + "\r\n").strip();
  }

  @Test
  void oversizedLineClosesThatConnectionWithProtocolError() throws Exception {
    TestEvents events = new TestEvents();
    try (Server server = Server.builder().listener(events).handler(LINE_ECHO).start();
        Socket good = Clients.connect(server.address());
        Socket bad = Clients.connect(server.address())) {
      assertThat(lineExchange(good, "hello")).isEqualTo("hello");
      bad.getOutputStream().write("x".repeat(10_000).getBytes(StandardCharsets.US_ASCII));
      await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
      CloseInfo close = events.closed.get(0);
      assertThat(close.cause()).isEqualTo(CloseCause.PROTOCOL_ERROR);
      assertThat(close.error()).isInstanceOf(FrameTooLargeException.class).hasMessageContaining("limit is 64");
      assertThat(lineExchange(good, "still served")).isEqualTo("still served");
    }
  }

  @Test
  void garbageBytesFailTheFrameHeaderWithoutAllocatingWhatItClaims() throws Exception {
    TestEvents events = new TestEvents();
    try (Server server = Server.builder().listener(events).handler(FRAME_ECHO).start();
        Socket good = Clients.connect(server.address());
        Socket bad = Clients.connect(server.address())) {
      byte[] garbage = new byte[64];
      Arrays.fill(garbage, (byte) 0xEE); // header claims 0xEEEEEEEE bytes
      bad.getOutputStream().write(garbage);
      await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
      assertThat(events.closed.get(0).cause()).isEqualTo(CloseCause.PROTOCOL_ERROR);
      assertThat(events.closed.get(0).error()).hasMessageContaining("limit is 1024");
      byte[] frame = {0, 0, 0, 3, 'a', 'b', 'c'};
      good.getOutputStream().write(frame);
      assertThat(good.getInputStream().readNBytes(frame.length)).isEqualTo(frame);
    }
  }

  @Test
  void peerThatVanishesMidFrameIsReportedAsTruncated() throws Exception {
    TestEvents events = new TestEvents();
    try (Server server = Server.builder().listener(events).handler(FRAME_ECHO).start();
        Socket good = Clients.connect(server.address())) {
      try (Socket bad = Clients.connect(server.address())) {
        bad.getOutputStream().write(new byte[] {0, 0, 0, 100, 1, 2, 3});
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
      assertThat(events.closed.get(0).cause()).isEqualTo(CloseCause.PROTOCOL_ERROR);
      assertThat(events.closed.get(0).error()).hasMessageContaining("truncated");
      byte[] frame = {0, 0, 0, 1, 'z'};
      good.getOutputStream().write(frame);
      assertThat(good.getInputStream().readNBytes(frame.length)).isEqualTo(frame);
    }
  }

  @Test
  void slowlorisPeerDribblingALineIsCutByTheFrameDeadline() throws Exception {
    TestEvents events = new TestEvents();
    Handler deadlinePerLine =
        conn -> {
          LineReader in = LINES.reader(conn.in());
          LineWriter out = LINES.writer(conn.out());
          while (true) {
            conn.setReadDeadline(java.time.Instant.now().plusMillis(500)); // a whole line in 0.5 s
            String line = in.read();
            if (line == null) {
              return;
            }
            out.write(line);
          }
        };
    try (Server server = Server.builder().listener(events).handler(deadlinePerLine).start();
        Socket good = Clients.connect(server.address());
        Socket slow = Clients.connect(server.address())) {
      OutputStream dribble = slow.getOutputStream();
      // One byte per Awaitility poll (every 100 ms): each read succeeds, the line never ends.
      // The good client completes a line on every poll, well inside its own deadline.
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                try {
                  dribble.write('a');
                } catch (java.io.IOException closed) {
                  // The server has closed us; the event below is what the test waits for.
                }
                assertThat(lineExchange(good, "served")).isEqualTo("served");
                return !events.closed.isEmpty();
              });
      assertThat(events.closed.get(0).cause()).isEqualTo(CloseCause.READ_TIMEOUT);
      assertThat(lineExchange(good, "served")).isEqualTo("served");
    }
  }

  @Test
  void connectionFloodFromOneAddressIsCappedAndOthersAreServed() throws Exception {
    TestEvents events = new TestEvents();
    List<Socket> flood = new ArrayList<>();
    try (Server server =
            Server.builder().maxConnectionsPerIp(10).listener(events).handler(LINE_ECHO).start();
        Socket other = Clients.connectFrom("127.0.0.2", server.address())) {
      for (int i = 0; i < 50; i++) {
        flood.add(Clients.connectFrom("127.0.0.3", server.address()));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> events.rejected.size() == 40);
      assertThat(events.rejected).containsOnly(RejectReason.PER_IP_LIMIT);
      assertThat(lineExchange(other, "unaffected")).isEqualTo("unaffected");
    } finally {
      for (Socket s : flood) {
        s.close();
      }
    }
  }

  @Test
  void halfOpenPeerIsClosedByTheIdleTimeout() throws Exception {
    TestEvents events = new TestEvents();
    try (Server server =
            Server.builder().idleTimeout(Duration.ofMillis(300)).listener(events).handler(LINE_ECHO).start();
        Socket silent = Clients.connect(server.address())) {
      // The peer neither sends nor closes, as after a crash or a cut cable.
      await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
      assertThat(events.closed.get(0).cause()).isEqualTo(CloseCause.IDLE_TIMEOUT);
      try (Socket fresh = Clients.connect(server.address())) {
        assertThat(lineExchange(fresh, "new")).isEqualTo("new");
      }
      assertThat(silent.isClosed()).isFalse();
    }
  }

  @Test
  void nonUtf8GarbageInALineIsEchoedAsReplacementNotACrash() throws Exception {
    TestEvents events = new TestEvents();
    try (Server server = Server.builder().listener(events).handler(LINE_ECHO).start();
        Socket s = Clients.connect(server.address())) {
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {(byte) 0xC3, (byte) 0x28, '\r', '\n'});
      byte[] back = s.getInputStream().readNBytes(6); // U+FFFD is 3 bytes, then '(' and CRLF
      assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo("\uFFFD(\r\n");
      assertThat(lineExchange(s, "after")).isEqualTo("after");
      assertThat(events.closed).isEmpty();
    }
  }
}
