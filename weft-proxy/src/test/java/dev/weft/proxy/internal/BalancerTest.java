package dev.weft.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.proxy.Balance;
import dev.weft.proxy.BackendConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each algorithm's distribution over in-process backends (no sockets: these are pure choices). */
class BalancerTest {
  private static final Backend.StateSink QUIET = (b, from, to, why) -> {};

  static Backend backend(String name, int weight) {
    return new Backend(
        BackendConfig.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1000 + name.hashCode() % 1000))
            .withName(name).withWeight(weight), QUIET);
  }

  private static Map<String, Integer> counts(Balancer balancer, List<Backend> list, int picks) {
    Map<String, Integer> n = new HashMap<>();
    for (int i = 0; i < picks; i++) {
      n.merge(balancer.pick(list, null).name(), 1, Integer::sum);
    }
    return n;
  }

  @Test
  void roundRobinGivesEachTheSameShareInOrder() {
    List<Backend> list = List.of(backend("a", 1), backend("b", 5), backend("c", 1));
    Balancer rr = Balancer.of(Balance.ROUND_ROBIN, list);
    List<String> seq = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      seq.add(rr.pick(list, null).name());
    }
    assertThat(seq).containsExactly("a", "b", "c", "a", "b", "c");
  }

  @Test
  void smoothWeightedInterleavesByWeight() {
    List<Backend> list = List.of(backend("a", 5), backend("b", 1), backend("c", 1));
    Balancer wrr = Balancer.of(Balance.WEIGHTED_ROUND_ROBIN, list);
    String seq = "";
    for (int i = 0; i < 7; i++) {
      seq += wrr.pick(list, null).name();
    }
    assertThat(seq).isEqualTo("aabacaa"); // nginx's example: smooth, not aaaaabc
    assertThat(counts(wrr, list, 7000)).containsEntry("a", 5000).containsEntry("b", 1000).containsEntry("c", 1000);
  }

  @Test
  void leastConnectionsPicksTheLeastLoadedPerWeight() {
    Backend a = backend("a", 1);
    Backend b = backend("b", 2);
    Backend c = backend("c", 1);
    List<Backend> list = List.of(a, b, c);
    open(a, 2);
    open(b, 3); // 1.5 per unit of weight
    open(c, 1);
    Balancer lc = Balancer.of(Balance.LEAST_CONNECTIONS, list);
    assertThat(lc.pick(list, null)).isSameAs(c);
    open(c, 2); // c: 3 per weight; b: 1.5 per weight
    assertThat(lc.pick(list, null)).isSameAs(b);
  }

  @Test
  void leastConnectionsSpreadsTiesRoundRobin() {
    List<Backend> list = List.of(backend("a", 1), backend("b", 1), backend("c", 1));
    assertThat(counts(Balancer.of(Balance.LEAST_CONNECTIONS, list), list, 300)).containsOnly(
        Map.entry("a", 100), Map.entry("b", 100), Map.entry("c", 100));
  }

  @Test
  void powerOfTwoSpreadsEvenlyAndAvoidsTheLoadedOne() {
    Backend a = backend("a", 1);
    Backend b = backend("b", 1);
    Backend c = backend("c", 1);
    List<Backend> list = List.of(a, b, c);
    Balancer p2 = Balancer.of(Balance.POWER_OF_TWO, list);
    Map<String, Integer> idle = counts(p2, list, 30_000);
    assertThat(idle.values()).allSatisfy(n -> assertThat(n).isBetween(8_500, 11_500));
    open(a, 10);
    Map<String, Integer> loaded = counts(p2, list, 3_000);
    // a loses every comparison, so it is never picked: any pair contains a less-loaded other.
    assertThat(loaded).doesNotContainKey("a");
  }

  @Test
  void sourceHashKeepsAClientOnOneBackend() throws UnknownHostException {
    List<Backend> list = List.of(backend("a", 1), backend("b", 1), backend("c", 1));
    Balancer h = Balancer.of(Balance.SOURCE_HASH, list);
    InetAddress client = InetAddress.getByName("10.1.2.3");
    Backend first = h.pick(list, client);
    for (int i = 0; i < 10; i++) {
      assertThat(h.pick(list, client)).isSameAs(first);
    }
  }

  @Test
  void sourceHashSpreadsClientsRoughlyByWeight() throws UnknownHostException {
    List<Backend> list = List.of(backend("a", 1), backend("b", 1), backend("c", 2));
    Balancer h = Balancer.of(Balance.SOURCE_HASH, list);
    Map<String, Integer> n = new HashMap<>();
    for (String ip : clients(20_000)) {
      n.merge(h.pick(list, InetAddress.getByName(ip)).name(), 1, Integer::sum);
    }
    assertThat(n.get("a")).isBetween(4_000, 6_000);
    assertThat(n.get("b")).isBetween(4_000, 6_000);
    assertThat(n.get("c")).isBetween(8_500, 11_500);
  }

  @Test
  void sourceHashMovesOnlyTheRemovedBackendsClients() throws UnknownHostException {
    List<Backend> five = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "d", "e")) {
      five.add(backend(name, 1));
    }
    Map<String, String> before = assign(five);
    List<Backend> four = five.stream().filter(b -> !b.name().equals("c")).collect(Collectors.toList());
    Map<String, String> after = assign(four);
    int moved = 0;
    for (String ip : before.keySet()) {
      if (!before.get(ip).equals("c")) {
        assertThat(after.get(ip)).as(ip).isEqualTo(before.get(ip));
      } else {
        moved++;
      }
    }
    assertThat(moved).isBetween(1_000, 3_000); // about a fifth of 10,000
  }

  @Test
  void sourceHashMovesClientsOnlyToAnAddedBackend() throws UnknownHostException {
    List<Backend> four = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "d")) {
      four.add(backend(name, 1));
    }
    Map<String, String> before = assign(four);
    List<Backend> five = new ArrayList<>(four);
    five.add(backend("e", 1));
    Map<String, String> after = assign(five);
    long movedToE = before.keySet().stream().filter(ip -> !before.get(ip).equals(after.get(ip))).peek(
        ip -> assertThat(after.get(ip)).isEqualTo("e")).count();
    assertThat(movedToE).isBetween(1_000L, 3_000L);
  }

  @Test
  void sourceHashSkipsAnUnavailableBackendAndReturnsWhenItIsBack() throws UnknownHostException {
    List<Backend> all = List.of(backend("a", 1), backend("b", 1), backend("c", 1));
    Balancer h = Balancer.of(Balance.SOURCE_HASH, all);
    Map<String, String> before = new HashMap<>();
    for (String ip : clients(3_000)) {
      before.put(ip, h.pick(all, InetAddress.getByName(ip)).name());
    }
    List<Backend> withoutB = List.of(all.get(0), all.get(2)); // b down: the same ring, fewer candidates
    for (String ip : before.keySet()) {
      String now = h.pick(withoutB, InetAddress.getByName(ip)).name();
      if (!before.get(ip).equals("b")) {
        assertThat(now).isEqualTo(before.get(ip));
      }
      assertThat(h.pick(all, InetAddress.getByName(ip)).name()).isEqualTo(before.get(ip));
    }
  }

  private static Map<String, String> assign(List<Backend> list) throws UnknownHostException {
    Balancer h = Balancer.of(Balance.SOURCE_HASH, list);
    Map<String, String> m = new HashMap<>();
    for (String ip : clients(10_000)) {
      m.put(ip, h.pick(list, InetAddress.getByName(ip)).name());
    }
    return m;
  }

  private static List<String> clients(int n) {
    List<String> ips = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ips.add("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
    }
    return ips;
  }

  private static void open(Backend b, int n) {
    for (int i = 0; i < n; i++) {
      b.opened(new Session(i, dev.weft.testing.MemoryConn.pair().first()));
    }
  }
}
