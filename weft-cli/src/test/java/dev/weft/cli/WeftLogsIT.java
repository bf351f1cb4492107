package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.net.NetException;
import dev.weft.net.Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a real process: JSON log lines on stderr from {@code --log-format json} and
 * from a config's {@code logging:} block, the per-service {@code access-log} switch, and a JFR
 * recording started with {@code -XX:StartFlightRecording} read back with the JDK's {@code jfr}
 * tool, as docs/operations.md shows.
 */
@Timeout(120)
class WeftLogsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @BeforeEach
  void needsTheJar() {
    assumeTrue(System.getProperty("weft.jar") != null, "runs under failsafe, after package");
  }

  /** A weft process with stdout and stderr in files (see WeftProcessIT for why files). */
  private record Weft(Process process, Path out, Path err) {
    String stdout() throws IOException {
      return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Stops with SIGTERM, waits, and returns stderr's lines. */
    List<String> stopAndReadStderr() throws Exception {
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(143);
      return Files.readAllLines(err, StandardCharsets.UTF_8);
    }
  }

  private Weft start(List<String> jvm, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-jar", System.getProperty("weft.jar")));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("weft.out");
    Path err = dir.resolve("weft.err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new Weft(p, out, err);
  }

  /** Every line must be one JSON object; returns them parsed. */
  private static List<JsonNode> parseEach(List<String> lines) throws IOException {
    assertThat(lines).isNotEmpty();
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : lines) {
      JsonNode node = JSON.readTree(line);
      assertThat(node.isObject()).as(line).isTrue();
      parsed.add(node);
    }
    return parsed;
  }

  private static List<JsonNode> accessLines(List<JsonNode> lines) {
    return lines.stream().filter(n -> n.path("loggerName").asText().equals("weft.access")).toList();
  }

  @Test
  void logFormatJsonWritesOneParseableObjectPerLineWithTheConnectionInTheMdc() throws Exception {
    Weft echo = start(List.of(), "--log-format", "json", "echo", "--listen", "127.0.0.1:0");
    int port = Loopback.awaitListeningPort(() -> read(echo), "echo");
    assertThat(Loopback.exchange(port, "hello")).isEqualTo("hello");
    assertThat(Loopback.exchange(port, "again!")).isEqualTo("again!");

    List<JsonNode> access = accessLines(parseEach(echo.stopAndReadStderr()));
    assertThat(access).hasSize(2);
    assertThat(access).extracting(n -> n.at("/mdc/service").asText()).containsOnly("echo");
    // The client sees each close before its line is logged, so the lines may come in either order.
    assertThat(access).extracting(n -> n.at("/mdc/conn").asText() + " " + n.get("formattedMessage").asText())
        .anySatisfy(s -> assertThat(s).startsWith("conn-1 conn-1 echo ").contains("cause=CLIENT_CLOSED", "in=5 out=5"))
        .anySatisfy(s -> assertThat(s).startsWith("conn-2 conn-2 echo ").contains("cause=CLIENT_CLOSED", "in=6 out=6"));
  }

  @Test
  void configLoggingBlockAndAccessLogSwitchApplyAndJfrRecordsTheConnections() throws Exception {
    Path jfr = dir.resolve("weft.jfr");
    Path config = Files.writeString(dir.resolve("weft.yaml"), """
        logging:
          format: json
        services:
          - name: logged
            type: echo
            listen: 127.0.0.1:0
          - name: quiet
            type: echo
            listen: 127.0.0.1:0
            access-log: false
        """);
    Weft serve = start(List.of("-XX:StartFlightRecording=filename=" + jfr), "serve", "--config", config.toString());
    int logged = Loopback.awaitListeningPort(() -> read(serve), "logged");
    int quiet = Loopback.awaitListeningPort(() -> read(serve), "quiet");
    assertThat(Loopback.exchange(logged, "to the log")).isEqualTo("to the log");
    assertThat(Loopback.exchange(quiet, "not logged")).isEqualTo("not logged");

    List<JsonNode> access = accessLines(parseEach(serve.stopAndReadStderr()));
    assertThat(access).singleElement().satisfies(n -> {
      assertThat(n.at("/mdc/service").asText()).isEqualTo("logged");
      assertThat(n.get("formattedMessage").asText()).contains("cause=CLIENT_CLOSED", "in=10 out=10");
    });

    String printed = jfrPrint(jfr, "weft.ConnectionOpened,weft.ConnectionClosed");
    assertThat(printed.split("weft.ConnectionOpened \\{", -1)).hasSize(3);
    assertThat(printed.split("weft.ConnectionClosed \\{", -1)).hasSize(3);
    assertThat(printed).contains("service = \"logged\"", "service = \"quiet\"", "cause = \"CLIENT_CLOSED\"",
        "bytesIn = 10 bytes", "connectionDuration = ");
  }

  @Test
  void proxySessionLinesCarryTheirFactsAsJsonFieldsAndKeepTheirText() throws Exception {
    try (Server backend = Server.builder().name("b").listen("127.0.0.1", 0).handler(Services::echo).start()) {
      String b = NetException.addr(backend.address());
      Weft proxy = start(List.of(), "--log-format", "json", "proxy", "--listen", "127.0.0.1:0", "--backend", b);
      int port = Loopback.awaitListeningPort(() -> read(proxy), "proxy");
      assertThat(Loopback.exchange(port, "through")).isEqualTo("through");

      List<JsonNode> sessions = parseEach(proxy.stopAndReadStderr()).stream()
          .filter(n -> n.path("loggerName").asText().equals("dev.weft.proxy.connections")).toList();
      assertThat(sessions).singleElement().satisfies(n -> {
        ObjectNode kv = JSON.createObjectNode(); // kvpList is a list of one-key objects
        n.get("kvpList").forEach(pair -> kv.setAll((ObjectNode) pair));
        assertThat(kv.get("service").asText()).isEqualTo("proxy");
        assertThat(kv.get("client").asText()).startsWith("127.0.0.1:");
        assertThat(kv.get("backend").asText()).isEqualTo(b);
        assertThat(kv.get("termination").asText()).isEqualTo("CLIENT_EOF");
        assertThat(kv.get("bytesIn").asText()).isEqualTo("7");
        assertThat(kv.get("bytesOut").asText()).isEqualTo("7");
        assertThat(Double.parseDouble(kv.get("durationMs").asText())).isGreaterThanOrEqualTo(0.0);
        // The text is the line the text format prints.
        assertThat(n.get("formattedMessage").asText()).matches(
            "proxy #1 127\\.0\\.0\\.1:\\d+ -> " + java.util.regex.Pattern.quote(b)
                + " CLIENT_EOF closed-by=client up=7 down=7 attempts=1 \\d+ ms");
      });
    }
  }

  /** Runs {@code jfr print --events EVENTS FILE} from the JDK running this test. */
  private static String jfrPrint(Path recording, String events) throws Exception {
    String tool = Path.of(System.getProperty("java.home"), "bin", "jfr").toString();
    Process p = new ProcessBuilder(tool, "print", "--events", events, recording.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static String read(Weft w) {
    try {
      return w.stdout();
    } catch (IOException e) {
      return "";
    }
  }
}
