package dev.weft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.Traffic;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TrafficHistoryTest {

  @Test
  void totalsNeverGoDownWhenASampleMissesAClosingConnection() {
    AtomicReference<Traffic> source = new AtomicReference<>(new Traffic(100, 200, 3, 4));
    TrafficHistory h = new TrafficHistory();
    h.source(source::get);
    assertThat(h.totals()).isEqualTo(new Traffic(100, 200, 3, 4));
    source.set(new Traffic(60, 150, 3, 4)); // a closing connection is briefly in neither place
    assertThat(h.totals()).isEqualTo(new Traffic(100, 200, 3, 4));
    source.set(new Traffic(130, 260, 5, 4));
    assertThat(h.totals()).isEqualTo(new Traffic(130, 260, 5, 4));
  }

  @Test
  void ratesArePerSecondOverTheIntervalBetweenSamples() {
    AtomicReference<Traffic> source = new AtomicReference<>(Traffic.ZERO);
    TrafficHistory h = new TrafficHistory();
    h.source(source::get);
    h.sample(10_000, 0, 0, 0);
    source.set(new Traffic(4000, 2000, 0, 0));
    h.sample(12_000, 3, 10, 4);
    TrafficHistory.Sample last = h.samples().get(1);
    assertThat(last.bytesInRate()).isEqualTo(2000.0);
    assertThat(last.bytesOutRate()).isEqualTo(1000.0);
    assertThat(last.acceptRate()).isEqualTo(5.0);
    assertThat(last.rejectRate()).isEqualTo(2.0);
    assertThat(last.active()).isEqualTo(3);
  }

  @Test
  void keepsTwoMinutesOfSamples() {
    TrafficHistory h = new TrafficHistory();
    for (int i = 0; i < TrafficHistory.CAPACITY + 30; i++) {
      h.sample(i * 1000L, 0, 0, 0);
    }
    assertThat(h.samples()).hasSize(TrafficHistory.CAPACITY);
    assertThat(h.samples().get(0).at()).isEqualTo(30_000L);
  }

  @Test
  void rejectionsCountOnlyInsideTheWindow() {
    TrafficHistory h = new TrafficHistory();
    h.sample(0, 0, 0, 0);
    h.sample(1_000, 0, 0, 5);
    h.sample(20_000, 0, 0, 5);
    assertThat(h.rejectedWithin(20_000, 15_000)).isZero();
    h.sample(21_000, 0, 0, 7);
    assertThat(h.rejectedWithin(21_000, 15_000)).isEqualTo(2);
    assertThat(h.rejectedWithin(21_000, 60_000)).isEqualTo(7);
  }
}
