package dev.weft.proxyproto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.net.Clients;
import dev.weft.net.Handler;
import dev.weft.net.NetException;
import dev.weft.net.Server;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real HAProxy (Debian's {@code haproxy}) in TCP mode with {@code send-proxy} and {@code
 * send-proxy-v2} in front of a Weft echo server that accepts PROXY headers from 127.0.0.1. The
 * client connects to HAProxy from 127.0.0.5; Weft must see 127.0.0.5.
 */
class HaproxyPeerTest {
  private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

  @TempDir Path dir;
  private Process haproxy;

  /** Reports the client address and whether a unique-id TLV came, then echoes. */
  private final Handler whoAmI = conn -> {
    boolean uniqueId = conn instanceof ProxiedConn p && p.header().uniqueId().isPresent();
    conn.out().write((NetException.addr(conn.remoteAddress()) + " unique-id=" + uniqueId + "\n")
        .getBytes(StandardCharsets.UTF_8));
    conn.in().transferTo(conn.out());
  };

  @AfterEach
  void stopHaproxy() throws InterruptedException {
    if (haproxy != null) {
      haproxy.destroy();
      haproxy.waitFor();
    }
  }

  @Test
  void sendProxyV1AndV2BothReachTheHandlerAsTheRealClient() throws Exception {
    assumeTrue(Files.isExecutable(HAPROXY), "haproxy is not installed");
    ProxyProtocolSetup pp = ProxyProtocolSetup.builder().acceptFrom("127.0.0.1/32").build();
    try (Server weft = Server.start(pp.applyTo(Server.builder().build()), whoAmI)) {
      int v1 = freePort();
      int v2 = freePort();
      startHaproxy(weft.address().getPort(), v1, v2);
      assertThat(ask(v1)).matches("127\\.0\\.0\\.5:\\d+ unique-id=false");
      assertThat(ask(v2)).matches("127\\.0\\.0\\.5:\\d+ unique-id=true");
      assertThat(pp.stats().accepted()).isGreaterThanOrEqualTo(2); // plus the readiness probes
      assertThat(pp.stats().malformed()).isZero();
    }
  }

  private String ask(int port) throws IOException {
    try (Socket s = Clients.connectFrom("127.0.0.5", new java.net.InetSocketAddress("127.0.0.1", port))) {
      String line = ProxyProtocolServerTest.firstLine(s);
      assertThat(Clients.exchange(s, "through haproxy")).isEqualTo("through haproxy");
      return line;
    }
  }

  private void startHaproxy(int weftPort, int v1, int v2) throws IOException {
    String cfg = String.join("\n",
        "global",
        "  maxconn 100",
        "defaults",
        "  mode tcp",
        "  timeout connect 5s",
        "  timeout client 30s",
        "  timeout server 30s",
        "frontend v1",
        "  bind 127.0.0.1:" + v1,
        "  default_backend weft-v1",
        "backend weft-v1",
        "  server weft 127.0.0.1:" + weftPort + " send-proxy",
        "frontend v2",
        "  bind 127.0.0.1:" + v2,
        "  unique-id-format %{+X}o%ci:%cp_%fi:%fp_%Ts_%rt",
        "  default_backend weft-v2",
        "backend weft-v2",
        "  server weft 127.0.0.1:" + weftPort + " send-proxy-v2 proxy-v2-options unique-id",
        "");
    Path file = dir.resolve("haproxy.cfg");
    Files.writeString(file, cfg);
    haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("haproxy.log").toFile())
        .start();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
      assertThat(haproxy.isAlive()).as(Files.readString(dir.resolve("haproxy.log"))).isTrue();
      new Socket("127.0.0.1", v1).close();
      new Socket("127.0.0.1", v2).close();
      return true;
    });
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
