package dev.weft.auth;

import dev.weft.frame.FrameTooLargeException;
import dev.weft.frame.LineCodec;
import dev.weft.net.AuthenticationException;
import dev.weft.net.Conn;
import dev.weft.net.Principal;
import dev.weft.net.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A one-line handshake. The client sends {@code AUTH <user> <secret>\r\n} (at most {@link
 * #MAX_LINE_BYTES} bytes, UTF-8; the secret is the rest of the line and may hold spaces); the
 * server answers {@code OK <user>\r\n} and the protocol proper begins, or {@code ERR
 * authentication failed\r\n} and closes.
 *
 * <p>The reply is the same for an unknown user and a wrong secret, and so is the work: an
 * unknown user is checked against a dummy hash of the same cost, so timing tells nothing
 * either. The secret is decoded into a {@code char[]} that is zeroed after the check, and never
 * becomes a {@link String}.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenAuthenticator implements Authenticator {
  /** The longest AUTH line, terminator excluded. */
  public static final int MAX_LINE_BYTES = 512;

  /** The method name of the principals this authenticator makes. */
  public static final String METHOD = "token";

  private static final byte[] PREFIX = "AUTH ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FAILED = "ERR authentication failed\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final LineCodec CODEC = LineCodec.builder().maxLineLength(MAX_LINE_BYTES).build();

  private record User(String hash, Set<String> roles) {}

  private final Map<String, User> users;
  private final String dummyHash;

  private TokenAuthenticator(Map<String, User> users, String dummyHash) {
    this.users = Map.copyOf(users);
    this.dummyHash = dummyHash;
  }

  /** Returns a builder with no users. */
  public static Builder builder() {
    return new Builder();
  }

  /** Reads the AUTH line and checks it; blocks until the line arrives or the deadline passes. */
  @Override
  public Principal authenticate(Conn conn) throws IOException {
    byte[] line;
    try {
      line = CODEC.reader(conn.in()).readBytes();
    } catch (FrameTooLargeException e) {
      throw new AuthenticationException("AUTH line longer than " + MAX_LINE_BYTES + " bytes");
    } catch (ProtocolException e) { // the input ended inside the line
      throw new AuthenticationException("connection closed before the AUTH line ended (no newline)");
    }
    if (line == null) { // closed without a byte: a probe or a client that left, not a login attempt
      throw new EOFException("auth: connection closed before the AUTH line"); // closes as CLIENT_CLOSED
    }
    try {
      return check(conn, line);
    } finally {
      Arrays.fill(line, (byte) 0);
    }
  }

  private Principal check(Conn conn, byte[] line) throws IOException {
    if (!startsWith(line, PREFIX)) {
      throw new AuthenticationException("expected an AUTH line");
    }
    int userEnd = indexOf(line, (byte) ' ', PREFIX.length);
    if (userEnd <= PREFIX.length || userEnd == line.length - 1) {
      throw new AuthenticationException("malformed AUTH line; expected AUTH <user> <secret>");
    }
    String name = new String(line, PREFIX.length, userEnd - PREFIX.length, StandardCharsets.UTF_8);
    char[] secret = decode(line, userEnd + 1);
    User user = users.get(name);
    boolean ok;
    try {
      // Always pay for one derivation, so an unknown user costs what a wrong secret costs.
      ok = PasswordHash.verify(secret, user != null ? user.hash : dummyHash) && user != null;
    } finally {
      Arrays.fill(secret, '\0');
    }
    if (!ok) {
      throw new AuthenticationException("authentication failed");
    }
    return new Principal(name, user.roles, METHOD);
  }

  @Override
  public void accept(Conn conn, Principal principal) throws IOException {
    conn.out().write(("OK " + principal.name() + "\r\n").getBytes(StandardCharsets.UTF_8));
    conn.out().flush();
  }

  @Override
  public void refuse(Conn conn) throws IOException {
    conn.out().write(FAILED);
  }

  private static char[] decode(byte[] line, int from) throws AuthenticationException {
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(line, from, line.length - from));
      char[] out = new char[chars.remaining()];
      chars.get(out);
      Arrays.fill(chars.array(), '\0');
      return out;
    } catch (CharacterCodingException e) {
      throw new AuthenticationException("AUTH secret is not valid UTF-8");
    }
  }

  private static boolean startsWith(byte[] line, byte[] prefix) {
    return line.length >= prefix.length
        && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static int indexOf(byte[] line, byte b, int from) {
    for (int i = from; i < line.length; i++) {
      if (line[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** Builds a {@link TokenAuthenticator}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, User> users = new HashMap<>();
    // The dummy hash costs what the dearest real one does; 0 until a user is added.
    private int dummyIterations;

    Builder() {}

    /**
     * Adds a user.
     *
     * @param hash the user's {@link PasswordHash} encoding
     * @param roles roles granted on success
     * @throws IllegalArgumentException "malformed password hash" (never repeating it), or a name
     *     that is empty or holds a space
     */
    public Builder user(String name, String hash, Set<String> roles) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || name.indexOf(' ') >= 0) {
        throw new IllegalArgumentException("user name must be non-empty without spaces, got '" + name + "'");
      }
      PasswordHash.checkFormat(hash);
      users.put(name, new User(hash, Set.copyOf(roles)));
      dummyIterations = Math.max(dummyIterations, PasswordHash.iterations(hash));
      return this;
    }

    public TokenAuthenticator build() {
      int iterations = dummyIterations == 0 ? PasswordHash.DEFAULT_ITERATIONS : dummyIterations;
      char[] random = java.util.UUID.randomUUID().toString().toCharArray();
      return new TokenAuthenticator(users, PasswordHash.hash(random, iterations));
    }
  }
}
