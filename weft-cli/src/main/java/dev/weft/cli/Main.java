package dev.weft.cli;

import java.io.InputStream;
import java.io.OutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code weft} command. Exit codes: 0 ok, 1 runtime failure, 2 usage or config error.
 *
 * <p>Subcommands print through picocli's writers ({@link CommandLine#getOut()}, {@link
 * CommandLine#getErr()}), so tests capture them; {@code weft connect} moves raw bytes through
 * {@link #stdin()} and {@link #stdout()}.
 */
@Command(
    name = "weft",
    // Subcommands inherit -h/--help, -V/--version and the exit codes below.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Go-style TCP services: run them, and test them.",
    exitCodeOnInvalidInput = Main.USAGE,
    exitCodeOnExecutionException = Main.FAILURE,
    subcommands = {
      ServeCommand.class,
      EchoCommand.class,
      ProxyCommand.class,
      ConnectCommand.class,
      CertCommand.class,
      BenchCommand.class,
      PasswdCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  @Spec CommandSpec spec;

  private final InputStream stdin;
  private final OutputStream stdout;
  private boolean logLevelGiven;
  private boolean logFormatGiven;

  /** Uses the process's standard input and output. */
  public Main() {
    this(System.in, System.out);
  }

  /** Uses {@code stdin} and {@code stdout} for the raw bytes of {@code weft connect}. */
  public Main(InputStream stdin, OutputStream stdout) {
    this.stdin = stdin;
    this.stdout = stdout;
  }

  public static void main(String[] args) {
    int code = commandLine(new Main()).execute(args);
    Logs.close(); // the log lines still queued for stderr
    System.exit(code);
  }

  /**
   * The command line for {@code main}. A usage error prints its message, the command's one-line
   * synopsis and where to find more, not the whole help (which would bury the one useful line).
   */
  static CommandLine commandLine(Main main) {
    CommandLine cmd = new CommandLine(main);
    cmd.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      java.io.PrintWriter err = c.getErr();
      err.println(ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      CommandLine.Help help = c.getHelp();
      err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeading().length()));
      err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more.");
      err.flush();
      return c.getCommandSpec().exitCodeOnInvalidInput();
    });
    return cmd;
  }

  @Option(
      names = "--tls-provider",
      scope = ScopeType.INHERIT,
      paramLabel = "jdk|accp|boringssl",
      description = "TLS crypto: jdk (pure Java, the default), accp (native Amazon Corretto Crypto Provider under the JDK's TLS) or boringssl (native BoringSSL TLS engine); a native choice falls back to jdk if it cannot load.")
  void tlsProvider(String name) {
    try {
      CryptoProvider.useFromCommandLine(name);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
    }
  }

  @Option(
      names = "--log-level",
      scope = ScopeType.INHERIT,
      paramLabel = "LEVEL",
      description = "Log level for dev.weft on stderr: error, warn, info, debug, trace, off. Default: info")
  void logLevel(String level) {
    rejectIf("--log-level", Logs.checkLevel(level));
    Logs.level(level);
    logLevelGiven = true;
  }

  @Option(
      names = "--log-format",
      scope = ScopeType.INHERIT,
      paramLabel = "text|json",
      description = "Log lines on stderr: text (human, the default) or json (one JSON object per line).")
  void logFormat(String format) {
    rejectIf("--log-format", Logs.checkFormat(format));
    Logs.format(format);
    logFormatGiven = true;
  }

  /** A usage error (exit 2) naming {@code option}, if {@code problem} is not null. */
  private void rejectIf(String option, String problem) {
    if (problem != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " " + problem);
    }
  }

  /** Applies a config's {@code logging:} block, except what the command line already set. */
  void configLogging(LoggingSettings logging) {
    if (logging.level() != null && !logLevelGiven) {
      Logs.level(logging.level());
    }
    if (logging.format() != null && !logFormatGiven) {
      Logs.format(logging.format());
    }
  }

  InputStream stdin() {
    return stdin;
  }

  OutputStream stdout() {
    return stdout;
  }
}
