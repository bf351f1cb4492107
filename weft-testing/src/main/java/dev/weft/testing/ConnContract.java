package dev.weft.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.net.ClosedException;
import dev.weft.net.Conn;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link Conn} must keep, as one JUnit 5 suite (Go's {@code
 * nettest.TestConn}). Extend it and return two connected ends from {@link #newPair()}:
 *
 * <pre>{@code
 * class MyConnContractTest extends ConnContract {
 *   @Override
 *   protected ConnPair newPair() { return MyConn.pair(); }
 * }
 * }</pre>
 *
 * <p>Every wait is bounded ({@link #WAIT}, and a 60 s timeout per test), so a broken
 * implementation fails rather than hangs. The write timeout test assumes {@code second} buffers a
 * bounded amount when it does not read: no more than {@link #WRITE_LIMIT} bytes. The timeout
 * tests come from {@link ConnTimeoutContract}, the fixture from {@link ConnFixture}.
 */
@Timeout(60)
public abstract class ConnContract extends ConnTimeoutContract {
  private static final int MIB = 1024 * 1024;

  @Test
  void bothEndsAreOpenUntilEachIsClosed() {
    assertThat(a().isOpen()).isTrue();
    assertThat(b().isOpen()).isTrue();

    a().close();

    assertThat(a().isOpen()).isFalse();
    assertThat(b().isOpen()).isTrue();
  }

  @Test
  void closeIsIdempotentAndNeverThrows() {
    a().close();
    a().close();
    b().close();
    b().close();

    assertThat(a().isOpen()).isFalse();
    assertThat(b().isOpen()).isFalse();
  }

  @Test
  void eachEndsLocalAddressIsTheOthersRemoteAddress() {
    assertThat(a().localAddress()).isEqualTo(b().remoteAddress());
    assertThat(b().localAddress()).isEqualTo(a().remoteAddress());
  }

  @Test
  void oneMebibyteOfRandomBytesCrossesBothWaysConcurrently() {
    byte[] ab = random(MIB, 1);
    byte[] ba = random(MIB, 2);

    Task<Void> writeA = fork("write-a", () -> writeInRandomChunks(a().out(), ab, 3));
    Task<Void> writeB = fork("write-b", () -> writeInRandomChunks(b().out(), ba, 4));
    Task<byte[]> readB = fork("read-b", () -> b().in().readNBytes(MIB));
    Task<byte[]> readA = fork("read-a", () -> a().in().readNBytes(MIB));

    assertThat(writeA.result()).succeedsWithin(WAIT);
    assertThat(writeB.result()).succeedsWithin(WAIT);
    assertThat(readB.result()).succeedsWithin(WAIT).isEqualTo(ab);
    assertThat(readA.result()).succeedsWithin(WAIT).isEqualTo(ba);
  }

  @Test
  void pingPongManyRoundTripsNeedsNoExplicitFlush() throws IOException {
    int rounds = 2_000;
    Task<Void> echo = fork("echo", () -> {
      for (int i = 0; i < rounds; i++) {
        b().out().write(b().in().readNBytes(8)); // the next read flushes it
      }
      b().out().flush();
      return null;
    });

    for (long i = 0; i < rounds; i++) {
      a().out().write(ByteBuffer.allocate(8).putLong(i).array());
      byte[] back = a().in().readNBytes(8);
      assertThat(ByteBuffer.wrap(back).getLong()).isEqualTo(i);
    }
    assertThat(echo.result()).succeedsWithin(WAIT);
  }

  @Test
  void closeWriteGivesThePeerEofAndThePeerCanStillWriteBack() throws IOException {
    a().out().write("hello".getBytes(US_ASCII));
    a().closeWrite();

    assertThat(new String(b().in().readAllBytes(), US_ASCII)).isEqualTo("hello");
    assertThat(b().in().read()).isEqualTo(-1);
    b().out().write("world".getBytes(US_ASCII));
    b().closeWrite();
    assertThat(new String(a().in().readAllBytes(), US_ASCII)).isEqualTo("world");
  }

  @Test
  void peerCloseGivesEofAfterTheBytesSentBeforeIt() throws IOException {
    a().out().write("bye".getBytes(US_ASCII));
    a().out().flush();
    a().close();

    assertThat(new String(b().in().readAllBytes(), US_ASCII)).isEqualTo("bye");
  }

  @Test
  void closeUnblocksAPendingReadWithClosedException() {
    Task<Integer> read = fork("read", () -> b().in().read());
    await().atMost(WAIT).until(read::isBlocked);

    b().close();

    assertThat(read.result())
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ClosedException.class);
  }

  @Test
  void closeUnblocksAPendingWriteWithClosedException() {
    Task<Long> write = fork("write", () -> writeUntilFailure(a().out()));
    // Blocked for good once the peer's buffers are full and it still does not read.
    await().atMost(WAIT).during(Duration.ofMillis(300)).until(write::isBlocked);

    a().close();

    assertThat(write.result())
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ClosedException.class);
  }

  @Test
  void readAfterCloseThrowsClosedException() {
    a().close();

    assertThatThrownBy(() -> a().in().read()).isInstanceOf(ClosedException.class);
  }

  @Test
  void writeAfterCloseThrowsClosedExceptionByTheFlush() {
    a().close();

    assertThatThrownBy(() -> {
      a().out().write(1);
      a().out().flush();
    }).isInstanceOf(ClosedException.class);
  }

  @Test
  void concurrentWritesFromSeveralThreadsAreEachAtomic() {
    int writers = 4;
    int records = 250;
    int size = 1000;
    Task<byte[]> read = fork("read", () -> b().in().readNBytes(writers * records * size));
    List<Task<Void>> writing = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      byte[] record = new byte[size];
      java.util.Arrays.fill(record, (byte) ('A' + w));
      writing.add(fork("write-" + w, () -> {
        for (int i = 0; i < records; i++) {
          a().out().write(record);
        }
        a().out().flush();
        return null;
      }));
    }

    writing.forEach(w -> assertThat(w.result()).succeedsWithin(WAIT));
    byte[] all = read.result().join();
    int[] perWriter = new int[writers];
    for (int r = 0; r < all.length / size; r++) {
      byte first = all[r * size];
      for (int i = 1; i < size; i++) {
        assertThat(all[r * size + i]).as("record %d byte %d", r, i).isEqualTo(first);
      }
      perWriter[first - 'A']++;
    }
    assertThat(perWriter).containsOnly(records);
  }

  @Test
  void negativeTimeoutsAreRejected() {
    assertThatThrownBy(() -> a().setReadTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a().setWriteTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- helpers ----

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static Void writeInRandomChunks(OutputStream out, byte[] data, long seed)
      throws IOException {
    Random r = new Random(seed);
    for (int off = 0; off < data.length; ) {
      int n = Math.min(data.length - off, 1 + r.nextInt(16 * 1024));
      out.write(data, off, n);
      off += n;
    }
    out.flush();
    return null;
  }
}
