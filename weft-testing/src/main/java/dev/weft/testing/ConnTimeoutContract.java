package dev.weft.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.ClosedException;
import dev.weft.net.NetException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The timeout half of {@link ConnContract}: read and write timeouts and read deadlines expire
 * within their window, report a timeout (not a plain close) and close the connection.
 */
public abstract class ConnTimeoutContract extends ConnFixture {
  @Test
  void readTimeoutExpiresWithinItsWindowAndClosesTheConnection() {
    Duration timeout = Duration.ofMillis(300);
    b().setReadTimeout(timeout);
    long start = System.nanoTime();

    Throwable thrown = catchIo(() -> b().in().read());

    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertThat(thrown).isInstanceOf(NetException.class).isNotInstanceOf(ClosedException.class);
    assertThat(((NetException) thrown).isTimeout()).isTrue();
    assertThat(elapsed).isBetween(timeout.minusMillis(30), timeout.plusSeconds(3));
    assertThat(b().isOpen()).isFalse();
  }

  @Test
  void readDeadlineBoundsAWholeFrameFromADribblingPeer() throws Exception {
    Duration budget = Duration.ofMillis(400);
    long start = System.nanoTime(); // before the deadline is set: a pause between them cannot shorten elapsed
    b().setReadDeadline(java.time.Instant.now().plus(budget));
    // The peer sends a byte, then nothing: each read succeeds or waits, yet the deadline holds.
    a().out().write('x');
    a().out().flush();
    assertThat(b().in().read()).isEqualTo('x');

    Throwable thrown = catchIo(() -> b().in().read());

    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertThat(thrown).isInstanceOf(NetException.class);
    assertThat(((NetException) thrown).isTimeout()).isTrue();
    assertThat(elapsed).isBetween(budget.minusMillis(30), budget.plusSeconds(3));
    assertThat(b().isOpen()).isFalse();
  }

  @Test
  void clearedReadDeadlineNoLongerApplies() throws Exception {
    b().setReadDeadline(java.time.Instant.now().plusMillis(50));
    b().setReadDeadline(null);
    Task<Integer> read = fork("read", () -> b().in().read());
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !read.result().isDone());
    a().out().write('y');
    a().out().flush();
    assertThat(read.result().get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo('y');
  }

  @Test
  void writeTimeoutExpiresWhenThePeerNeverReads() {
    a().setWriteTimeout(Duration.ofMillis(300));

    Throwable thrown = catchIo(() -> writeUntilFailure(a().out()));

    assertThat(thrown).isInstanceOf(NetException.class).isNotInstanceOf(ClosedException.class);
    assertThat(((NetException) thrown).isTimeout()).isTrue();
    assertThat(a().isOpen()).isFalse();
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static Throwable catchIo(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      return e;
    }
    throw new AssertionError("expected an IOException");
  }
}
