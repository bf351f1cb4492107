package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BatchingConsoleAppenderTest {
  private final LoggerContext ctx = new LoggerContext();
  private final BatchingConsoleAppender appender = new BatchingConsoleAppender();

  @AfterEach
  void tearDown() {
    appender.stop();
    ctx.stop();
  }

  /** Counts writes and keeps what was written; can hold the writer inside a write. */
  private static final class Sink extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final AtomicInteger writes = new AtomicInteger();
    final CountDownLatch open = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);
    volatile boolean hold;

    @Override
    public void write(int b) {
      throw new AssertionError("the appender writes whole batches");
    }

    @Override
    public void write(byte[] b, int off, int len) {
      entered.countDown();
      if (hold) {
        try {
          open.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      synchronized (this) {
        writes.incrementAndGet();
        bytes.write(b, off, len);
      }
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  private Sink start(int lingerMillis, int maxPendingBytes) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern("%msg%n");
    encoder.start();
    Sink sink = new Sink();
    appender.setContext(ctx);
    appender.setName("TEST");
    appender.setEncoder(encoder);
    appender.setLingerMillis(lingerMillis);
    appender.setMaxPendingBytes(maxPendingBytes);
    appender.setOutputStream(sink);
    appender.start();
    assertThat(appender.isStarted()).isTrue();
    return sink;
  }

  private void log(String msg) {
    appender.doAppend(new LoggingEvent("test", ctx.getLogger("test"), Level.INFO, msg, null, null));
  }

  @Test
  void linesFromManyThreadsAllArriveInEachThreadsOrderOnceStopped() throws Exception {
    Sink sink = start(1, 1 << 20);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int id = t;
      threads.add(Thread.ofVirtual().start(() -> {
        for (int i = 0; i < 500; i++) {
          log("t" + id + " " + i);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    appender.stop();

    String[] lines = sink.text().split("\n");
    assertThat(lines).hasSize(8 * 500);
    int[] next = new int[8];
    for (String line : lines) {
      String[] parts = line.split(" ");
      int id = Integer.parseInt(parts[0].substring(1));
      assertThat(Integer.parseInt(parts[1])).isEqualTo(next[id]++);
    }
  }

  @Test
  void linesLoggedWithinTheLingerGoOutInOneWrite() {
    Sink sink = start(300, 1 << 20);
    for (int i = 0; i < 100; i++) {
      log("line " + i);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.text().split("\n").length == 100);
    assertThat(sink.writes.get()).isLessThan(5); // one per line with Logback's AsyncAppender
  }

  @Test
  void aFullBufferMakesLoggersWaitInsteadOfDroppingLines() throws Exception {
    Sink sink = start(0, 8192);
    sink.hold = true;
    log("first");
    sink.entered.await(); // the writer is stuck in a write of "first"
    String big = "x".repeat(3000);
    Thread logger = Thread.ofVirtual().start(() -> {
      for (int i = 0; i < 6; i++) {
        log(i + big); // 18 KB: more than the 8 KiB allowed to wait
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> logger.getState() == Thread.State.WAITING);
    assertThat(sink.text()).isEmpty();

    sink.open.countDown();
    logger.join();
    appender.stop();
    String[] lines = sink.text().split("\n");
    assertThat(lines).hasSize(7);
    assertThat(lines[0]).isEqualTo("first");
    for (int i = 0; i < 6; i++) {
      assertThat(lines[i + 1]).isEqualTo(i + big);
    }
  }

  @Test
  void stopWritesOutWhatIsStillLingering() {
    Sink sink = start(60_000, 1 << 20);
    log("late");
    appender.stop(); // cuts the minute-long linger short
    assertThat(sink.text()).isEqualTo("late\n");
  }

  @Test
  void withoutAnEncoderItDoesNotStart() {
    appender.setContext(ctx);
    appender.start();
    assertThat(appender.isStarted()).isFalse();
  }
}
