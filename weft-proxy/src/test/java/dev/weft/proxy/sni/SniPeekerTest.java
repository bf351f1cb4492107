package dev.weft.proxy.sni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.CloseCause;
import dev.weft.net.CloseInfo;
import dev.weft.net.Conn;
import dev.weft.net.ConnSetup;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import dev.weft.net.Handler;
import dev.weft.net.Server;
import dev.weft.proxy.ServerNamePeeker;
import dev.weft.tls.OpenSsl;
import dev.weft.tls.TlsConfig;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SniPeeker on real sockets: a real openssl s_client, and a hello sent one byte per TCP segment. */
class SniPeekerTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dir;
  private final List<String> names = new CopyOnWriteArrayList<>();
  private final List<CloseInfo> closed = new CopyOnWriteArrayList<>();
  private final ConnectionListener events = new ConnectionListener() {
    @Override
    public void closed(ConnectionInfo conn, CloseInfo close) {
      closed.add(close);
    }
  };

  @Test
  void opensslServerNameIsSeenAndTheReplayedHelloCompletesTheHandshake() throws Exception {
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
        "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=x.example");
    ConnSetup tls = TlsConfig.builder().certificate(dir.resolve("cert.pem"), dir.resolve("key.pem")).build().serverSetup();
    SniPeeker peeker = new SniPeeker();
    Handler peekThenTerminate = conn -> {
      ServerNamePeeker.Peeked p = peeker.peek(conn);
      names.add(String.valueOf(p.serverName()));
      Conn secure = tls.setUp(p.conn()); // the handshake reads the replayed ClientHello
      secure.in().transferTo(secure.out());
    };
    try (Server server = Server.builder().handler(peekThenTerminate).start();
        OpenSsl client = new OpenSsl(dir, "s_client", "-connect", "127.0.0.1:" + server.address().getPort(),
            "-servername", "X.example", "-alpn", "h2", "-quiet")) {
      client.send("through the peek\n");
      client.awaitOutput("through the peek");
      assertThat(names).containsExactly("x.example");
    }
  }

  @Test
  void aHelloSentOneBytePerSegmentIsReassembledAndPlainTextIsRefused() throws Exception {
    Handler report = conn -> {
      ServerNamePeeker.Peeked p = new SniPeeker().peek(conn);
      names.add(p.serverName());
      conn.out().write(p.conn().in().readNBytes(6)); // the first replayed bytes, then a byte after
    };
    byte[] wire = Hellos.records(Hellos.message("slow.example", List.of("h2"), 32, 300), List.of(100, 7));
    try (Server server = Server.builder().listener(events).handler(report).start()) {
      try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
        s.setTcpNoDelay(true);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        for (byte b : wire) {
          out.write(b);
          out.flush();
        }
        assertThat(s.getInputStream().readNBytes(6)).containsExactly(java.util.Arrays.copyOf(wire, 6));
      }
      try (Socket http = new Socket("127.0.0.1", server.address().getPort())) {
        http.setSoTimeout(10_000);
        http.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes());
        assertThat(http.getInputStream().read()).isEqualTo(-1);
      }
      await().atMost(WAIT).until(() -> closed.size() == 2);
      assertThat(names).containsExactly("slow.example");
      // The two closes may be recorded in either order: the first connection's thread may still be closing.
      assertThat(closed).filteredOn(c -> c.cause() == CloseCause.PROTOCOL_ERROR).singleElement()
          .satisfies(c -> assertThat(c.error()).isInstanceOf(TlsPeekException.class).hasMessageContaining("first byte 0x47"));
    }
  }

  private void run(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("openssl.log").toFile()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }
}
