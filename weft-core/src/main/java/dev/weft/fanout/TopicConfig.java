package dev.weft.fanout;

import java.util.Objects;

/**
 * Immutable topic settings. Build one with {@link Topic#builder()}.
 *
 * @param name used in writer thread names ({@code topic-<name>-sub-<id>}) and logs. Default:
 *     {@code topic}
 * @param queueCapacity messages each subscriber's send queue holds by default; a subscriber can
 *     override it. Memory per subscriber is bounded by this times the message size. Default: 1024
 * @param overflowPolicy what to do when a subscriber's queue is full, unless the subscriber says
 *     otherwise. Default: {@link OverflowPolicy#DISCONNECT}
 */
public record TopicConfig(String name, int queueCapacity, OverflowPolicy overflowPolicy) {

  public static final String DEFAULT_NAME = "topic";
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;
  public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.DISCONNECT;

  /** Validates every field; messages name the field and the bad value. */
  public TopicConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(overflowPolicy, "overflowPolicy");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    checkCapacity(queueCapacity);
  }

  static void checkCapacity(int queueCapacity) {
    if (queueCapacity <= 0) {
      throw new IllegalArgumentException("queueCapacity must be > 0, got " + queueCapacity);
    }
  }

  /** Returns a builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TopicConfig} or, with {@link #create()}, a {@link Topic}. Not thread-safe. */
  public static final class Builder {
    private String name = DEFAULT_NAME;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private OverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;

    Builder() {}

    /** Default: {@code topic}. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Default: 1024 messages. */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** Default: {@link OverflowPolicy#DISCONNECT}. */
    public Builder overflowPolicy(OverflowPolicy overflowPolicy) {
      this.overflowPolicy = overflowPolicy;
      return this;
    }

    /** Validates and returns the config. */
    public TopicConfig build() {
      return new TopicConfig(name, queueCapacity, overflowPolicy);
    }

    /** Validates and returns a new open topic. */
    public <T> Topic<T> create() {
      return new Topic<>(build());
    }
  }
}
