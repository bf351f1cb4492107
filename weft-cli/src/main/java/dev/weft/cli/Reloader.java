package dev.weft.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads a {@code weft serve} config file and applies it to the running services. An invalid
 * file changes nothing: its problems are printed (file, line, key) and the old config keeps
 * running. A valid one is applied service by service, matched by name: new names start, missing
 * names drain and stop, changed entries get what {@link LiveService#apply} can change live, and
 * keys that need a restart are named. One summary line reports it, with what changed per
 * service ({@link ServiceChanges}):
 *
 * <pre>reloaded weft.yaml: added [b], removed [c], changed [proxy 'a': backends +x, weight y 1-&gt;3], unchanged 1</pre>
 *
 * <p>Not thread-safe: {@link ConfigWatcher} calls it from one thread.
 */
final class Reloader {
  private static final Logger log = LoggerFactory.getLogger(Reloader.class);

  private final Path file;
  private final RunningServers running;
  private final AdminEndpoint admin;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, LiveService> live = new LinkedHashMap<>();
  private String lastText;

  /** {@code admin} (null for none) learns of services as they start and stop. */
  Reloader(Path file, RunningServers running, AdminEndpoint admin, PrintWriter out, PrintWriter err) {
    this.file = file;
    this.running = running;
    this.admin = admin;
    this.out = out;
    this.err = err;
  }

  /** Starts every service of the first load; on a bind failure the caller stops {@code running}. */
  void startAll(ConfigLoader.Loaded first, String text) throws IOException {
    lastText = text;
    for (ServePlan.Service s : first.plan().services()) {
      live.put(s.name(), launch(s, first.entries().get(s.name())));
    }
  }

  /** Starts {@code s}, instrumented for the admin endpoint when there is one. */
  private LiveService launch(ServePlan.Service s, ServiceConfig entry) throws IOException {
    if (admin == null) {
      return LiveService.start(s, entry, running);
    }
    admin.declare(s);
    ServePlan.Service measured = s.withConfig(admin.instrument(s.config()));
    LiveService l = LiveService.start(measured, entry, running);
    admin.attach(l);
    return l;
  }

  /**
   * Reloads the file, unless its bytes are those last applied in full: a save followed by SIGHUP,
   * or an editor's second write of the same text, is one reload, not two. A reload that could not
   * start or change every service is not "applied in full", so the next trigger retries it.
   *
   * @return true if a new config was applied
   */
  boolean reload() {
    ConfigLoader.Loaded next;
    String text;
    try {
      text = ConfigLoader.readText(file);
      if (text.equals(lastText)) {
        log.debug("reload {}: unchanged since the last reload, nothing to do", file);
        return false;
      }
      Map<String, ServePlan.Service> reuse = new HashMap<>();
      live.forEach((name, l) -> reuse.put(name, l.service()));
      next = ConfigLoader.parse(file.toString(), text, reuse);
    } catch (ConfigException e) {
      err.println("reload " + file + " failed; the running config stays in force:");
      e.problems().forEach(err::println);
      err.flush();
      return false;
    }
    lastText = apply(next) ? text : null;
    return true;
  }

  /** Applies {@code next}; false when a service could not start or take its change. */
  private boolean apply(ConfigLoader.Loaded next) {
    Map<String, ServePlan.Service> wanted = new LinkedHashMap<>();
    next.plan().services().forEach(s -> wanted.put(s.name(), s));
    List<String> removed = new ArrayList<>();
    for (String name : List.copyOf(live.keySet())) {
      if (!wanted.containsKey(name)) {
        running.retire(live.remove(name).server()); // first, so a successor may take its port
        if (admin != null) {
          admin.forget(name);
        }
        removed.add(name);
      }
    }
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    int unchanged = 0;
    boolean complete = true;
    for (ServePlan.Service s : wanted.values()) {
      ServiceConfig entry = next.entries().get(s.name());
      LiveService l = live.get(s.name());
      if (l == null) {
        complete &= start(s, entry, added);
      } else if (l.unchanged(entry)) {
        unchanged++;
      } else {
        complete &= change(l, s, entry, changed);
      }
    }
    out.println("reloaded " + file.getFileName() + ": added " + added + ", removed " + removed
        + ", changed [" + String.join("; ", changed) + "], unchanged " + unchanged);
    out.flush();
    return complete;
  }

  private boolean start(ServePlan.Service s, ServiceConfig entry, List<String> added) {
    try {
      live.put(s.name(), launch(s, entry));
      added.add(s.name());
      return true;
    } catch (IOException e) {
      err.println("reload: cannot start " + s.name() + ": " + e.getMessage());
      err.flush();
      return false;
    }
  }

  /** Applies a changed entry; adds {@code TYPE 'NAME': what changed} to {@code changed}. */
  private boolean change(LiveService l, ServePlan.Service s, ServiceConfig entry, List<String> changed) {
    List<String> what = l.changes(s, entry);
    try {
      List<String> restart = l.apply(s, entry);
      changed.add(s.type() + " '" + s.name() + "': " + String.join(", ", what));
      if (!restart.isEmpty()) {
        err.println("reload: " + s.name() + ": " + String.join(", ", restart)
            + (restart.contains("type") ? " changed; nothing applied" : " changed; the rest applied")
            + ", restart weft serve to apply " + (restart.size() == 1 ? "it" : "them"));
        err.flush();
      }
      return true;
    } catch (IOException | RuntimeException e) {
      log.error("reload: {} could not take its new config", s.name(), e);
      err.println("reload: " + s.name() + ": " + e.getMessage());
      err.flush();
      return false;
    }
  }
}
