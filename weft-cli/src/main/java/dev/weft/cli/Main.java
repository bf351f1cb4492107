package dev.weft.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Set;
import org.slf4j.LoggerFactory;
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

  private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace", "off");

  @Spec CommandSpec spec;

  private final InputStream stdin;
  private final OutputStream stdout;

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
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Option(
      names = "--tls-provider",
      scope = ScopeType.INHERIT,
      paramLabel = "jdk|accp",
      description = "TLS crypto: jdk (pure Java, the default) or accp (native Amazon Corretto Crypto Provider; falls back to jdk if it cannot load).")
  void tlsProvider(String name) {
    try {
      CryptoProvider.use(name);
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
    String l = level.toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(l)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--log-level must be one of error, warn, info, debug, trace, off, got '" + level + "'");
    }
    if (LoggerFactory.getLogger("dev.weft") instanceof Logger logger) {
      logger.setLevel(Level.toLevel(l));
    }
  }

  InputStream stdin() {
    return stdin;
  }

  OutputStream stdout() {
    return stdout;
  }
}
