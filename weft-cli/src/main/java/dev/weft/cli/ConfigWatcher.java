package dev.weft.cli;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Triggers {@link Reloader} on SIGHUP and when the config file changes. A change is seen in its
 * directory (inotify on Linux), so editors that write a new file and rename it over the old one
 * count too; events arriving within {@value #SETTLE_MS} ms of each other make one reload, and
 * a reload whose text is unchanged does nothing, whichever trigger asked for it. One named thread runs every reload, so reloads
 * never overlap. {@link #close()} stops both triggers.
 *
 * <p>Both triggers are armed by the constructor, before the services start, so a SIGHUP or an
 * edit that follows a {@code listening} line is never lost (an early SIGHUP would otherwise
 * reach the JVM's default handler and end the process); what arrives before {@link #start}
 * waits for it.
 */
final class ConfigWatcher implements AutoCloseable {
  /** Quiet time after a file event before reloading: an editor's save is several events. */
  static final long SETTLE_MS = 200;
  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);
  private static final Boolean SIGNAL = Boolean.FALSE;
  private static final Boolean FILE = Boolean.TRUE;

  private final Path file;
  private Reloader reloader;
  private final LinkedBlockingQueue<Boolean> triggers = new LinkedBlockingQueue<>();
  private final WatchService watch;
  private final Thread reloads;
  private final Thread events;
  private SignalHandler previous;

  /**
   * Watches {@code file}'s directory and installs the SIGHUP handler; nothing reloads before
   * {@link #start}.
   *
   * @throws IOException when the directory cannot be watched; the message says so
   */
  ConfigWatcher(Path file) throws IOException {
    this.file = file.toAbsolutePath();
    Path dir = this.file.getParent();
    this.watch = watch(dir, file);
    this.reloads = Thread.ofPlatform().name("config-reload").daemon().unstarted(this::reloadLoop);
    this.events = Thread.ofPlatform().name("config-watch " + dir).daemon().unstarted(this::watchLoop);
    try {
      previous = Signal.handle(new Signal("HUP"), sig -> triggers.add(SIGNAL));
      if (previous == SignalHandler.SIG_IGN) {
        // The JVM keeps a signal ignored at start ignored: the handler above never runs.
        log.warn("SIGHUP is ignored in this process (started with nohup?); the config reloads on file changes only");
      }
    } catch (IllegalArgumentException e) {
      log.warn("SIGHUP is not available here; the config reloads on file changes only");
    }
  }

  private static WatchService watch(Path dir, Path file) throws IOException {
    WatchService w = null;
    try {
      w = FileSystems.getDefault().newWatchService();
      dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      return w;
    } catch (IOException e) {
      if (w != null) {
        w.close();
      }
      throw new IOException("cannot watch " + file + " for changes: " + e.getMessage(), e);
    }
  }

  /** Starts reloading with {@code reloader}: first for what arrived since the constructor, then as triggers come. */
  void start(Reloader reloader) {
    this.reloader = reloader; // read by the reload thread, which starts below
    reloads.start();
    events.start();
  }

  private void reloadLoop() {
    try {
      while (true) {
        if (triggers.take() == FILE) {
          while (triggers.poll(SETTLE_MS, TimeUnit.MILLISECONDS) != null) {
            // an editor's save is several events: wait until they stop
          }
        }
        reloader.reload();
      }
    } catch (InterruptedException e) {
      // close(): stop
    }
  }

  private void watchLoop() {
    try {
      while (true) {
        WatchKey key = watch.take();
        for (WatchEvent<?> e : key.pollEvents()) {
          if (e.kind() == StandardWatchEventKinds.OVERFLOW || file.getFileName().equals(e.context())) {
            triggers.add(FILE);
          }
        }
        if (!key.reset()) {
          log.warn("config directory {} is gone; file changes no longer reload", file.getParent());
          return;
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // close(): stop
    }
  }

  @Override
  public void close() {
    if (previous != null) {
      Signal.handle(new Signal("HUP"), previous);
    }
    reloads.interrupt();
    try {
      watch.close();
    } catch (IOException e) {
      log.debug("closing the config watch: {}", e.toString());
    }
  }
}
