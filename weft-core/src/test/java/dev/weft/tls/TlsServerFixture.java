package dev.weft.tls;


import dev.weft.net.CloseCause;
import dev.weft.net.CloseInfo;
import dev.weft.net.Conn;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS echo server in process, its close causes and errors, and openssl peers: what {@link
 * TlsServerTest} and {@link TlsRefusalTest} share. Subclasses of those run them on another engine
 * by overriding {@link #tls()}.
 */
@Timeout(60)
abstract class TlsServerFixture {
  /** Where every TLS config of this test starts; a subclass runs the suite on another engine. */
  TlsConfig.Builder tls() {
    return TlsConfig.builder();
  }

  @TempDir static Path dir;
  static Pki pki;

  final List<CloseCause> causes = new CopyOnWriteArrayList<>();
  final List<String> errors = new CopyOnWriteArrayList<>();
  Server server;

  @BeforeAll
  static void makeCertificates() throws IOException {
    pki = new Pki(dir);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Echoes lines, after a greeting naming the peer's principal. */
  static void greetAndEcho(Conn conn) throws IOException {
    conn.out().write(("hello " + conn.principal().name() + "\n").getBytes(StandardCharsets.UTF_8));
    byte[] buf = new byte[8192];
    int n;
    while ((n = conn.in().read(buf)) >= 0) {
      conn.out().write(buf, 0, n);
    }
    conn.closeWrite();
  }

  InetSocketAddress start(TlsConfig tls) throws IOException {
    return start(tls, ServerConfig.builder());
  }

  /** Starts the greet-and-echo server on {@code builder}'s other settings (timeouts...). */
  InetSocketAddress start(TlsConfig tls, ServerConfig.Builder builder) throws IOException {
    ConnectionListener events = new ConnectionListener() {
      @Override
      public void closed(ConnectionInfo conn, CloseInfo close) {
        errors.add(String.valueOf(close.error()));
        causes.add(close.cause());
      }
    };
    server = builder.setup(tls.serverSetup()).listener(events).handler(TlsServerFixture::greetAndEcho).start();
    return server.address();
  }

  TlsConfig.Builder serverTls() {
    return tls().certificate(pki.file("server.pem"), pki.file("server.key"));
  }

  TlsConfig.Builder clientTls() {
    return tls().trust(pki.file("ca.pem"));
  }

  OpenSsl sClient(InetSocketAddress a, String... extra) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + a.getPort(), "-quiet", "-CAfile", "ca.pem", "-verify_return_error", "-servername", "localhost"));
    args.addAll(List.of(extra));
    return new OpenSsl(dir, args.toArray(String[]::new));
  }

  int count(CloseCause c) {
    return (int) causes.stream().filter(c::equals).count();
  }

  static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }
}
