package dev.weft.auth;

/**
 * Counters of one {@link AuthSetup} since it was built; a snapshot, immutable.
 *
 * @param successes connections that authenticated
 * @param failures connections whose authenticator refused them
 * @param lockedOut connections refused because their IP was locked out
 * @param errors connections that failed or timed out before a verdict
 */
public record AuthStats(long successes, long failures, long lockedOut, long errors) {}
