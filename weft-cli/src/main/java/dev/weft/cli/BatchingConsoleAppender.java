package dev.weft.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Writes log lines to stderr (or stdout) from one platform thread, in batches: the line is
 * encoded on the caller's thread and appended to a buffer; the writer thread, woken by the first
 * line of a batch, waits {@link #setLingerMillis linger} for more and writes them all with one
 * write. A connection's virtual thread never blocks on the terminal (which makes the JDK's
 * scheduler bring in a spare carrier thread for each line), and at thousands of connections a
 * second the access log costs one thread wake and one write per batch, not per line (Logback's
 * {@code AsyncAppender} wakes its thread and writes once for each line: about 8 µs of CPU per line
 * on one busy core).
 *
 * <p>Nothing is dropped: when {@link #setMaxPendingBytes maxPendingBytes} are waiting, loggers
 * wait for the writer. {@link #stop()} writes out everything appended before it (waiting at most
 * two seconds). A line appears at most {@code linger} after it was logged, plus the write.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private static final int INITIAL = 8192;
  private static final long STOP_WAIT_MILLIS = 2000;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private Encoder<ILoggingEvent> encoder;
  private Supplier<OutputStream> out = () -> System.err; // read per batch, as ConsoleAppender does
  private long lingerNanos = TimeUnit.MILLISECONDS.toNanos(5);
  private int maxPendingBytes = 1 << 20;
  private byte[] pending = new byte[INITIAL]; // guarded by lock
  private int count; // guarded by lock
  private boolean stopping; // guarded by lock
  private Thread writer;

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  public Encoder<ILoggingEvent> getEncoder() {
    return encoder;
  }

  /** {@code System.err} (the default) or {@code System.out}. */
  public void setTarget(String target) {
    switch (target) {
      case "System.err" -> out = () -> System.err;
      case "System.out" -> out = () -> System.out;
      default -> addError("target must be System.err or System.out, got '" + target + "'");
    }
  }

  /** How long the writer waits for more lines after the first of a batch; default 5 ms. */
  public void setLingerMillis(int millis) {
    lingerNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
  }

  /** Bytes waiting to be written beyond which loggers wait; default 1 MiB. */
  public void setMaxPendingBytes(int bytes) {
    maxPendingBytes = Math.max(INITIAL, bytes);
  }

  /** Writes to {@code stream} instead of a console stream (tests). */
  void setOutputStream(OutputStream stream) {
    out = () -> stream;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("no encoder for appender " + name);
      return;
    }
    lock.lock();
    try {
      stopping = false;
    } finally {
      lock.unlock();
    }
    writer = Thread.ofPlatform().daemon().name("weft-log-writer").start(this::writeLoop);
    super.start();
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop(); // no new lines from here on
    lock.lock();
    try {
      stopping = true;
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
    LockSupport.unpark(writer); // cuts a linger short
    try {
      writer.join(STOP_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      addWarn("log writer did not finish within " + STOP_WAIT_MILLIS + " ms; lines may be lost");
    }
  }

  @Override
  protected void append(ILoggingEvent event) {
    byte[] line = encoder.encode(event);
    lock.lock();
    try {
      while (count > 0 && count + line.length > maxPendingBytes && !stopping) {
        notFull.awaitUninterruptibly(); // nothing is dropped: the logger waits for the writer
      }
      if (count + line.length > pending.length) {
        pending = Arrays.copyOf(pending, Math.max(pending.length * 2, count + line.length));
      }
      System.arraycopy(line, 0, pending, count, line.length);
      if (count == 0) {
        notEmpty.signal();
      }
      count += line.length;
    } finally {
      lock.unlock();
    }
  }

  private void writeLoop() {
    byte[] spare = new byte[INITIAL];
    while (true) {
      boolean last;
      lock.lock();
      try {
        while (count == 0 && !stopping) {
          notEmpty.awaitUninterruptibly();
        }
        if (count == 0) {
          return;
        }
        last = stopping;
      } finally {
        lock.unlock();
      }
      if (!last && lingerNanos > 0) {
        LockSupport.parkNanos(this, lingerNanos); // gathers the lines that follow the first
      }
      byte[] batch;
      int n;
      lock.lock();
      try {
        batch = pending;
        n = count;
        pending = spare;
        count = 0;
        notFull.signalAll();
      } finally {
        lock.unlock();
      }
      write(batch, n);
      spare = batch.length > 16 * INITIAL ? new byte[INITIAL] : batch; // a burst's buffer is not kept
    }
  }

  private void write(byte[] batch, int n) {
    OutputStream stream = out.get();
    try {
      stream.write(batch, 0, n);
      stream.flush();
    } catch (IOException e) {
      addError("log write failed", e);
    }
  }
}
