package dev.weft.cli;

import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.tls.TlsConfig;
import dev.weft.tls.TlsConn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code weft connect}: a netcat. Stdin goes to the socket and the socket to stdout, on two
 * virtual threads. EOF on stdin half-closes; the command exits 0 once the peer closes and stdout
 * is flushed, or 1 with a message on stderr when the connection fails.
 */
@Command(name = "connect", description = "Connect to HOST:PORT: stdin to the socket, the socket to stdout.")
final class ConnectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand Main main;

  @Parameters(
      paramLabel = "HOST:PORT",
      converter = Converters.AddressConverter.class,
      description = "The address to connect to, e.g. 127.0.0.1:7007 or [::1]:7007.")
  InetSocketAddress address;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = Converters.DurationConverter.class,
      description = "Connect timeout; 0 means the OS limit. Default: ${DEFAULT-VALUE}")
  Duration timeout;

  @Mixin TlsOptions tls;

  @Option(
      names = "--server-name",
      paramLabel = "NAME",
      description = "With --tls: the name sent as SNI and checked against the certificate. Default: the HOST of HOST:PORT")
  String serverName;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    OutputStream stdout = main.stdout();
    TlsConfig.Builder tlsConfig = tls.builder(spec);
    if (!tls.tls && serverName != null) {
      throw new ParameterException(spec.commandLine(), "--server-name needs --tls");
    }
    Dialer dialer;
    try {
      dialer = dialer(tlsConfig, true);
    } catch (IOException e) {
      err.println("weft connect: " + e.getMessage());
      err.flush();
      return Main.FAILURE;
    }
    boolean dialing = true;
    try (Conn conn = dialer.dial(address)) {
      dialing = false;
      Thread.ofVirtual().name("connect-stdin").start(() -> upload(main.stdin(), conn));
      copy(conn.in(), stdout);
      return Main.OK;
    } catch (IOException e) {
      flushQuietly(stdout);
      err.println("weft connect: " + (tls.tls
          ? TlsDiagnosis.explain(e, dialing, name(), timeout, tls.cert != null, () -> peerNames(tlsConfig))
          : e.getMessage()));
      err.flush();
      return Main.FAILURE;
    }
  }

  /** The dialer; with --tls, {@code --timeout} bounds the handshake too. */
  private Dialer dialer(TlsConfig.Builder tlsConfig, boolean verifyHostname) throws IOException {
    Dialer dialer = Dialer.defaults().withConnectTimeout(timeout);
    if (!tls.tls) {
      return dialer;
    }
    return dialer.withSetup(tlsConfig.handshakeTimeout(timeout).verifyHostname(verifyHostname).build().clientSetup(name()));
  }

  private String name() {
    return serverName != null ? serverName : address.getHostString();
  }

  /**
   * The names in the server's certificate, from a second handshake without the name check (the
   * CA is still checked); null if that fails too. Only called after a failed handshake, to say
   * which names the certificate has.
   */
  private List<String> peerNames(TlsConfig.Builder tlsConfig) {
    try (Conn conn = dialer(tlsConfig, false).dial(address)) {
      return conn instanceof TlsConn t ? t.peerNames().stream().distinct().toList() : null; // CN and SAN may repeat
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Copies stdin to the socket, flushing after every read so interactive input is sent at once,
   * then half-closes. On a failure it just stops: a broken connection surfaces on the reading
   * side, which still drains what the peer sent, so the error is reported once.
   */
  private static void upload(InputStream stdin, Conn conn) {
    try {
      copy(stdin, conn.out());
      conn.closeWrite();
    } catch (IOException e) {
      // Reported by the reading side.
    }
  }

  /** Copies until EOF, flushing after every read: both ends may be a person at a terminal. */
  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) >= 0; ) {
      out.write(buf, 0, n);
      out.flush();
    }
  }

  private static void flushQuietly(OutputStream out) {
    try {
      out.flush();
    } catch (IOException ignored) {
      // The connection error is the one worth reporting.
    }
  }
}
