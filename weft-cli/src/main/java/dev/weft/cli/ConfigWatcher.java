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
 */
final class ConfigWatcher implements AutoCloseable {
  /** Quiet time after a file event before reloading: an editor's save is several events. */
  static final long SETTLE_MS = 200;
  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);
  private static final Boolean SIGNAL = Boolean.FALSE;
  private static final Boolean FILE = Boolean.TRUE;

  private final Path file;
  private final Reloader reloader;
  private final LinkedBlockingQueue<Boolean> triggers = new LinkedBlockingQueue<>();
  private final WatchService watch;
  private final Thread reloads;
  private final Thread events;
  private SignalHandler previous;

  ConfigWatcher(Path file, Reloader reloader) throws IOException {
    this.file = file.toAbsolutePath();
    this.reloader = reloader;
    this.watch = FileSystems.getDefault().newWatchService();
    Path dir = this.file.getParent();
    dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    this.reloads = Thread.ofPlatform().name("config-reload").daemon().unstarted(this::reloadLoop);
    this.events = Thread.ofPlatform().name("config-watch " + dir).daemon().unstarted(this::watchLoop);
  }

  /** Installs the SIGHUP handler and starts watching. */
  void start() {
    try {
      previous = Signal.handle(new Signal("HUP"), sig -> triggers.add(SIGNAL));
    } catch (IllegalArgumentException e) {
      log.warn("SIGHUP is not available here; the config reloads on file changes only");
    }
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
