package dev.weft.testing;

import dev.weft.net.Conn;
import dev.weft.net.ConnSetup;
import dev.weft.tls.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link dev.weft.tls.TlsConn} keeps the {@code Conn} contract: TLS 1.3 over an in-memory pair,
 * with a certificate made by the real {@code openssl}. {@code first} is the server end.
 */
class TlsConnContractTest extends ConnContract {
  private static Path dir;
  private static ConnSetup server;
  private static ConnSetup client;

  @BeforeAll
  static void certificates() throws Exception {
    dir = Files.createTempDirectory("weft-tls-contract");
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "k.pem",
        "-out", "c.pem", "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost");
    server = TlsConfig.builder().certificate(dir.resolve("c.pem"), dir.resolve("k.pem")).build().serverSetup();
    client = TlsConfig.builder().trust(dir.resolve("c.pem")).build().clientSetup("localhost");
  }

  @AfterAll
  static void clean() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  private static void openssl(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("openssl failed: " + cmd);
    }
  }

  @Override
  protected ConnPair newPair() throws Exception {
    ConnPair raw = MemoryConn.pair();
    CompletableFuture<Conn> serverSide = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        serverSide.complete(server.setUp(raw.first()));
      } catch (Throwable t) {
        serverSide.completeExceptionally(t);
      }
    });
    Conn clientSide = client.setUp(raw.second());
    return new ConnPair(serverSide.get(WAIT.toSeconds(), TimeUnit.SECONDS), clientSide);
  }
}
