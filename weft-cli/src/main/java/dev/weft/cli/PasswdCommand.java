package dev.weft.cli;

import dev.weft.auth.PasswordHash;
import dev.weft.auth.TokenAuthenticator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code weft passwd}: reads one password line from stdin and prints its {@link PasswordHash}
 * encoding, for {@code auth.users.NAME.hash}. The password never becomes a {@link String} and
 * is zeroed after hashing. Exit codes: 0 printed, 1 empty or unreadable input.
 */
@Command(
    name = "passwd",
    description = "Read a password from stdin (first line) and print its hash for auth.users.",
    footer = {"", "Example: printf '%%s\\n' \"$PASSWORD\" | weft passwd"})
final class PasswdCommand implements Callable<Integer> {
  /**
   * The longest password: what fits in an AUTH line ({@code AUTH <user> <password>}, at most
   * {@link TokenAuthenticator#MAX_LINE_BYTES} bytes) with a one-letter user name. A longer one
   * would hash fine and never log in.
   */
  static final int MAX_BYTES = TokenAuthenticator.MAX_LINE_BYTES - "AUTH u ".length();

  /** Fewer PBKDF2 iterations than this get a warning (OWASP asks for 600,000 with SHA-256). */
  static final int WEAK_BELOW = 100_000;

  @Spec CommandSpec spec;
  @ParentCommand Main main;

  @Option(
      names = "--iterations",
      paramLabel = "N",
      description = "PBKDF2 iterations. Default: ${DEFAULT-VALUE}")
  int iterations = PasswordHash.DEFAULT_ITERATIONS;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (iterations < 1 || iterations > PasswordHash.MAX_ITERATIONS) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--iterations must be in 1.." + PasswordHash.MAX_ITERATIONS + ", got " + iterations);
    }
    byte[] line = null;
    char[] password = null;
    try {
      line = readLine(main.stdin());
      password = decode(line);
      if (password.length == 0) {
        err.println("weft passwd: empty password on stdin");
        return Main.FAILURE;
      }
      spec.commandLine().getOut().println(PasswordHash.hash(password, iterations));
      if (iterations < WEAK_BELOW) {
        err.printf("weft passwd: warning: %,d iterations is far below the default %,d; a stolen hash"
            + " is that much cheaper to guess%n", iterations, PasswordHash.DEFAULT_ITERATIONS);
      }
      return Main.OK;
    } catch (IOException | IllegalArgumentException e) {
      err.println("weft passwd: " + e.getMessage());
      return Main.FAILURE;
    } finally {
      if (line != null) {
        Arrays.fill(line, (byte) 0);
      }
      if (password != null) {
        Arrays.fill(password, '\0');
      }
      spec.commandLine().getOut().flush();
      err.flush();
    }
  }

  /** The first line without its terminator; a line longer than {@link #MAX_BYTES} fails. */
  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (buf.size() > MAX_BYTES) { // MAX_BYTES and a CR may come
        throw tooLong();
      }
      buf.write(b);
    }
    byte[] bytes = buf.toByteArray();
    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    if (n > MAX_BYTES) {
      Arrays.fill(bytes, (byte) 0);
      throw tooLong();
    }
    byte[] line = Arrays.copyOf(bytes, n);
    Arrays.fill(bytes, (byte) 0);
    return line;
  }

  private static IOException tooLong() {
    return new IOException("password longer than " + MAX_BYTES + " bytes: AUTH <user> <password> must fit in "
        + TokenAuthenticator.MAX_LINE_BYTES + " bytes");
  }

  private static char[] decode(byte[] line) throws IOException {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(line));
      char[] out = new char[chars.remaining()];
      chars.get(out);
      Arrays.fill(chars.array(), '\0');
      return out;
    } catch (CharacterCodingException e) {
      throw new IOException("password on stdin is not valid UTF-8");
    }
  }
}
