package dev.weft.access;

import java.util.List;
import java.util.Objects;

/**
 * What {@link AccessControl} enforces, as one immutable value so that a reload swaps all of it
 * at once.
 *
 * <p>Order of evaluation: the deny list, then the allow list, then the per-IP connection rate,
 * then the global accept rate. Deny beats allow.
 *
 * @param allow if non-empty, only addresses in it are admitted. Default: empty, which admits
 *     every address not denied
 * @param deny addresses refused with {@code ACCESS_DENIED}. Default: empty
 * @param connectRatePerIp new connections per client IP; null disables. Default: null
 * @param acceptRate new connections across all clients; null disables. Default: null
 * @param maxTrackedIps most per-IP buckets held at once; must be > 0. Default: {@value
 *     #DEFAULT_MAX_TRACKED_IPS}
 */
public record AccessRules(
    CidrList allow, CidrList deny, RateLimit connectRatePerIp, RateLimit acceptRate, int maxTrackedIps) {
  /** Default for {@link #maxTrackedIps}: roughly 10 MiB of buckets at most. */
  public static final int DEFAULT_MAX_TRACKED_IPS = 65_536;

  /** Admits everyone, with no rate limits. */
  public static final AccessRules ALLOW_ALL = builder().build();

  public AccessRules {
    Objects.requireNonNull(allow, "allow");
    Objects.requireNonNull(deny, "deny");
    if (maxTrackedIps <= 0) {
      throw new IllegalArgumentException("maxTrackedIps must be > 0, got " + maxTrackedIps);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these rules. */
  public Builder toBuilder() {
    return new Builder()
        .allow(allow)
        .deny(deny)
        .connectRatePerIp(connectRatePerIp)
        .acceptRate(acceptRate)
        .maxTrackedIps(maxTrackedIps);
  }

  /** Builds {@link AccessRules}; defaults as documented there. Not thread-safe. */
  public static final class Builder {
    private CidrList allow = CidrList.EMPTY;
    private CidrList deny = CidrList.EMPTY;
    private RateLimit connectRatePerIp;
    private RateLimit acceptRate;
    private int maxTrackedIps = DEFAULT_MAX_TRACKED_IPS;

    private Builder() {}

    public Builder allow(CidrList allow) {
      this.allow = allow;
      return this;
    }

    /** Parses each entry; a bad one throws, naming it. */
    public Builder allow(String... cidrs) {
      return allow(CidrList.parse(List.of(cidrs)));
    }

    public Builder deny(CidrList deny) {
      this.deny = deny;
      return this;
    }

    /** Parses each entry; a bad one throws, naming it. */
    public Builder deny(String... cidrs) {
      return deny(CidrList.parse(List.of(cidrs)));
    }

    /** Null disables. */
    public Builder connectRatePerIp(RateLimit rate) {
      this.connectRatePerIp = rate;
      return this;
    }

    /** Null disables. */
    public Builder acceptRate(RateLimit rate) {
      this.acceptRate = rate;
      return this;
    }

    public Builder maxTrackedIps(int max) {
      this.maxTrackedIps = max;
      return this;
    }

    public AccessRules build() {
      return new AccessRules(allow, deny, connectRatePerIp, acceptRate, maxTrackedIps);
    }
  }
}
