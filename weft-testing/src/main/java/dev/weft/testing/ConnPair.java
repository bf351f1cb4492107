package dev.weft.testing;

import dev.weft.net.Conn;
import java.util.Objects;

/**
 * Two connected {@link Conn}s, plus whatever else must be closed with them (a server, say).
 *
 * @param first one end
 * @param second the other end: what {@code first} writes, {@code second} reads, and back
 * @param resources closed after both ends; use {@code () -> {}} for none
 */
public record ConnPair(Conn first, Conn second, AutoCloseable resources) implements AutoCloseable {

  public ConnPair {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    Objects.requireNonNull(resources, "resources");
  }

  /** A pair with nothing else to close. */
  public ConnPair(Conn first, Conn second) {
    this(first, second, () -> {});
  }

  /** Closes both ends, then the resources. */
  @Override
  public void close() throws Exception {
    first.close();
    second.close();
    resources.close();
  }
}
