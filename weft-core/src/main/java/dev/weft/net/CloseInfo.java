package dev.weft.net;

import java.time.Duration;

/**
 * How a connection ended.
 *
 * @param cause why it closed
 * @param error the exception behind the close, or null for a clean close
 * @param bytesIn bytes read from the peer
 * @param bytesOut bytes written to the peer
 * @param duration how long it was open
 */
public record CloseInfo(
    CloseCause cause, Throwable error, long bytesIn, long bytesOut, Duration duration) {}
