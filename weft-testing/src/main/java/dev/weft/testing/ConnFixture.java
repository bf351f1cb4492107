package dev.weft.testing;

import dev.weft.net.Conn;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What {@link ConnContract}'s tests stand on: a fresh pair of connected ends per test, threads to
 * block in, and bounded waits. Extend {@link ConnContract}, not this class.
 */
public abstract class ConnFixture {
  /** The bound on every wait in this suite. */
  protected static final Duration WAIT = Duration.ofSeconds(20);
  /** Bytes a writer may send to a peer that never reads before the test expects it to block. */
  protected static final long WRITE_LIMIT = 256L * 1024 * 1024;

  private ConnPair pair;
  private final List<Thread> threads = new ArrayList<>();

  /** Returns two freshly connected ends; called before each test and closed after it. */
  protected abstract ConnPair newPair() throws Exception;

  @BeforeEach
  final void openPair() throws Exception {
    pair = newPair();
  }

  @AfterEach
  final void closePair() throws Exception {
    pair.close(); // unblocks every helper thread still in a read or write
    for (Thread t : threads) {
      t.join(WAIT);
    }
  }

  /** The first end. */
  protected final Conn a() {
    return pair.first();
  }

  /** The second end. */
  protected final Conn b() {
    return pair.second();
  }

  /** A running task and its thread, so a test can see when it is blocked. */
  protected record Task<T>(Thread thread, CompletableFuture<T> result) {
    /** True while the thread is parked: blocked in a read, write or lock. */
    public boolean isBlocked() {
      Thread.State s = thread.getState();
      return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }
  }

  /** Runs {@code body} on a new virtual thread. */
  protected final <T> Task<T> fork(String name, Callable<T> body) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread t = Thread.ofVirtual().name("contract-" + name).unstarted(() -> {
      try {
        result.complete(body.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    threads.add(t);
    t.start();
    return new Task<>(t, result);
  }

  /** Writes 64 KiB chunks until a write fails; fails the test past {@link #WRITE_LIMIT}. */
  protected static long writeUntilFailure(OutputStream out) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    long written = 0;
    while (written < WRITE_LIMIT) {
      out.write(chunk);
      out.flush();
      written += chunk.length;
    }
    throw new AssertionError("wrote " + written + " bytes to a peer that never reads");
  }
}
