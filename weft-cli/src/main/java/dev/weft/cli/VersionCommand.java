package dev.weft.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code weft version}: prints {@code weft <version>}. */
@Command(name = "version", description = "Print the weft version.")
final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println("weft " + Version.get());
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}
