package dev.weft.admin;

import dev.weft.net.NetException;
import dev.weft.net.Server;
import dev.weft.proxy.BackendConfig;
import dev.weft.proxy.Proxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A monitored proxy service "front" on 127.0.0.1:0 balancing (round-robin) over two real
 * backends "a" and "b", and an admin endpoint. Each backend greets with {@code NAME\n}, then
 * echoes until EOF. Tests build one per scenario and close it.
 */
final class ProxyAdminFixture implements AutoCloseable {
  final Monitor monitor = new Monitor("test-version");
  final List<Server> backends = new ArrayList<>();
  final ServiceMonitor front;
  final AdminServer admin;
  final Proxy proxy;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ProxyAdminFixture(AdminConfig adminConfig) throws IOException {
    Server a = backend("a");
    Server b = backend("b");
    front = monitor.service("front", "proxy", false);
    admin = AdminServer.start(adminConfig, monitor);
    proxy = Proxy.builder()
        .server(Server.builder().name("front").listen("127.0.0.1", 0).listener(front.listener()).build())
        .backend(BackendConfig.of(a.address()).withName("a"))
        .backend(BackendConfig.of(b.address()).withName("b"))
        .start();
    front.attach(proxy);
  }

  static ProxyAdminFixture loopback() throws IOException {
    return new ProxyAdminFixture(AdminFixture.loopbackAdmin());
  }

  /** A started backend named {@code name} (closed with the fixture). */
  Server backend(String name) throws NetException {
    Server s = Server.builder().name(name).listen("127.0.0.1", 0).idleTimeout(Duration.ZERO)
        .drainTimeout(Duration.ofSeconds(1))
        .handler(conn -> {
          conn.out().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
          conn.out().flush();
          conn.in().transferTo(conn.out());
        }).start();
    backends.add(s);
    return s;
  }

  /** Opens a connection through the proxy and returns it with the greeting (the backend's name) read. */
  Session open() throws IOException {
    Socket s = new Socket();
    s.setSoTimeout(10_000);
    s.connect(proxy.address(), 5_000);
    return new Session(s, line(s.getInputStream()));
  }

  /** One connection through the proxy and the backend that greeted it. */
  record Session(Socket socket, String backend) implements AutoCloseable {
    /** Sends {@code text} and reads its echo. */
    String roundTrip(String text) throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return new String(socket.getInputStream().readNBytes(text.length()), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** One whole session: greeting, {@code text} echoed, half-close, EOF. Returns the backend's name. */
  String exchange(String text) throws IOException {
    try (Session s = open()) {
      if (!s.roundTrip(text).equals(text)) {
        throw new IOException("echo mismatch");
      }
      s.socket().shutdownOutput();
      if (s.socket().getInputStream().read() != -1) {
        throw new IOException("expected EOF");
      }
      return s.backend();
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("EOF before a greeting");
      }
      b.append((char) c);
    }
    return b.toString();
  }

  HttpResponse<String> send(String method, String path, String token, String origin)
      throws IOException, InterruptedException {
    InetSocketAddress a = admin.address();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    return send(method, path, null, null);
  }

  @Override
  public void close() {
    proxy.close();
    backends.forEach(Server::close);
    admin.close();
    monitor.close();
  }
}
