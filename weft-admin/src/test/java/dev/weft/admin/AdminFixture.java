package dev.weft.admin;

import dev.weft.net.Handler;
import dev.weft.net.NetException;
import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A monitored echo service on 127.0.0.1:0 and an admin endpoint, with loopback HTTP and TCP
 * clients. Tests build one per scenario and close it.
 */
final class AdminFixture implements AutoCloseable {
  final Monitor monitor = new Monitor("test-version");
  final ServiceMonitor echo;
  final Server server;
  final AdminServer admin;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  AdminFixture(AdminConfig adminConfig, ServerConfig.Builder service, Handler handler)
      throws NetException {
    ServerConfig base = service.build();
    echo = monitor.service(base.name(), "echo", false);
    admin = AdminServer.start(adminConfig, monitor);
    server = Server.start(service.listener(echo.listener()).build(), handler);
    echo.attach(server);
  }

  /** An echo service named "echo" and an admin endpoint on 127.0.0.1:0. */
  static AdminFixture echo() throws NetException {
    return new AdminFixture(loopbackAdmin(), Server.builder().name("echo"), AdminFixture::echo);
  }

  static AdminConfig loopbackAdmin() {
    return new AdminConfig(new InetSocketAddress("127.0.0.1", 0), null);
  }

  static void echo(dev.weft.net.Conn conn) throws IOException {
    conn.in().transferTo(conn.out());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(path, null);
  }

  HttpResponse<String> get(String path, String authorization)
      throws IOException, InterruptedException {
    InetSocketAddress a = admin.address();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + path))
            .timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Opens one connection, echoes {@code bytes} bytes, half-closes and reads to EOF. */
  void echoOnce(int bytes) throws IOException {
    try (Socket s = new Socket()) {
      s.setSoTimeout(10_000);
      s.connect(server.address(), 5_000);
      byte[] data = new byte[bytes];
      java.util.Arrays.fill(data, (byte) 'x');
      OutputStream out = s.getOutputStream();
      out.write(data);
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      byte[] back = in.readAllBytes();
      if (back.length != bytes) {
        throw new IOException("echoed " + back.length + " of " + bytes + " bytes");
      }
    }
  }

  /** Samples of the Prometheus text: {@code name{labels}} to value, labels as printed. */
  static Map<String, Double> parse(String scrape) {
    Map<String, Double> out = new HashMap<>();
    for (String line : scrape.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return out;
  }

  @Override
  public void close() {
    server.close();
    admin.close();
    monitor.close();
  }
}
