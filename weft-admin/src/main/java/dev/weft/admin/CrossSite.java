package dev.weft.admin;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.util.Locale;

/**
 * Guards the admin API's state-changing requests (drain) against a web page in the operator's
 * browser: a cross-site form or fetch carries {@code Origin} (and {@code Sec-Fetch-Site}), which
 * must then name this endpoint. Without a token the endpoint is on loopback, so its {@code Host}
 * must be a loopback name too: a DNS-rebound name is refused. curl and scripts send neither
 * header and pass.
 */
final class CrossSite {
  private CrossSite() {}

  /** True when the request may change state. {@code loopbackOnly}: no token is configured. */
  static boolean allowed(Headers headers, boolean loopbackOnly) {
    if ("cross-site".equals(headers.getFirst("Sec-Fetch-Site"))) {
      return false;
    }
    String host = headers.getFirst("Host");
    String origin = headers.getFirst("Origin");
    if (origin != null && (host == null || !origin.equalsIgnoreCase("http://" + host))) {
      return false;
    }
    return !loopbackOnly || host == null || loopbackName(host);
  }

  private static boolean loopbackName(String hostHeader) {
    String h;
    try {
      h = URI.create("http://" + hostHeader + "/").getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (h == null) {
      return false;
    }
    h = h.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("[::1]") || h.matches("127(\\.\\d{1,3}){3}");
  }
}
