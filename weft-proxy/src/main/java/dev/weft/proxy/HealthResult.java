package dev.weft.proxy;

import java.time.Duration;
import java.time.Instant;

/**
 * One active health check.
 *
 * @param at when it finished
 * @param ok whether it passed
 * @param detail why it failed ({@code connect refused}, {@code expected '+PONG'}, {@code HTTP 503}), or {@code ok}
 * @param took how long it took
 */
public record HealthResult(Instant at, boolean ok, String detail, Duration took) {}
