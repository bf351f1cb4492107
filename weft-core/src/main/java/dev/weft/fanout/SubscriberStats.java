package dev.weft.fanout;

/**
 * A snapshot of one subscriber's counters.
 *
 * @param delivered messages its sink accepted
 * @param dropped messages discarded by a drop policy
 * @param queued messages waiting in its send queue now
 * @param disconnected true if it was removed as a slow consumer
 * @param failed true if it was removed because its sink threw
 */
public record SubscriberStats(
    long delivered, long dropped, int queued, boolean disconnected, boolean failed) {}
