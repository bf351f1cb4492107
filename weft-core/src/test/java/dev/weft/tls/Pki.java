package dev.weft.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test certificates made with the real {@code openssl} binary: a CA, a server cert for localhost
 * and 127.0.0.1, a client cert (CN alice), an expired client cert, and a client cert from another
 * CA. Every key is EC P-256 except where a test asks for the traditional formats.
 */
final class Pki {
  final Path dir;

  Pki(Path dir) throws IOException {
    this.dir = dir;
    ca("ca");
    ca("other-ca");
    leaf("server", "ca", "localhost", "DNS:localhost,IP:127.0.0.1", 30);
    leaf("client", "ca", "alice", "DNS:alice.example", 30);
    leaf("expired", "ca", "mallory", "DNS:mallory.example", -1);
    leaf("stranger", "other-ca", "eve", "DNS:eve.example", 30);
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  void ca(String name) throws IOException {
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", name + ".key", "-out", name + ".pem", "-days", "30", "-subj", "/CN=" + name);
  }

  /** A leaf {@code name}.pem / {@code name}.key signed by {@code ca}; negative days: expired. */
  void leaf(String name, String ca, String cn, String sans, int days) throws IOException {
    run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn);
    Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + sans + "\n");
    run("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
        "-CAcreateserial", "-out", name + ".pem", "-days", String.valueOf(days), "-extfile", name + ".ext");
  }

  void run(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("openssl failed: " + cmd + "\n" + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
