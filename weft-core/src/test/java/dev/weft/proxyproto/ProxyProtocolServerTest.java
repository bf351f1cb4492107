package dev.weft.proxyproto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.access.AccessControl;
import dev.weft.access.AccessRules;
import dev.weft.net.Clients;
import dev.weft.net.CloseCause;
import dev.weft.net.CloseInfo;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import dev.weft.net.Handler;
import dev.weft.net.NetException;
import dev.weft.net.RejectReason;
import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** ProxyProtocolSetup on a real server: clients on loopback, 127.0.0.1 trusted, 127.0.0.2+ not. */
class ProxyProtocolServerTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final InetSocketAddress CLIENT = new InetSocketAddress("203.0.113.7", 40000);
  private static final InetSocketAddress DEST = new InetSocketAddress("198.51.100.1", 443);

  private final List<CloseInfo> closed = new CopyOnWriteArrayList<>();
  private final List<RejectReason> rejected = new CopyOnWriteArrayList<>();
  private final ConnectionListener events = new ConnectionListener() {
    @Override
    public void closed(ConnectionInfo conn, CloseInfo close) {
      closed.add(close);
    }

    @Override
    public void rejected(InetSocketAddress remote, RejectReason reason) {
      rejected.add(reason);
    }
  };

  /** Says who it thinks the client is, then echoes. */
  private final Handler whoAmI = conn -> {
    conn.out().write((NetException.addr(conn.remoteAddress()) + "\n").getBytes(StandardCharsets.UTF_8));
    conn.in().transferTo(conn.out());
  };

  private final ProxyProtocolSetup trustLocalhost =
      ProxyProtocolSetup.builder().acceptFrom("127.0.0.1/32").build();

  private Server start(ProxyProtocolSetup pp, AccessRules rules) throws Exception {
    ServerConfig c = Server.builder().listener(events).admission(new AccessControl(rules)).build();
    return Server.start(pp.applyTo(c), whoAmI);
  }

  @Test
  void v1HeaderFromATrustedProxyMakesTheRealClientTheRemoteAddress() throws Exception {
    try (Server server = start(trustLocalhost, AccessRules.ALLOW_ALL);
        Socket s = Clients.connectFrom("127.0.0.1", server.address())) {
      send(s, ProxyProtocol.encodeV1(ProxyHeader.tcp(CLIENT, DEST)));
      assertThat(firstLine(s)).isEqualTo("203.0.113.7:40000");
      assertThat(Clients.exchange(s, "hello")).isEqualTo("hello");
    }
    assertThat(trustLocalhost.stats().accepted()).isEqualTo(1);
  }

  @Test
  void v2HeaderWithTlvsInTheSameSegmentAsDataIsSplitExactly() throws Exception {
    ProxyHeader h = ProxyHeader.tcp(new InetSocketAddress("2001:db8::7", 5555), new InetSocketAddress("2001:db8::1", 443))
        .withTlvs(List.of(Tlv.of(Tlv.ALPN, "h2"), Tlv.of(Tlv.AUTHORITY, "example.com")));
    byte[] header = ProxyProtocol.encodeV2(h);
    byte[] both = new byte[header.length + 4];
    System.arraycopy(header, 0, both, 0, header.length);
    System.arraycopy("ping".getBytes(), 0, both, header.length, 4);
    try (Server server = start(trustLocalhost, AccessRules.ALLOW_ALL);
        Socket s = Clients.connectFrom("127.0.0.1", server.address())) {
      send(s, both);
      BufferedReader r = reader(s);
      assertThat(r.readLine()).isEqualTo("[2001:db8::7]:5555");
      char[] echo = new char[4];
      assertThat(r.read(echo)).isEqualTo(4);
      assertThat(new String(echo)).isEqualTo("ping");
    }
  }

  @Test
  void headerFromAnUntrustedPeerIsAProtocolErrorAndOthersAreStillServed() throws Exception {
    try (Server server = start(trustLocalhost, AccessRules.ALLOW_ALL)) {
      try (Socket spoof = Clients.connectFrom("127.0.0.2", server.address())) {
        send(spoof, ProxyProtocol.encodeV1(ProxyHeader.tcp(CLIENT, DEST)));
        assertThat(Clients.closedWithoutData(spoof)).isTrue();
      }
      try (Socket ok = Clients.connectFrom("127.0.0.1", server.address())) {
        send(ok, ProxyProtocol.encodeV1(ProxyHeader.tcp(CLIENT, DEST)));
        assertThat(firstLine(ok)).isEqualTo("203.0.113.7:40000");
      }
      await().atMost(WAIT).until(() -> closed.size() == 2);
      CloseInfo spoofed = closed.get(0);
      assertThat(spoofed.cause()).isEqualTo(CloseCause.PROTOCOL_ERROR);
      assertThat(spoofed.error()).isInstanceOf(ProxyProtocolException.class)
          .hasMessageContaining("127.0.0.2").hasMessageContaining("not a trusted proxy");
      assertThat(trustLocalhost.stats().untrusted()).isEqualTo(1);
    }
  }

  @Test
  void garbageFromATrustedPeerClosesOnlyThatConnectionWithAReason() throws Exception {
    try (Server server = start(trustLocalhost, AccessRules.ALLOW_ALL)) {
      try (Socket bad = Clients.connectFrom("127.0.0.1", server.address())) {
        send(bad, "GET / HTTP/1.1\r\n\r\n".getBytes());
        assertThat(Clients.closedWithoutData(bad)).isTrue();
      }
      await().atMost(WAIT).until(() -> closed.size() == 1);
      assertThat(closed.get(0).cause()).isEqualTo(CloseCause.PROTOCOL_ERROR);
      assertThat(closed.get(0).error()).hasMessageContaining("expected a PROXY protocol header, got 'GET / HTTP/1.1");
      assertThat(trustLocalhost.stats().malformed()).isEqualTo(1);
    }
  }

  @Test
  void accessRulesApplyToTheRealClientNotToTheProxy() throws Exception {
    AccessRules rules = AccessRules.builder().allow("203.0.113.0/24").build(); // the proxy is not on it
    try (Server server = start(trustLocalhost, rules)) {
      try (Socket allowed = Clients.connectFrom("127.0.0.1", server.address())) {
        send(allowed, ProxyProtocol.encodeV2(ProxyHeader.tcp(CLIENT, DEST)));
        assertThat(firstLine(allowed)).isEqualTo("203.0.113.7:40000");
      }
      try (Socket denied = Clients.connectFrom("127.0.0.1", server.address())) {
        send(denied, ProxyProtocol.encodeV2(ProxyHeader.tcp(new InetSocketAddress("192.0.2.9", 1), DEST)));
        assertThat(Clients.closedWithoutData(denied)).isTrue();
      }
      try (Socket direct = Clients.connectFrom("127.0.0.3", server.address())) {
        assertThat(Clients.closedWithoutData(direct)).isTrue(); // untrusted: checked on its own address
      }
      await().atMost(WAIT).until(() -> closed.size() == 2 && rejected.size() == 1);
      // The allowed connection's close (it echoes until EOF) and the denied one's race: find it by its error.
      assertThat(closed).filteredOn(c -> c.error() != null).singleElement()
          .satisfies(c -> assertThat(c.error()).isInstanceOfSatisfying(ClientRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectReason.ACCESS_DENIED)));
      assertThat(rejected).containsExactly(RejectReason.ACCESS_DENIED);
    }
  }

  @Test
  void optionalHeaderServesUntrustedPeersAsThemselvesWithoutReadingTheirBytes() throws Exception {
    ProxyProtocolSetup optional = ProxyProtocolSetup.builder().acceptFrom("127.0.0.1").required(false).build();
    try (Server server = start(optional, AccessRules.ALLOW_ALL)) {
      try (Socket direct = Clients.connectFrom("127.0.0.2", server.address())) {
        assertThat(firstLine(direct)).startsWith("127.0.0.2:"); // the server spoke first: nothing was read
        send(direct, ProxyProtocol.encodeV1(ProxyHeader.tcp(CLIENT, DEST)));
        assertThat(firstLine(direct)).startsWith("PROXY TCP4 203.0.113.7"); // echoed as plain data
      }
      try (Socket trustedNoHeader = Clients.connectFrom("127.0.0.1", server.address())) {
        send(trustedNoHeader, "PROBE\n".getBytes());
        BufferedReader r = reader(trustedNoHeader);
        assertThat(r.readLine()).startsWith("127.0.0.1:");
        assertThat(r.readLine()).isEqualTo("PROBE"); // the peeked bytes were replayed
      }
    }
    assertThat(optional.stats().direct()).isEqualTo(2);
  }

  @Test
  void localCommandKeepsTheSocketAddresses() throws Exception {
    try (Server server = start(trustLocalhost, AccessRules.ALLOW_ALL);
        Socket s = Clients.connectFrom("127.0.0.1", server.address())) {
      send(s, ProxyProtocol.encodeV2(ProxyHeader.local()));
      assertThat(firstLine(s)).isEqualTo("127.0.0.1:" + s.getLocalPort());
    }
  }

  @Test
  void aProxyThatSendsNothingIsClosedAtTheHeaderTimeout() throws Exception {
    ProxyProtocolSetup quick = ProxyProtocolSetup.builder().acceptFrom("127.0.0.1").headerTimeout(Duration.ofMillis(200)).build();
    try (Server server = start(quick, AccessRules.ALLOW_ALL);
        Socket s = Clients.connectFrom("127.0.0.1", server.address())) {
      assertThat(Clients.closedWithoutData(s)).isTrue();
      await().atMost(WAIT).until(() -> closed.size() == 1);
      assertThat(closed.get(0).error()).isInstanceOfSatisfying(NetException.class, e -> assertThat(e.isTimeout()).isTrue());
    }
  }

  static void send(Socket s, byte[] bytes) throws java.io.IOException {
    OutputStream out = s.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  private static BufferedReader reader(Socket s) throws java.io.IOException {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Reads one line byte by byte, so nothing after it is buffered away. */
  static String firstLine(Socket s) throws java.io.IOException {
    StringBuilder sb = new StringBuilder();
    for (int b = s.getInputStream().read(); b != '\n' && b >= 0; b = s.getInputStream().read()) {
      sb.append((char) b);
    }
    return sb.toString();
  }
}
