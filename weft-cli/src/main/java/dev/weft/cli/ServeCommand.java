package dev.weft.cli;

import dev.weft.net.NetException;
import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
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
 * exit with 2 and name the file, line and key; a failure to bind exits with 1.
 */
@Command(
    name = "serve",
    description = "Run the services in a YAML config file until SIGINT or SIGTERM.",
    footer = {"", "Without --config, runs one echo service on 127.0.0.1:7007."})
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
    ServePlan plan;
    try {
      plan = config == null ? ConfigLoader.loadDefault() : ConfigLoader.load(config);
    } catch (ConfigException e) {
      e.problems().forEach(err::println);
      err.flush();
      return Main.USAGE;
    }
    int n = plan.services().size();
    if (check) {
      out.println("config OK: " + n + (n == 1 ? " service" : " services"));
      out.flush();
      return Main.OK;
    }
    main.configLogging(plan.logging());
    RunningServers running = new RunningServers(plan.shutdownTimeout(), out);
    AdminEndpoint admin = null;
    try {
      admin = plan.admin() == null ? null : AdminEndpoint.start(plan.admin(), plan.services(), out);
      for (ServePlan.Service s : plan.services()) {
        ServerConfig config = admin == null ? s.config() : admin.instrument(s.config());
        Server server = running.start(config, Services.handler(s.type()));
        if (admin != null) {
          admin.attach(server);
        }
      }
    } catch (NetException e) {
      err.println("weft serve: " + e.getMessage());
      err.flush();
      running.stop();
      closeQuietly(admin);
      return Main.FAILURE;
    }
    try {
      return running.awaitStop();
    } finally {
      closeQuietly(admin); // after the drain, so /readyz answers 503 throughout it
    }
  }

  private static void closeQuietly(AdminEndpoint admin) {
    if (admin != null) {
      admin.close();
    }
  }
}
