package dev.weft.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code weft serve}: runs the services of a YAML file until SIGINT or SIGTERM. Config errors
 * exit with 2 and name the file, line and key; a failure to bind exits with 1. SIGHUP or a change
 * of the file reloads it ({@link Reloader}); an invalid file is reported and the running config
 * stays.
 */
@Command(
    name = "serve",
    description = "Run the services in a YAML config file until SIGINT or SIGTERM.",
    footer = {"", "Without --config, runs one echo service on 127.0.0.1:7007.",
        "With --config, SIGHUP or a change of the file reloads it (see docs/configuration.md)."})
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand Main main;

  @Option(names = "--config", paramLabel = "FILE", description = "The YAML config file. Default: the embedded config")
  Path config;

  @Option(names = "--check", description = "Validate the config and exit: 0 if valid, 2 if not.")
  boolean check;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConfigLoader.Loaded loaded;
    String text = null;
    try {
      if (config == null) {
        loaded = new ConfigLoader.Loaded(ConfigLoader.loadDefault(), java.util.Map.of());
      } else {
        text = ConfigLoader.readText(config);
        loaded = ConfigLoader.parse(config.toString(), text, java.util.Map.of());
      }
    } catch (ConfigException e) {
      e.problems().forEach(err::println);
      err.flush();
      return Main.USAGE;
    }
    ServePlan plan = loaded.plan();
    int n = plan.services().size();
    if (check) {
      out.println("config OK: " + n + (n == 1 ? " service" : " services"));
      out.flush();
      return Main.OK;
    }
    main.configLogging(plan.logging());
    RunningServers running = new RunningServers(plan.shutdownTimeout(), out);
    AdminEndpoint admin = null;
    ConfigWatcher watcher = null;
    Reloader reloader;
    try {
      // Armed before the first "listening" line: a SIGHUP or an edit from then on is not lost.
      watcher = config == null ? null : new ConfigWatcher(config);
      admin = plan.admin() == null ? null : AdminEndpoint.start(plan.admin(), plan.services(), out);
      reloader = new Reloader(config, running, admin, out, err);
      reloader.startAll(loaded, text);
    } catch (IOException e) {
      err.println("weft serve: " + e.getMessage());
      err.flush();
      running.stop();
      closeQuietly(watcher);
      closeQuietly(admin);
      return Main.FAILURE;
    }
    try {
      if (watcher != null) {
        watcher.start(reloader);
      }
      return running.awaitStop();
    } finally {
      closeQuietly(watcher);
      closeQuietly(admin); // after the drain, so /readyz answers 503 throughout it
    }
  }

  private static void closeQuietly(ConfigWatcher watcher) {
    if (watcher != null) {
      watcher.close();
    }
  }

  private static void closeQuietly(AdminEndpoint admin) {
    if (admin != null) {
      admin.close();
    }
  }
}