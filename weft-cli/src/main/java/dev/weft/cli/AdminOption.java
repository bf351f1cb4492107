package dev.weft.cli;

import dev.weft.admin.AdminConfig;
import dev.weft.net.NetException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --admin HOST:PORT} of the quick commands ({@code weft echo}, {@code weft proxy}): the
 * admin endpoint of {@code weft serve}'s {@code admin:} block, with {@code listen} only. Off
 * 127.0.0.1 and ::1 a token is generated and printed once, as for a block without {@code token}.
 */
final class AdminOption {
  @Option(
      names = "--admin",
      paramLabel = "HOST:PORT",
      converter = Converters.AddressConverter.class,
      description = "Serve /metrics, /healthz, /readyz, /api/status and the status page here (port 0 picks one)."
          + " Off 127.0.0.1 and ::1 a bearer token is generated and printed once. Default: off")
  InetSocketAddress address;

  /**
   * Starts the endpoint for {@code service} and prints where it listens, or returns null without
   * {@code --admin}.
   *
   * @throws NetException if the address cannot be bound
   */
  AdminEndpoint start(ServePlan.Service service, PrintWriter out) throws NetException {
    return address == null ? null : AdminEndpoint.start(new AdminConfig(address, null), List.of(service), out);
  }
}
