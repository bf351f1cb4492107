package dev.weft.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.CloseInfo;
import dev.weft.net.Conn;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import dev.weft.net.Dialer;
import dev.weft.net.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * An in-process JFR recording around real TLS connections over loopback: the {@code weft.*}
 * events are in it with the right fields.
 */
class TlsJfrEventsTest extends TlsServerFixture {
  private final List<ConnectionInfo> accepted = new CopyOnWriteArrayList<>();
  private final List<CloseInfo> closed = new CopyOnWriteArrayList<>();

  private void startTlsEcho() throws IOException {
    TlsConfig tls = TlsConfig.builder().certificate(pki.file("server.pem"), pki.file("server.key")).build();
    ConnectionListener events = new ConnectionListener() {
      @Override
      public void accepted(ConnectionInfo conn) {
        accepted.add(conn);
      }

      @Override
      public void closed(ConnectionInfo conn, CloseInfo close) {
        closed.add(close);
      }
    };
    server = ServerConfig.builder().name("tls-echo").setup(tls.serverSetup()).listener(events)
        .handler(TlsServerTest::greetAndEcho).start();
  }

  private Dialer dialer(String ca) throws IOException {
    TlsConfig tls = TlsConfig.builder().trust(pki.file(ca)).build();
    return Dialer.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)).withSetup(tls.clientSetup("localhost"));
  }

  /** Records {@code weft.*} while {@code traffic} runs and the server shuts down; returns them. */
  private List<RecordedEvent> record(IoAction traffic) throws IOException {
    Path file = dir.resolve("weft-" + System.nanoTime() + ".jfr");
    try (Recording r = new Recording()) {
      for (String name : List.of("weft.ConnectionOpened", "weft.ConnectionClosed", "weft.TlsHandshake")) {
        r.enable(name);
      }
      r.start();
      traffic.run();
      server.close(); // returns after every closed event
      r.stop();
      r.dump(file);
    }
    return RecordingFile.readAllEvents(file);
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
    return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
  }

  @Test
  void aTlsConnectionRecordsOpenHandshakeAndClose() throws IOException {
    startTlsEcho();
    List<RecordedEvent> events = record(() -> {
      try (Conn c = dialer("ca.pem").dial(server.address())) {
        assertThat(TlsTesting.line(c)).isEqualTo("hello anonymous");
        assertThat(TlsTesting.echo(c, "ping")).isEqualTo("ping");
        c.closeWrite();
        assertThat(TlsTesting.line(c)).isNull();
      }
    });
    ConnectionInfo info = accepted.get(0);
    CloseInfo close = closed.get(0); // what the server's listener saw; the JFR event must agree

    assertThat(named(events, "weft.ConnectionOpened")).singleElement().satisfies(e -> {
      assertThat(e.getLong("connectionId")).isEqualTo(info.id());
      assertThat(e.getString("service")).isEqualTo("tls-echo");
      assertThat(e.getString("remoteAddress")).isEqualTo(dev.weft.net.NetException.addr(info.remote()));
    });
    List<RecordedEvent> handshakes = named(events, "weft.TlsHandshake");
    assertThat(handshakes).hasSize(2).allSatisfy(e -> {
      assertThat(e.getBoolean("success")).isTrue();
      assertThat(e.getString("protocol")).isEqualTo("TLSv1.3");
      assertThat(e.getString("cipherSuite")).startsWith("TLS_");
      assertThat(e.getString("failure")).isNull();
      assertThat(e.getDuration()).isPositive();
    });
    assertThat(handshakes).filteredOn(e -> !e.getBoolean("clientSide")).singleElement()
        .satisfies(e -> assertThat(e.getString("connection")).isEqualTo(info.tag()));
    assertThat(named(events, "weft.ConnectionClosed")).singleElement().satisfies(e -> {
      assertThat(e.getLong("connectionId")).isEqualTo(info.id());
      assertThat(e.getString("cause")).isEqualTo(close.cause().name()).isIn("CLIENT_CLOSED", "SERVER_CLOSED");
      assertThat(e.getLong("bytesIn")).isEqualTo(close.bytesIn()).isGreaterThan("ping\n".length()); // TLS records
      assertThat(e.getLong("bytesOut")).isEqualTo(close.bytesOut()).isGreaterThan("hello anonymous\nping\n".length());
      assertThat(e.getDuration("connectionDuration")).isEqualTo(close.duration()).isPositive();
      assertThat(e.getString("error")).isNull();
    });
  }

  @Test
  void aFailedHandshakeIsRecordedWithItsReason() throws IOException {
    startTlsEcho();
    List<RecordedEvent> events = record(() -> assertThatThrownBy(() -> dialer("other-ca.pem").dial(server.address()).close())
        .isInstanceOf(IOException.class));

    assertThat(named(events, "weft.TlsHandshake")).isNotEmpty().allSatisfy(e -> {
      assertThat(e.getBoolean("success")).isFalse();
      assertThat(e.getString("failure")).isNotBlank();
    });
    assertThat(named(events, "weft.ConnectionClosed")).singleElement().satisfies(e -> {
      assertThat(e.getString("cause")).isEqualTo("HANDSHAKE_FAILED");
      assertThat(e.getString("error")).startsWith("handshake tcp ");
    });
  }
}
