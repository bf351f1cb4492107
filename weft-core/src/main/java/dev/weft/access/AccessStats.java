package dev.weft.access;

/**
 * A snapshot of {@link AccessControl}'s counters since it was created. Counts survive {@link
 * AccessControl#update}.
 *
 * @param admitted connections that passed every rule
 * @param denied rejected by the deny or allow list ({@code ACCESS_DENIED})
 * @param rateLimitedPerIp rejected by the per-IP connection rate ({@code RATE_LIMITED})
 * @param rateLimitedGlobal rejected by the global accept rate ({@code ACCEPT_RATE_LIMITED})
 * @param trackedIps per-IP buckets held now; never above the rules' {@code maxTrackedIps}
 */
public record AccessStats(
    long admitted, long denied, long rateLimitedPerIp, long rateLimitedGlobal, int trackedIps) {
  /** Every rejection, whatever the reason. */
  public long rejected() {
    return denied + rateLimitedPerIp + rateLimitedGlobal;
  }

  /** Rejections by either rate: {@code RATE_LIMITED} and {@code ACCEPT_RATE_LIMITED}. */
  public long rateLimited() {
    return rateLimitedPerIp + rateLimitedGlobal;
  }
}
