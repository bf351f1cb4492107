package dev.weft.cli;

import dev.weft.bench.Bench;
import dev.weft.bench.BenchConfig;
import dev.weft.bench.BenchResult;
import dev.weft.net.ConnSetup;
import dev.weft.tls.TlsConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code weft bench}: load a TCP echo service and report throughput, latency percentiles and
 * errors by kind. Exits 0 when the run had no error, 1 otherwise, 2 on bad options.
 */
@Command(name = "bench", description = "Load a TCP echo service: throughput, latency percentiles, errors.")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--target", required = true, paramLabel = "HOST:PORT",
      converter = Converters.AddressConverter.class, description = "The service to load (loopback unless --allow-remote).")
  InetSocketAddress target;

  @Option(names = "--mode", defaultValue = "echo", paramLabel = "MODE",
      description = "echo, stream, connect, idle or pool. Default: ${DEFAULT-VALUE}")
  String mode;

  @Option(names = "--conns", defaultValue = "100", paramLabel = "N",
      description = "Concurrent connections (workers in connect and pool modes). Default: ${DEFAULT-VALUE}")
  int conns;

  @Option(names = "--pool-size", defaultValue = "0", paramLabel = "N",
      description = "Pool mode: connections shared by the workers; 0 is min(conns, 16). Default: ${DEFAULT-VALUE}")
  int poolSize;

  @Option(names = "--size", defaultValue = "64", paramLabel = "BYTES", description = "Message size. Default: ${DEFAULT-VALUE}")
  int size;

  @Option(names = "--duration", defaultValue = "10s", paramLabel = "DURATION",
      converter = Converters.DurationConverter.class, description = "Measured time. Default: ${DEFAULT-VALUE}")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "2s", paramLabel = "DURATION",
      converter = Converters.DurationConverter.class, description = "Unmeasured time first. Default: ${DEFAULT-VALUE}")
  Duration warmup;

  @Option(names = "--pipeline", defaultValue = "1", paramLabel = "K",
      description = "Messages in flight per connection (echo mode). Default: ${DEFAULT-VALUE}")
  int pipeline;

  @Option(names = "--rate", defaultValue = "0", paramLabel = "MSGS_PER_S",
      description = "Total message rate; 0 is as fast as possible. Latency then counts from the intended send time. Default: ${DEFAULT-VALUE}")
  long rate;

  @Option(names = "--sources", split = ",", paramLabel = "IP",
      description = "Local IPs to spread connections over (e.g. 127.0.0.2,127.0.0.3): each gives ~28k ports.")
  List<String> sources = new ArrayList<>();

  @Option(names = "--connect-timeout", defaultValue = "5s", paramLabel = "DURATION",
      converter = Converters.DurationConverter.class, description = "Per dial. Default: ${DEFAULT-VALUE}")
  Duration connectTimeout;

  @Mixin TlsOptions tls;

  @Option(names = "--server-name", paramLabel = "NAME",
      description = "With --tls: the name sent as SNI and checked against the certificate. Default: the HOST of --target")
  String serverName;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Option(names = "--allow-remote", description = "Allow a target or source outside loopback.")
  boolean allowRemote;

  @Override
  public Integer call() throws InterruptedException {
    BenchConfig config;
    try {
      config = config();
    } catch (IOException e) {
      spec.commandLine().getErr().println("weft bench: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return Main.FAILURE;
    }
    boolean terminal = System.console() != null && !json;
    PrintStream progress = terminal ? System.err : null;
    BenchResult result = new Bench(config).run(progress);
    spec.commandLine().getOut().print(json ? result.toJson() + "\n" : result.toTable());
    spec.commandLine().getOut().flush();
    return result.errorCount() == 0 ? Main.OK : Main.FAILURE;
  }

  private BenchConfig config() throws IOException {
    try {
      BenchConfig c = new BenchConfig(target, parseMode(), conns, size, duration, warmup, pipeline,
          rate, addresses(), connectTimeout, setup(), poolSize);
      c.checkTarget(allowRemote);
      return c;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage());
    }
  }

  /** A TLS client handshake per connection with --tls; nothing otherwise. */
  private ConnSetup setup() throws IOException {
    TlsConfig.Builder b = tls.builder(spec);
    if (!tls.tls) {
      if (serverName != null) {
        throw new ParameterException(spec.commandLine(), "--server-name needs --tls");
      }
      return ConnSetup.NONE;
    }
    return b.build().clientSetup(serverName != null ? serverName : target.getHostString());
  }

  private BenchConfig.Mode parseMode() {
    try {
      return BenchConfig.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--mode must be echo, stream, connect, idle or pool, got '" + mode + "'");
    }
  }

  private List<InetAddress> addresses() {
    List<InetAddress> list = new ArrayList<>();
    for (String s : sources) {
      try {
        list.add(InetAddress.getByName(s.strip()));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("--sources: unknown address '" + s + "'");
      }
    }
    return list;
  }
}
