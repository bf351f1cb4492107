package dev.weft.fanout;

/**
 * A snapshot of a topic's counters, summed over every subscriber it has had.
 *
 * @param published calls to {@link Topic#publish} while open
 * @param delivered messages accepted by sinks
 * @param dropped messages discarded by drop policies
 * @param disconnected subscribers removed as slow consumers
 * @param failed subscribers removed because their sink threw
 * @param subscribers subscribers now
 */
public record TopicStats(
    long published,
    long delivered,
    long dropped,
    long disconnected,
    long failed,
    int subscribers) {}
