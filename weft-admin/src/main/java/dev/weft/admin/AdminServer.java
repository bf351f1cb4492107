package dev.weft.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.net.NetException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin HTTP endpoint, on the JDK's {@code com.sun.net.httpserver} with one virtual thread
 * per request:
 *
 * <pre>
 *   GET /metrics      Prometheus text format
 *   GET /healthz      200 while the process runs
 *   GET /readyz       200 when every service listens; 503 while starting or draining
 *   GET /api/status   JSON for the status page
 *   GET /             the status page (static files from the jar)
 *   GET  /api/services/{service}/backends/{backend}          a proxy backend: state, active, empty
 *   POST /api/services/{service}/backends/{backend}/drain    (and /undrain); see {@link BackendApi}
 * </pre>
 *
 * With a token, every endpoint except the page's static files needs {@code Authorization:
 * Bearer <token>} and answers 401 without it; the static files hold no data. A POST that a
 * browser marks as cross-site answers 403 (see {@link CrossSite}). Thread-safe.
 */
public final class AdminServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer http;
  private final ExecutorService executor;
  private final Monitor monitor;
  private final String token;
  private final boolean generated;
  private final BearerToken check;
  private final StaticFiles files = StaticFiles.load();
  private final BackendApi backends;

  private AdminServer(HttpServer http, Monitor monitor, String token, boolean generated) {
    this.http = http;
    this.monitor = monitor;
    this.backends = new BackendApi(monitor);
    this.token = token;
    this.generated = generated;
    this.check = token == null ? null : new BearerToken(token);
    this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("admin-", 0).factory());
    http.setExecutor(executor);
    http.createContext("/", this::handle);
  }

  /**
   * Binds and starts serving. When the address needs a token ({@link
   * AdminConfig#requiresToken()}) and none is configured, one is generated: read it from {@link
   * #token()} and show it to the operator once.
   *
   * @throws NetException if the address cannot be bound (op {@code listen})
   */
  public static AdminServer start(AdminConfig config, Monitor monitor) throws NetException {
    boolean generate = config.token() == null && config.requiresToken();
    String token = generate ? BearerToken.generate() : config.token();
    HttpServer http;
    try {
      http = HttpServer.create(config.listen(), 64);
    } catch (IOException e) {
      throw new NetException("listen", config.listen(), null, e);
    }
    AdminServer server = new AdminServer(http, monitor, token, generate);
    http.start();
    return server;
  }

  /** The bound address, with the real port when configured with port 0. */
  public InetSocketAddress address() {
    return http.getAddress();
  }

  /** The bearer token in force (configured or generated), or null when none is required. */
  public String token() {
    return token;
  }

  /** True when {@link #start} generated the token: the caller shows it to the operator once. */
  public boolean tokenGenerated() {
    return generated;
  }

  /** Stops at once: in-flight requests get a second to finish. */
  @Override
  public void close() {
    http.stop(1);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      boolean read = method.equals("GET") || method.equals("HEAD");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      String path = ex.getRequestURI().getPath();
      boolean api = path.startsWith(BackendApi.PREFIX);
      if (!read && !api) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain", "method not allowed\n");
        return;
      }
      StaticFiles.File file = files.get(path);
      if (file != null) {
        ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'");
        send(ex, 200, file.contentType(), file.body());
        return;
      }
      if (check != null && !check.matches(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"weft-admin\"");
        send(ex, 401, "text/plain", "unauthorized: send Authorization: Bearer <token>\n");
        return;
      }
      if (!read && !CrossSite.allowed(ex.getRequestHeaders(), check == null)) {
        send(ex, 403, "text/plain", "forbidden: a cross-site request may not change state\n");
        return;
      }
      if (api) {
        answer(ex, backends.handle(method, path));
      } else {
        route(ex, path);
      }
    }
  }

  private void answer(HttpExchange ex, BackendApi.Reply r) throws IOException {
    if (r.allow() != null) {
      ex.getResponseHeaders().set("Allow", r.allow());
    }
    if (r.body() instanceof String text) {
      send(ex, r.status(), "text/plain", text + "\n");
    } else {
      send(ex, r.status(), "application/json", JSON.writeValueAsBytes(r.body()));
    }
  }

  private void route(HttpExchange ex, String path) throws IOException {
    switch (path) {
      case "/metrics" -> send(ex, 200, "text/plain; version=0.0.4", monitor.scrape());
      case "/healthz" -> send(ex, 200, "text/plain", "ok\n");
      case "/readyz" -> {
        boolean ready = monitor.ready();
        send(ex, ready ? 200 : 503, "text/plain", ready ? "ready\n" : "not ready\n");
      }
      case "/api/status" ->
          send(ex, 200, "application/json", JSON.writeValueAsBytes(StatusReport.of(monitor)));
      default -> send(ex, 404, "text/plain", "not found\n");
    }
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    send(ex, status, type + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
