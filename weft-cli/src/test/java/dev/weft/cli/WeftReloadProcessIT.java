package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a real process: {@code weft serve} reloads on {@code kill -HUP} and on a
 * rewrite of its file, and an invalid rewrite leaves it serving. The process starts with SIGHUP at
 * its default disposition ({@link Signals}), whatever Maven inherited: under {@code nohup} the JVM
 * would keep it ignored. Runs under failsafe.
 */
@Timeout(90)
class WeftReloadProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private Path file;
  private Process serve;

  @AfterEach
  void stop() {
    if (serve != null) {
      serve.destroyForcibly();
    }
  }

  @Test
  void sighupAndFileRewritesReloadWhileBadRewritesAreReportedAndIgnored() throws Exception {
    int port = startServe(Signals::withDefaults);
    String port0 = "127.0.0.1:0";

    kill("-HUP"); // same text: nothing to do
    await().atMost(WAIT).until(() -> read("err").contains("unchanged since the last reload"));

    // A save followed by SIGHUP (the usual operator habit) is one reload, whichever comes first.
    Files.writeString(file, yaml("127.0.0.9").replace(port0, "127.0.0.1:" + port));
    kill("-HUP");
    await().atMost(WAIT).until(() -> read("out").contains("changed [echo 'echo': access rules], unchanged 0"));
    assertThat(Loopback.exchange(port, "after the rewrite\n")).isEqualTo("after the rewrite\n");
    Files.writeString(file, yaml("127.0.0.9").replace(port0, "127.0.0.1:" + port)
        + "  - name: two\n    type: echo\n    listen: 127.0.0.1:0\n");
    // Triggers are handled in order, so once this reload shows, the save-and-SIGHUP pair is done.
    await().atMost(WAIT).until(() -> read("out").contains("reloaded weft.yaml: added [two]"));
    assertThat(read("out").lines().filter(l -> l.contains("reloaded"))).hasSize(2);

    Files.writeString(file, yaml("127.0.0.9").replace("echo\n    listen", "nope\n    listen"));
    await().atMost(WAIT).until(() -> read("err").contains("the running config stays in force"));
    assertThat(read("err")).contains("line 3: services[0].type: unknown service type 'nope'");
    assertThat(Loopback.exchange(port, "still serving\n")).isEqualTo("still serving\n");
    assertThat(serve.isAlive()).isTrue();

    serve.destroy();
    assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void anIgnoredSighupIsReportedAndFileChangesStillReload() throws Exception {
    int port = startServe(Signals::withSighupIgnored);
    assertThat(read("err")).contains("SIGHUP is ignored in this process (started with nohup?); the config reloads on file changes only");

    Files.writeString(file, yaml("127.0.0.9").replace("127.0.0.1:0", "127.0.0.1:" + port));
    await().atMost(WAIT).until(() -> read("out").contains("changed [echo 'echo': access rules]"));
    assertThat(Loopback.exchange(port, "still here\n")).isEqualTo("still here\n");
  }

  /** Writes the first config, starts weft serve on it with {@code signals} set, and returns the echo port. */
  private int startServe(UnaryOperator<List<String>> signals) throws IOException {
    assumeTrue(System.getProperty("weft.jar") != null, "runs under failsafe, after package");
    file = dir.resolve("weft.yaml");
    Files.writeString(file, yaml("127.0.0.2"));
    serve = new ProcessBuilder(signals.apply(List.of(java(), "-jar", System.getProperty("weft.jar"), "serve", "--config", file.toString(), "--log-level", "debug")))
        .redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile())
        .start();
    return Loopback.awaitListeningPort(() -> read("out"), "echo");
  }

  private static String yaml(String denied) {
    return "services:\n  - name: echo\n    type: echo\n    listen: 127.0.0.1:0\n    access:\n      deny: [" + denied + "]\n";
  }

  private void kill(String signal) throws Exception {
    Process k = new ProcessBuilder(List.of("kill", signal, String.valueOf(serve.pid()))).start();
    assertThat(k.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(k.exitValue()).isZero();
  }

  private String read(String name) {
    try {
      return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
