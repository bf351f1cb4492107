package dev.weft.cli;

import dev.weft.net.ProtocolException;
import dev.weft.proxy.Route;
import dev.weft.proxy.Router;
import dev.weft.proxy.ServerNamePeeker;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The server-name table of a proxy's {@code sni:} block: exact names and one-label wildcards
 * ({@code *.example.com} matches {@code a.example.com}, not {@code example.com} nor
 * {@code a.b.example.com}), compared case-insensitively; an exact name wins over a wildcard.
 * Immutable and thread-safe.
 *
 * @param routes server name (lower case) to backend group
 * @param fallback the group for a hello without a server name or with an unknown one; null
 *     closes such a connection
 */
record SniRoutes(Map<String, String> routes, String fallback) {
  SniRoutes {
    Map<String, String> copy = new LinkedHashMap<>();
    routes.forEach((name, group) -> copy.put(checkName(name), Objects.requireNonNull(group, "group")));
    routes = Map.copyOf(copy);
  }

  /** The name in lower case, or an {@link IllegalArgumentException} saying what is wrong with it. */
  static String checkName(String name) {
    String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    String rest = n.startsWith("*.") ? n.substring(2) : n;
    if (rest.isEmpty() || rest.contains("*") || rest.startsWith(".") || rest.endsWith(".") || rest.contains("..")) {
      throw new IllegalArgumentException(
          "server name '" + name + "' must be a host name, or '*.' and a domain for one label");
    }
    return n;
  }

  /** The group for {@code serverName} (null when the client sent none), or null for no route. */
  String groupOf(String serverName) {
    if (serverName == null) {
      return fallback;
    }
    String name = serverName.toLowerCase(Locale.ROOT);
    String group = routes.get(name);
    int dot = name.indexOf('.');
    if (group == null && dot > 0) {
      group = routes.get("*" + name.substring(dot));
    }
    return group != null ? group : fallback;
  }

  /**
   * A router that peeks with {@code peeker} and routes by this table. A connection with no route
   * fails with a {@link ProtocolException}: it ends as ROUTE_FAILED, closed with PROTOCOL_ERROR.
   */
  Router router(ServerNamePeeker peeker) {
    return client -> {
      ServerNamePeeker.Peeked p = peeker.peek(client);
      String group = groupOf(p.serverName());
      if (group == null) {
        throw new ProtocolException(p.serverName() == null
            ? "no server name in the ClientHello and no sni default"
            : "no sni route for server name '" + p.serverName() + "'");
      }
      return new Route(p.conn(), group);
    };
  }
}
