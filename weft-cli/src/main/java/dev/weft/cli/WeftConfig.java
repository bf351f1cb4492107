package dev.weft.cli;

import java.time.Duration;
import java.util.List;

/**
 * The top level of a {@code weft serve} YAML file, as written (kebab-case keys). Absent keys are
 * null here; {@link ConfigLoader} applies the defaults and validates.
 *
 * @param shutdownTimeout how long a graceful shutdown waits for connections to finish before it
 *     force-closes them. Default: 30 seconds
 * @param services the services to run; at least one
 * @param logging log level and format; absent keeps the command line's or the built-in ones
 * @param admin the admin HTTP endpoint (metrics, health, status page); absent disables it
 * @param tlsProvider the TLS engine or crypto: jdk, accp or boringssl, as {@code --tls-provider}
 *     (which wins); absent keeps the command line's or jdk
 */
public record WeftConfig(
    Duration shutdownTimeout,
    List<ServiceConfig> services,
    LoggingSettings logging,
    AdminSettings admin,
    String tlsProvider) {}
