package dev.weft.admin;

import dev.weft.proxy.BackendStats;
import dev.weft.proxy.Proxy;
import java.util.List;

/**
 * The proxy backend part of the admin API:
 *
 * <pre>
 *   GET  /api/services/{service}/backends/{backend}           state, active connections, empty
 *   POST /api/services/{service}/backends/{backend}/drain     no new connections; same answer
 *   POST /api/services/{service}/backends/{backend}/undrain   takes new connections again
 * </pre>
 *
 * Unknown services, services that are not proxies and unknown backends answer 404; other methods
 * 405. The caller has checked the token. Thread-safe.
 */
final class BackendApi {
  /** Where these paths start. */
  static final String PREFIX = "/api/services/";

  /** An answer: status, the methods allowed (for 405), and a JSON body (or plain text). */
  record Reply(int status, String allow, Object body) {}

  /** The body of a backend answer. */
  record Backend(String service, String backend, String state, int active, boolean empty) {}

  private final Monitor monitor;

  BackendApi(Monitor monitor) {
    this.monitor = monitor;
  }

  /** Answers {@code method} on {@code path} (which starts with {@link #PREFIX}). */
  Reply handle(String method, String path) {
    List<String> parts = List.of(path.substring(PREFIX.length()).split("/", -1));
    if (parts.size() < 3 || parts.size() > 4 || !parts.get(1).equals("backends")
        || parts.stream().anyMatch(String::isEmpty)) {
      return notFound("not found");
    }
    String action = parts.size() == 4 ? parts.get(3) : null;
    if (action != null && !action.equals("drain") && !action.equals("undrain")) {
      return notFound("not found");
    }
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (action == null && !read) {
      return new Reply(405, "GET, HEAD", "method not allowed");
    }
    if (action != null && !method.equals("POST")) {
      return new Reply(405, "POST", "method not allowed");
    }
    ServiceMonitor service = monitor.service(parts.get(0));
    ProxyMonitor pm = service == null ? null : service.proxy();
    if (pm == null) {
      return notFound("no proxy service named '" + parts.get(0) + "'");
    }
    String backend = parts.get(2);
    Proxy proxy = pm.proxy();
    try {
      if ("drain".equals(action)) {
        proxy.drain(backend);
      } else if ("undrain".equals(action)) {
        proxy.undrain(backend);
      }
    } catch (IllegalArgumentException e) {
      return notFound(noBackend(service, backend));
    }
    BackendStats b = pm.fresh().backend(backend);
    if (b == null) {
      return notFound(noBackend(service, backend));
    }
    return new Reply(200, null, new Backend(service.name(), b.name(), ProxyMonitor.label(b.state()),
        b.active(), b.active() == 0));
  }

  private static String noBackend(ServiceMonitor service, String backend) {
    return "service '" + service.name() + "' has no backend named '" + backend + "'";
  }

  private static Reply notFound(String why) {
    return new Reply(404, null, why);
  }
}
