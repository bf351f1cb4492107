package dev.weft.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.Server;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Source-IP hashing end to end: real clients bound to different loopback addresses (127.0.0.x). */
@Timeout(60)
class SourceHashTest extends Fixture {
  private static String greetingFrom(String sourceIp, InetSocketAddress proxy) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(sourceIp), 0));
      s.connect(proxy, 5_000);
      s.setSoTimeout(10_000);
      return Peers.line(s.getInputStream());
    }
  }

  @Test
  void eachClientIpSticksToOneBackendAndDrainingOneMovesOnlyItsClients() throws Exception {
    Server a = track(Peers.named("a"));
    Server b = track(Peers.named("b"));
    Server c = track(Peers.named("c"));
    Proxy proxy = start(proxy(a, b, c).balance(Balance.SOURCE_HASH));
    Map<String, String> first = new HashMap<>();
    for (int i = 2; i < 32; i++) {
      String ip = "127.0.0." + i;
      first.put(ip, greetingFrom(ip, proxy.address()));
      assertThat(greetingFrom(ip, proxy.address())).as(ip).isEqualTo(first.get(ip));
    }
    Set<String> used = new HashSet<>(first.values());
    assertThat(used).hasSizeGreaterThan(1); // 30 clients do not all land on one backend

    String drained = first.get("127.0.0.2");
    proxy.drain(drained);
    for (String ip : first.keySet()) {
      String now = greetingFrom(ip, proxy.address());
      if (first.get(ip).equals(drained)) {
        assertThat(now).isNotEqualTo(drained);
      } else {
        assertThat(now).as(ip).isEqualTo(first.get(ip));
      }
    }
    proxy.undrain(drained);
    for (String ip : List.copyOf(first.keySet())) {
      assertThat(greetingFrom(ip, proxy.address())).as(ip).isEqualTo(first.get(ip));
    }
  }
}
