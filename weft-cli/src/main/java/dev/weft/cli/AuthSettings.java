package dev.weft.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code auth:} block of a service in a {@code weft serve} YAML file, as written. Absent keys
 * are null and take the defaults of {@link dev.weft.auth.AuthSetup} and {@link
 * dev.weft.auth.LockoutPolicy}; docs/configuration.md lists them. {@link AuthConfigs} validates
 * it and builds the setup step.
 *
 * @param method {@code token} (an {@code AUTH user secret} line) or {@code mtls} (a client
 *     certificate verified by the TLS layer). Required
 * @param timeout how long the exchange may take; zero disables. Default: 10s
 * @param lockout failures per client IP before it is locked out
 * @param users by name (token) or certificate CN (mtls): hash and roles. For mtls a non-empty
 *     map is also the allow list
 */
public record AuthSettings(
    String method, Duration timeout, LockoutSettings lockout, Map<String, UserSettings> users) {

  /**
   * @param failures failures within the window that lock an IP out. Default: 5
   * @param window the period failures are counted over. Default: 1m
   * @param duration how long a locked-out IP is refused. Default: 5m
   */
  public record LockoutSettings(Integer failures, Duration window, Duration duration) {}

  /**
   * @param hash the {@code weft passwd} output; token only. Never printed in messages
   * @param roles roles the principal gets, e.g. {@code [admin]}
   */
  public record UserSettings(String hash, List<String> roles) {}
}
