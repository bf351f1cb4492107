package dev.weft.cli;

import dev.weft.access.Cidr;
import dev.weft.access.CidrList;
import dev.weft.proxyproto.ProxyProtocolSetup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The {@code proxy-protocol:} block of a service, as written: accept PROXY protocol v1/v2
 * headers from the listed proxies so that access rules, handlers and logs see the real client.
 * See {@link ProxyProtocolSetup} and docs/configuration.md.
 *
 * @param acceptFrom CIDRs of the proxies trusted to send a header. Required, non-empty
 * @param required refuse connections without a header. Default: true
 * @param headerTimeout how long a trusted proxy may take to send it; zero disables. Default: 5s
 * @param maxV2Length the largest v2 header body accepted, 16..65535. Default: 4096
 */
public record ProxyProtocolSettings(
    List<String> acceptFrom, Boolean required, Duration headerTimeout, Integer maxV2Length) {

  /**
   * Builds the setup step, reporting each bad value to {@code problem} with its YAML path.
   *
   * @return the step, or null if any problem was reported
   */
  ProxyProtocolSetup toSetup(String path, BiConsumer<String, String> problem) {
    int[] count = {0};
    BiConsumer<String, String> p = (key, detail) -> {
      count[0]++;
      problem.accept(path + "." + key, detail);
    };
    List<Cidr> trusted = new ArrayList<>();
    if (acceptFrom == null || acceptFrom.isEmpty()) {
      p.accept("accept-from", "needs at least one CIDR: the proxies trusted to send the header");
    } else {
      for (int i = 0; i < acceptFrom.size(); i++) {
        try {
          trusted.add(Cidr.parse(acceptFrom.get(i)));
        } catch (IllegalArgumentException e) {
          p.accept("accept-from[" + i + "]", e.getMessage());
        }
      }
    }
    ProxyProtocolSetup.Builder b = ProxyProtocolSetup.builder().acceptFrom(CidrList.of(trusted));
    if (required != null) {
      b.required(required);
    }
    try {
      if (headerTimeout != null) {
        b.headerTimeout(headerTimeout);
      }
    } catch (IllegalArgumentException e) {
      p.accept("header-timeout", ConfigValidator.withoutFieldName("header-timeout", e.getMessage()));
    }
    try {
      if (maxV2Length != null) {
        b.maxV2Length(maxV2Length);
      }
    } catch (IllegalArgumentException e) {
      p.accept("max-v2-length", ConfigValidator.withoutFieldName("max-v2-length", e.getMessage()));
    }
    return count[0] == 0 ? b.build() : null;
  }
}
