package dev.weft.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * The active health check run against every backend. Checks run on virtual threads started by
 * the shared timer: no thread sleeps per backend.
 *
 * @param type what a check does. Default: {@link Type#NONE} (every backend counts as up)
 * @param interval time between two checks of one backend. Default: 2 seconds
 * @param timeout limit for one check (connect, send, expect, HTTP reply). Default: 1 second
 * @param rise passes in a row that bring a down backend up. Default: 2
 * @param fall failures in a row that take an up backend down. Default: 3
 * @param send bytes sent after connecting, for {@link Type#SEND_EXPECT}; may be empty. Default: empty
 * @param expect bytes the reply must start with, for {@link Type#SEND_EXPECT}. Default: empty
 * @param port port to check instead of the backend's (a side port); 0 means the backend's. Default: 0
 * @param path request path for {@link Type#HTTP}. Default: {@code /}
 */
public record HealthCheck(
    Type type,
    Duration interval,
    Duration timeout,
    int rise,
    int fall,
    byte[] send,
    byte[] expect,
    int port,
    String path) {

  /** What a check does. */
  public enum Type {
    /** No active check. */
    NONE,
    /** A TCP connect within the timeout passes. */
    TCP,
    /** Connect, send {@link #send()}, and read a reply that starts with {@link #expect()}. */
    SEND_EXPECT,
    /** {@code GET path} over HTTP/1.1; a 2xx or 3xx status passes. */
    HTTP;

    /**
     * Parses {@code none}, {@code tcp}, {@code send-expect} or {@code http} (case-insensitive).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Type parse(String name) {
      return switch (name == null ? "" : name.toLowerCase(java.util.Locale.ROOT)) {
        case "none" -> NONE;
        case "tcp" -> TCP;
        case "send-expect" -> SEND_EXPECT;
        case "http" -> HTTP;
        default -> throw new IllegalArgumentException("type must be none, tcp, send-expect or http, got '" + name + "'");
      };
    }
  }

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  public static final int DEFAULT_RISE = 2;
  public static final int DEFAULT_FALL = 3;
  /** No active check. */
  public static final HealthCheck NONE = builder().build();

  /** Validates every field; messages name the field and the bad value. */
  public HealthCheck {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(path, "path");
    send = send == null ? new byte[0] : send.clone();
    expect = expect == null ? new byte[0] : expect.clone();
    Require.positive("interval", interval);
    Require.positive("timeout", timeout);
    if (rise < 1) {
      throw new IllegalArgumentException("rise must be >= 1, got " + rise);
    }
    if (fall < 1) {
      throw new IllegalArgumentException("fall must be >= 1, got " + fall);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /, got '" + path + "'");
    }
    if (type == Type.SEND_EXPECT && expect.length == 0) {
      throw new IllegalArgumentException("expect must not be empty for a send-expect check");
    }
  }


  @Override
  public byte[] send() {
    return send.clone();
  }

  @Override
  public byte[] expect() {
    return expect.clone();
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link HealthCheck}; defaults are listed on {@link HealthCheck}. Not thread-safe. */
  public static final class Builder {
    private Type type = Type.NONE;
    private Duration interval = DEFAULT_INTERVAL;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int rise = DEFAULT_RISE;
    private int fall = DEFAULT_FALL;
    private byte[] send;
    private byte[] expect;
    private int port;
    private String path = "/";

    Builder() {}

    public Builder type(Type type) {
      this.type = type;
      return this;
    }

    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder rise(int rise) {
      this.rise = rise;
      return this;
    }

    public Builder fall(int fall) {
      this.fall = fall;
      return this;
    }

    public Builder send(byte[] send) {
      this.send = send;
      return this;
    }

    public Builder expect(byte[] expect) {
      this.expect = expect;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder path(String path) {
      this.path = path;
      return this;
    }

    public HealthCheck build() {
      return new HealthCheck(type, interval, timeout, rise, fall, send, expect, port, path);
    }
  }
}
