package dev.weft.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
  private final AtomicLong now = new AtomicLong();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final RateLimitedLog log = new RateLimitedLog(lines::add, 2, Duration.ofSeconds(10), now::get);

  @Test
  void floodIsCutToTheLimitThenSummarizedInTheNextInterval() {
    for (int i = 0; i < 1000; i++) {
      log.log("denied", "rejected {}", i);
    }
    assertThat(lines).containsExactly("rejected 0", "rejected 1");
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(log.log("denied", "rejected {}", "again")).isTrue();
    assertThat(lines).containsExactly(
        "rejected 0", "rejected 1", "denied: suppressed 998 similar messages", "rejected again");
  }

  @Test
  void keysAreLimitedSeparately() {
    for (int i = 0; i < 5; i++) {
      log.log("a", "a{}", i);
      log.log("b", "b{}", i);
    }
    assertThat(lines).containsExactly("a0", "b0", "a1", "b1");
  }

  @Test
  void flushWritesPendingSummaries() {
    for (int i = 0; i < 5; i++) {
      log.log("a", "a{}", i);
    }
    log.flush();
    assertThat(lines).containsExactly("a0", "a1", "a: suppressed 3 similar messages");
  }

  @Test
  void distinctKeysAreBounded() {
    for (int i = 0; i < RateLimitedLog.MAX_KEYS + 500; i++) {
      log.log("k" + i, "line {}", i);
    }
    // The first MAX_KEYS keys each wrote one line; the rest shared "(other)" and its 2 lines.
    assertThat(lines).hasSize(RateLimitedLog.MAX_KEYS + 2);
  }
}
