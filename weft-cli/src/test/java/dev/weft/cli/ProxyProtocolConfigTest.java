package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.proxyproto.ProxyHeader;
import dev.weft.proxyproto.ProxyProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code proxy-protocol:} block of {@code weft serve}. */
@Timeout(60)
class ProxyProtocolConfigTest {
  private static final InetSocketAddress DEST = new InetSocketAddress("198.51.100.1", 7007);

  @TempDir Path dir;

  @Test
  void serviceBehindAProxySeesAndFiltersTheRealClient() throws Exception {
    Path config = Files.writeString(dir.resolve("weft.yaml"),
        """
        services:
          - name: echo
            type: echo
            listen: 127.0.0.1:0
            access:
              allow: [203.0.113.0/24]
            proxy-protocol:
              accept-from: [127.0.0.1/32]
              required: true
              header-timeout: 2s
        """);
    Cli cli = new Cli();
    Cli.Running running = cli.start("serve", "--config", config.toString());
    int port = Loopback.awaitListeningPort(cli::out, "echo");

    byte[] allowed = ProxyProtocol.encodeV2(ProxyHeader.tcp(new InetSocketAddress("203.0.113.7", 1234), DEST));
    assertThat(exchange("127.0.0.1", port, allowed, "hi\n")).isEqualTo("hi\n");
    byte[] denied = ProxyProtocol.encodeV1(ProxyHeader.tcp(new InetSocketAddress("192.0.2.1", 1234), DEST));
    assertThat(exchange("127.0.0.1", port, denied, "hi\n")).isEmpty();
    assertThat(exchange("127.0.0.2", port, allowed, "hi\n")).isEmpty(); // not a trusted proxy
    assertThat(exchange("127.0.0.1", port, allowed, "still served\n")).isEqualTo("still served\n");
    assertThat(running.stop()).isZero();
  }

  @Test
  void badValuesNameTheKeyAndItsLine() throws IOException {
    Path config = Files.writeString(dir.resolve("weft.yaml"),
        """
        services:
          - name: a
            type: echo
            listen: 127.0.0.1:0
            proxy-protocol:
              accept-from: [10.0.0.0/8, 10.0.0.0/33]
              max-v2-length: 5
          - name: b
            type: echo
            listen: 127.0.0.1:0
            proxy-protocol:
              required: false
        """);
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check", "--config", config.toString())).isEqualTo(2);
    String file = config.toString();
    assertThat(cli.err())
        .contains(file + " line 6: services[0].proxy-protocol.accept-from[1]: bad CIDR '10.0.0.0/33': prefix must be <= 32, got 33\n")
        .contains(file + " line 7: services[0].proxy-protocol.max-v2-length: must be 16..65535, got 5\n")
        .contains(file + " line 11: services[1].proxy-protocol.accept-from: needs at least one CIDR");
  }

  @Test
  void unknownKeyIsRejectedWithItsLine() throws IOException {
    Path config = Files.writeString(dir.resolve("weft.yaml"),
        """
        services:
          - name: a
            type: echo
            listen: 127.0.0.1:0
            proxy-protocol:
              accept-form: [10.0.0.0/8]
        """);
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check", "--config", config.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("line 6: services[0].proxy-protocol.accept-form: unknown key 'accept-form'");
  }

  /** Connects from {@code from}, sends the header and text, half-closes, reads to EOF. */
  private static String exchange(String from, int port, byte[] header, String text) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(5_000);
      s.getOutputStream().write(header);
      s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (SocketException reset) {
      return ""; // closed before reading everything we sent
    }
  }
}
