package dev.weft.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts a command with chosen signal dispositions, whatever this JVM inherited. A process
 * started in the background or under {@code nohup} inherits SIGINT or SIGHUP as ignored, and the
 * JVM then leaves them ignored; a tiny python3 shim sets them before exec, as an interactive
 * shell would.
 */
final class Signals {
  private static final String SHIM = "import os, signal, sys; "
      + "[signal.signal(getattr(signal, n), getattr(signal, d)) for n, d in "
      + "(a.split('=') for a in sys.argv[1].split(',') if a)]; "
      + "os.execv(sys.argv[2], sys.argv[2:])";

  private Signals() {}

  /** {@code cmd} with SIGINT and SIGHUP at their default disposition. */
  static List<String> withDefaults(List<String> cmd) {
    return with("SIGINT=SIG_DFL,SIGHUP=SIG_DFL", cmd);
  }

  /** {@code cmd} with SIGHUP ignored, as under {@code nohup}. */
  static List<String> withSighupIgnored(List<String> cmd) {
    return with("SIGINT=SIG_DFL,SIGHUP=SIG_IGN", cmd);
  }

  private static List<String> with(String dispositions, List<String> cmd) {
    List<String> all = new ArrayList<>(List.of("python3", "-c", SHIM, dispositions));
    all.addAll(cmd);
    return all;
  }
}
