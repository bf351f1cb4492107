package dev.weft.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random sequences of acquire, return, break and exchange against a real echo server; after
 * every step the pool's counts must agree with what the test holds.
 */
class PoolStatePropertyTest {
  private static Server server;

  @BeforeContainer
  static void start() throws Exception {
    server = Echo.server();
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  /** 0 acquire, 1 return, 2 mark broken and return, 3 close the conn and return, 4 exchange. */
  @Provide
  Arbitrary<List<Integer>> ops() {
    return Arbitraries.integers().between(0, 4).list().ofMaxSize(40);
  }

  @Property(tries = 40)
  void countsAlwaysMatchTheLeasesHeld(@ForAll("ops") List<Integer> ops, @ForAll @IntRange(min = 1, max = 4) int max)
      throws Exception {
    PoolEvents events = new PoolEvents();
    List<Lease> held = new ArrayList<>();
    try (ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).maxSize(max)
        .maxPending(0).listener(events).build()) {
      for (int op : ops) {
        if (op == 0 && held.size() < max) {
          held.add(pool.acquire(Duration.ofSeconds(5)));
        } else if (op == 0) {
          assertThatThrownBy(() -> pool.acquire(Duration.ZERO)).isInstanceOf(PoolExhaustedException.class);
        } else if (op == 4 && !held.isEmpty()) {
          Lease l = held.get(0);
          assertThat(Echo.exchange(l.conn(), "x" + l.info().id())).isEqualTo("x" + l.info().id());
        } else if (!held.isEmpty()) {
          Lease l = held.remove(held.size() - 1);
          if (op == 2) {
            l.markBroken();
          } else if (op == 3) {
            l.conn().close();
          }
          l.close();
        }
        PoolStats s = pool.stats();
        Set<Long> ids = new HashSet<>();
        held.forEach(l -> ids.add(l.info().id()));
        assertThat(ids).as("distinct connections held").hasSize(held.size());
        assertThat(s.inUse()).isEqualTo(held.size());
        assertThat(s.size()).isLessThanOrEqualTo(max).isEqualTo(s.idle() + s.inUse() + s.dialing());
        assertThat(s.pending()).isZero();
        assertThat(events.created.size() - events.evicted.size()).isEqualTo(s.size());
      }
      held.forEach(Lease::close);
      assertThat(pool.stats().inUse()).isZero();
    }
    assertThat(events.evicted).hasSize(events.created.size());
  }
}
