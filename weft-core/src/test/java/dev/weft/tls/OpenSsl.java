package dev.weft.tls;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A running {@code openssl s_client} or {@code s_server}; its output collected line by line.
 * Shared with weft-cli's tests through weft-core's test jar.
 */
public final class OpenSsl implements AutoCloseable {
  private final Process process;
  private final StringBuffer output = new StringBuffer();

  public OpenSsl(Path dir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.append(line).append('\n');
        }
      } catch (IOException ignored) {
        // Process ended.
      }
    });
  }

  public void send(String text) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write(text.getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  public String output() {
    return output.toString();
  }

  /** Waits (bounded) until the output contains {@code text}. */
  public void awaitOutput(String text) {
    await().atMost(Duration.ofSeconds(15)).until(() -> output.indexOf(text) >= 0);
  }

  /** Closes the process's stdin: s_client then says goodbye and exits on its own. */
  public void endInput() throws IOException {
    process.getOutputStream().close();
  }

  public boolean exited() {
    return !process.isAlive();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
