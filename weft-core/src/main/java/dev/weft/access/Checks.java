package dev.weft.access;

import dev.weft.net.AdmissionCheck;
import dev.weft.net.RejectReason;
import java.util.Objects;

/** Combines {@link AdmissionCheck}s. */
public final class Checks {
  private Checks() {}

  /**
   * A check that runs {@code checks} in order and returns the first rejection; later checks do
   * not run (so a denied address takes no rate-limit permit). Thread-safe if each check is.
   */
  public static AdmissionCheck all(AdmissionCheck... checks) {
    AdmissionCheck[] copy = checks.clone();
    for (AdmissionCheck c : copy) {
      Objects.requireNonNull(c, "check");
    }
    return remote -> {
      for (AdmissionCheck c : copy) {
        RejectReason r = c.check(remote);
        if (r != null) {
          return r;
        }
      }
      return null;
    };
  }
}
