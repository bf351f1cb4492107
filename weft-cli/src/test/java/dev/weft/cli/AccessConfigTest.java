package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.access.AccessControl;
import dev.weft.access.RateLimit;
import dev.weft.net.RejectReason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code access:} block of {@code weft serve}, and {@code weft echo --allow/--deny}. */
@Timeout(60)
class AccessConfigTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("weft.yaml"), yaml);
  }

  @Test
  void accessBlockBecomesTheAdmissionCheck() throws Exception {
    String yaml =
        """
        services:
          - name: echo
            type: echo
            listen: 127.0.0.1:0
            access:
              allow: [127.0.0.0/8, "::1"]
              deny:
                - 127.0.0.2/32
              connect-rate-per-ip: {rate: 20, per: 1s, burst: 40}
              accept-rate: 500/s burst 1000
              max-tracked-ips: 1000
        """;
    ServePlan plan = ConfigLoader.parse("weft.yaml", yaml);
    var admission = plan.services().get(0).config().admission();
    assertThat(admission).isInstanceOf(AccessControl.class);
    var rules = ((AccessControl) admission).rules();
    assertThat(rules.allow().entries()).hasSize(2);
    assertThat(rules.connectRatePerIp()).isEqualTo(new RateLimit(20, Duration.ofSeconds(1), 40));
    assertThat(rules.acceptRate()).isEqualTo(new RateLimit(500, Duration.ofSeconds(1), 1000));
    assertThat(rules.maxTrackedIps()).isEqualTo(1000);
    assertThat(admission.check(new InetSocketAddress("127.0.0.2", 1))).isEqualTo(RejectReason.ACCESS_DENIED);
    assertThat(admission.check(new InetSocketAddress("127.0.0.1", 1))).isNull();
  }

  @Test
  void aBareNumberIsThatManyPerSecond() throws Exception {
    String yaml =
        """
        services:
          - name: echo
            type: echo
            listen: 127.0.0.1:0
            access:
              accept-rate: 20
              connect-rate-per-ip: 5
        """;
    var rules = ((AccessControl) ConfigLoader.parse("weft.yaml", yaml).services().get(0).config().admission()).rules();
    assertThat(rules.acceptRate()).isEqualTo(new RateLimit(20, Duration.ofSeconds(1), 20));
    assertThat(rules.connectRatePerIp()).isEqualTo(new RateLimit(5, Duration.ofSeconds(1), 5));
  }

  @Test
  void badCidrNamesTheKeyAndItsLine() throws IOException {
    String yaml =
        """
        services:
          - name: echo
            type: echo
            listen: 127.0.0.1:0
            access:
              deny:
                - 10.0.0.0/8
                - 10.0.0.300/8
              allow: [192.168.1.0/24, "2001:db8::/129"]
        """;
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check", "--config", write(yaml).toString())).isEqualTo(2);
    String file = dir.resolve("weft.yaml").toString();
    assertThat(cli.err())
        .contains(file + " line 8: services[0].access.deny[1]: bad CIDR '10.0.0.300/8': octet 300 is not in 0-255\n")
        .contains(file + " line 9: services[0].access.allow[1]: bad CIDR '2001:db8::/129': prefix must be <= 128, got 129\n");
  }

  @Test
  void badRateNamesTheKeyAndItsLine() throws IOException {
    String yaml =
        """
        services:
          - name: echo
            type: echo
            listen: 127.0.0.1:0
            access:
              connect-rate-per-ip: {rate: -3, per: 1s}
              accept-rate: 20/x
        """;
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check", "--config", write(yaml).toString())).isEqualTo(2);
    String file = dir.resolve("weft.yaml").toString();
    assertThat(cli.err())
        .contains(file + " line 6: services[0].access.connect-rate-per-ip: rate must be > 0, got -3\n")
        .contains(file + " line 7: services[0].access.accept-rate: bad rate '20/x': unknown period 'x'; use ms, s, m or h\n");
  }

  @Test
  void unknownAccessKeyIsRejectedWithItsLine() throws IOException {
    String yaml =
        """
        services:
          - name: echo
            type: echo
            listen: 127.0.0.1:0
            access:
              denied: [10.0.0.0/8]
        """;
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check", "--config", write(yaml).toString())).isEqualTo(2);
    assertThat(cli.err()).contains("line 6: services[0].access.denied: unknown key 'denied'");
  }

  @Test
  void serveWithAccessBlockRefusesDeniedAddressAndServesOthers() throws Exception {
    Path config = write(
        """
        shutdown-timeout: 2s
        services:
          - name: guarded
            type: echo
            listen: 127.0.0.1:0
            access:
              deny: [127.0.0.2]
        """);
    Cli cli = new Cli();
    Cli.Running running = cli.start("serve", "--config", config.toString());
    int port = Loopback.awaitListeningPort(cli::out, "guarded");
    assertThat(closedWithoutData("127.0.0.2", port)).isTrue();
    assertThat(Loopback.exchange(port, "hello\n")).isEqualTo("hello\n");
    assertThat(running.stop()).isZero();
  }

  @Test
  void echoDenyOptionRefusesTheAddress() throws Exception {
    Cli cli = new Cli();
    Cli.Running running =
        cli.start("echo", "--listen", "127.0.0.1:0", "--deny", "127.0.0.2", "--allow", "127.0.0.0/8");
    int port = Loopback.awaitListeningPort(cli::out, "echo");
    assertThat(closedWithoutData("127.0.0.2", port)).isTrue();
    assertThat(Loopback.exchange(port, "ping")).isEqualTo("ping");
    assertThat(running.stop()).isZero();
  }

  @Test
  void echoBadCidrIsAUsageError() {
    Cli cli = new Cli();
    assertThat(cli.run("echo", "--listen", "127.0.0.1:0", "--deny", "10.0.0.0/99")).isEqualTo(2);
    assertThat(cli.err()).startsWith("--deny: bad CIDR '10.0.0.0/99': prefix must be <= 32, got 99");
  }

  private static boolean closedWithoutData(String fromIp, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.setSoTimeout(5_000);
      s.bind(new InetSocketAddress(InetAddress.getByName(fromIp), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      return s.getInputStream().read() == -1;
    } catch (SocketException reset) {
      return true;
    }
  }
}
