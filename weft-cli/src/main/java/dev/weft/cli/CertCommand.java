package dev.weft.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft cert}: writes a development CA, a server certificate and a client certificate as
 * PEM, for trying TLS and mTLS. Prints the files it wrote.
 */
@Command(name = "cert", description = "Write a dev CA, a server and a client certificate (PEM) into a directory.")
final class CertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory for ca.pem, ca.key, server.pem, server.key, client.pem, client.key.")
  Path out;

  @Option(names = "--host", paramLabel = "NAME", description = "Server host name or IP (repeatable); the server certificate's SANs. Default: localhost, 127.0.0.1 and ::1")
  List<String> hosts;

  @Option(names = "--client-name", paramLabel = "CN", defaultValue = "client", description = "The client certificate's CN, the mTLS principal. Default: ${DEFAULT-VALUE}")
  String clientName;

  @Option(names = "--days", paramLabel = "N", defaultValue = "365", description = "Validity in days. Default: ${DEFAULT-VALUE}")
  int days;

  @Option(names = "--force", description = "Overwrite files that already exist in DIR (by default weft cert refuses, so a real CA key is never lost).")
  boolean force;

  @Override
  public Integer call() {
    if (days <= 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--days must be > 0, got " + days);
    }
    List<String> names = new java.util.ArrayList<>();
    for (String h : hosts == null || hosts.isEmpty() ? List.of("localhost", "127.0.0.1", "::1") : hosts) {
      boolean bracketed = h.startsWith("[") && h.endsWith("]"); // only for IPv6: [::1]
      String name = bracketed ? h.substring(1, h.length() - 1) : h;
      if (!DevCertificates.isHostOrIp(name) || bracketed && name.indexOf(':') < 0) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--host '" + h + "': not a host name (letters, digits, '-', dots; '*.' may lead) or an IPv4/IPv6 address");
      }
      names.add(name);
    }
    if (clientName.isBlank()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--client-name must not be blank");
    }
    List<Path> existing = DevCertificates.FILES.stream().map(out::resolve).filter(Files::exists).toList();
    if (!force && !existing.isEmpty()) {
      spec.commandLine().getErr().println("weft cert: refusing to overwrite "
          + existing.stream().map(Path::toString).collect(Collectors.joining(", ")) + " (use --force to replace them)");
      spec.commandLine().getErr().flush();
      return Main.FAILURE;
    }
    try {
      DevCertificates.write(out, names, clientName, Duration.ofDays(days));
    } catch (IOException e) {
      spec.commandLine().getErr().println("weft cert: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return Main.FAILURE;
    }
    for (String f : DevCertificates.FILES) {
      spec.commandLine().getOut().println("wrote " + out.resolve(f));
    }
    spec.commandLine().getOut().println("server names: " + String.join(", ", names) + "; client CN: " + clientName);
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}
