package dev.weft.fanout;

import dev.weft.net.CloseCause;

/**
 * What a {@link Topic} does when a subscriber's send queue is full at publish time. Whatever the
 * policy, the publisher never waits for the subscriber.
 */
public enum OverflowPolicy {
  /** Discard the message being published for this subscriber; count it as dropped. */
  DROP_NEWEST,
  /** Discard the oldest queued message to make room; count it as dropped. */
  DROP_OLDEST,
  /**
   * Remove the subscriber and close its sink with {@link CloseCause#SLOW_CONSUMER}. For a
   * connection sink this aborts the connection. The right default for chat-like streams, where a
   * gap in the stream would be worse than a reconnect.
   */
  DISCONNECT
}
