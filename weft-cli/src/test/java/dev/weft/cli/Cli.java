package dev.weft.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/** Runs the weft command in-process, as {@code main} would, capturing stdout and stderr. */
final class Cli {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ByteArrayOutputStream rawOut = new ByteArrayOutputStream();
  private final CommandLine cmd;

  /** With empty stdin. */
  Cli() {
    this("");
  }

  /** With {@code stdin} as the raw input of {@code weft connect}. */
  Cli(String stdin) {
    this(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
  }

  /** With {@code stdin} as the raw input of {@code weft connect}. */
  Cli(java.io.InputStream stdin) {
    cmd = Main.commandLine(new Main(stdin, rawOut));
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
  }

  /** Runs {@code args} on this thread; returns the exit code. */
  int run(String... args) {
    return cmd.execute(args);
  }

  /** Runs {@code args} on a new platform thread, which {@link Running#stop()} interrupts. */
  Running start(String... args) {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread t = Thread.ofPlatform().name("weft-cli-test").daemon().start(() -> exit.complete(run(args)));
    return new Running(t, exit);
  }

  /** What the command printed with println (picocli's out writer). */
  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  /** What {@code weft connect} wrote as raw bytes. */
  String rawOut() {
    synchronized (rawOut) {
      return rawOut.toString(StandardCharsets.UTF_8);
    }
  }

  /** A command running on a background thread. */
  record Running(Thread thread, CompletableFuture<Integer> exit) {
    /** Interrupts the command, as SIGTERM would stop it, and returns its exit code. */
    int stop() throws Exception {
      thread.interrupt();
      return exit.get(20, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
