package dev.weft.cli;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weft.access.AccessRules;
import dev.weft.access.Cidr;
import dev.weft.access.CidrList;
import dev.weft.access.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The {@code access:} block of a service, as written. Absent keys are null and take the {@link
 * AccessRules} default: no lists, no rate limits. See docs/security-access.md.
 *
 * @param allow CIDRs admitted; empty or absent admits every address not denied
 * @param deny CIDRs refused; deny beats allow
 * @param connectRatePerIp new connections per client IP
 * @param acceptRate new connections across all clients
 * @param maxTrackedIps most per-IP rate buckets held at once
 */
public record AccessSettings(
    List<String> allow,
    List<String> deny,
    Rate connectRatePerIp,
    Rate acceptRate,
    Integer maxTrackedIps) {

  /**
   * A rate, written as a mapping {@code {rate: 20, per: 1s, burst: 40}} (per defaults to 1s,
   * burst to rate) or as a string: {@code 20/s}, {@code 5/10s}, {@code 20/s burst 40}.
   */
  public record Rate(String rate, Duration per, Long burst) {
    /** The compact string form. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Rate of(String compact) {
      return new Rate(compact, null, null);
    }

    /** A bare number, {@code accept-rate: 20}: that many per second. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Rate of(long permits) {
      return new Rate(Long.toString(permits), null, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public Rate(
        @JsonProperty("rate") String rate,
        @JsonProperty("per") Duration per,
        @JsonProperty("burst") Long burst) {
      this.rate = rate;
      this.per = per;
      this.burst = burst;
    }

    /** @throws IllegalArgumentException with a literal message */
    RateLimit toLimit() {
      if (rate == null) {
        throw new IllegalArgumentException("missing required key 'rate'");
      }
      if (rate.contains("/")) {
        if (per != null) {
          throw new IllegalArgumentException("give the period in 'rate' (" + rate + ") or in 'per', not both");
        }
        RateLimit r = RateLimit.parse(rate);
        return burst == null ? r : r.withBurst(burst);
      }
      long permits;
      try {
        permits = Long.parseLong(rate.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad rate '" + rate + "': expected a number or PERMITS/PERIOD such as 20/s");
      }
      RateLimit r = RateLimit.of(permits, per == null ? Duration.ofSeconds(1) : per);
      return burst == null ? r : r.withBurst(burst);
    }
  }

  /**
   * Converts to rules, reporting each bad value to {@code problem} with its YAML path under
   * {@code path} ({@code services[0].access.deny[1]}).
   *
   * @return the rules, or null if any problem was reported
   */
  AccessRules toRules(String path, BiConsumer<String, String> problem) {
    List<String> problems = new ArrayList<>();
    BiConsumer<String, String> record = (p, d) -> {
      problems.add(p);
      problem.accept(p, d);
    };
    AccessRules.Builder b = AccessRules.builder()
        .allow(cidrs(path + ".allow", allow, record))
        .deny(cidrs(path + ".deny", deny, record))
        .connectRatePerIp(rate(path + ".connect-rate-per-ip", connectRatePerIp, record))
        .acceptRate(rate(path + ".accept-rate", acceptRate, record));
    if (maxTrackedIps != null) {
      if (maxTrackedIps <= 0) {
        record.accept(path + ".max-tracked-ips", "must be > 0, got " + maxTrackedIps);
      } else {
        b.maxTrackedIps(maxTrackedIps);
      }
    }
    return problems.isEmpty() ? b.build() : null;
  }

  private static CidrList cidrs(String path, List<String> texts, BiConsumer<String, String> problem) {
    if (texts == null) {
      return CidrList.EMPTY;
    }
    List<Cidr> list = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      try {
        list.add(Cidr.parse(texts.get(i)));
      } catch (IllegalArgumentException e) {
        problem.accept(path + "[" + i + "]", e.getMessage());
      }
    }
    return CidrList.of(list);
  }

  private static RateLimit rate(String path, Rate rate, BiConsumer<String, String> problem) {
    if (rate == null) {
      return null;
    }
    try {
      return rate.toLimit();
    } catch (IllegalArgumentException e) {
      problem.accept(path, e.getMessage());
      return null;
    }
  }
}
