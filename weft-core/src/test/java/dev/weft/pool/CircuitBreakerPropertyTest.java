package dev.weft.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.NetException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The breaker against a small reference model, over random interleavings of dials that start,
 * later finish (success, failure, or abandoned at the caller's deadline), and clock advances.
 * Several dials may be in flight at once, as with concurrent acquirers. The clock is fake.
 */
class CircuitBreakerPropertyTest {
  private static final long COOLDOWN = 1_000;
  private static final NetException REFUSED = new NetException("dial", null, null, "connection refused", null, false);

  sealed interface Step permits Start, Finish, Advance {}

  record Start() implements Step {}

  /** Finishes the in-flight dial at {@code pick} modulo their number, with {@code outcome}. */
  record Finish(int pick, int outcome) implements Step {}

  record Advance(long nanos) implements Step {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> start = Arbitraries.just(new Start());
    Arbitrary<Step> finish = Arbitraries.integers().between(0, 7)
        .flatMap(pick -> Arbitraries.integers().between(0, 2).map(o -> new Finish(pick, o)));
    Arbitrary<Step> advance = Arbitraries.longs().between(0, 1_500).map(Advance::new);
    return Arbitraries.frequencyOf(Tuple.of(3, start), Tuple.of(3, finish), Tuple.of(1, advance))
        .list().ofMaxSize(80);
  }

  @Property(tries = 1000)
  void breakerMatchesTheModel(@ForAll("steps") List<Step> steps, @ForAll @IntRange(min = 1, max = 4) int threshold) {
    long[] now = {0};
    List<String> transitions = new ArrayList<>();
    CircuitBreaker breaker = new CircuitBreaker(new InetSocketAddress("127.0.0.1", 1), threshold,
        Duration.ofNanos(COOLDOWN), () -> now[0], (from, to) -> transitions.add(from + "->" + to));
    Model model = new Model(threshold);
    List<Long> inFlight = new ArrayList<>(); // each in-flight dial's probe token (0: not a probe)
    for (Step step : steps) {
      switch (step) {
        case Advance a -> now[0] += a.nanos();
        case Start s -> {
          Long expected = model.permit(now[0]);
          Long actual;
          try {
            actual = breaker.permit();
          } catch (CircuitOpenException e) {
            actual = null;
            assertThat(e.failures()).isEqualTo(model.failures);
          }
          assertThat(actual).as("permit at %d after %s", now[0], transitions).isEqualTo(expected);
          if (actual != null) {
            inFlight.add(actual);
          }
        }
        case Finish f -> {
          if (inFlight.isEmpty()) {
            continue;
          }
          long probe = inFlight.remove(f.pick() % inFlight.size());
          switch (f.outcome()) {
            case 0 -> { breaker.success(); model.success(); }
            case 1 -> { breaker.failure(REFUSED); model.failure(now[0]); }
            default -> { breaker.abandon(probe); model.abandon(probe); }
          }
        }
      }
      assertThat(breaker.state()).isEqualTo(model.state);
      assertThat(breaker.failures()).isEqualTo(model.failures);
      long current = model.state == BreakerState.HALF_OPEN ? model.probes : -1;
      assertThat(inFlight.stream().filter(p -> p == current).count()).as("current probes in flight").isLessThanOrEqualTo(1);
    }
    assertThat(transitions).allMatch(t -> List.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED",
        "HALF_OPEN->OPEN", "OPEN->CLOSED").contains(t));
  }

  /** The specification, written as plainly as possible. permit: null = refused, else the probe token. */
  static final class Model {
    final int threshold;
    BreakerState state = BreakerState.CLOSED;
    int failures;
    long openedAt;
    long probes;

    Model(int threshold) {
      this.threshold = threshold;
    }

    Long permit(long now) {
      if (state == BreakerState.CLOSED) {
        return 0L;
      }
      if (state == BreakerState.OPEN && now - openedAt >= COOLDOWN) {
        state = BreakerState.HALF_OPEN;
        return ++probes;
      }
      return null;
    }

    void success() {
      state = BreakerState.CLOSED;
      failures = 0;
    }

    void failure(long now) {
      failures++;
      if (state == BreakerState.HALF_OPEN || state == BreakerState.CLOSED && failures >= threshold) {
        state = BreakerState.OPEN;
        openedAt = now;
      }
    }

    void abandon(long token) {
      if (token != 0 && token == probes && state == BreakerState.HALF_OPEN) {
        state = BreakerState.OPEN;
      }
    }
  }
}
