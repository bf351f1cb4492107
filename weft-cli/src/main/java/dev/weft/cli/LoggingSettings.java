package dev.weft.cli;

/**
 * The {@code logging:} block of a {@code weft serve} YAML file. Absent keys are null and leave the
 * command-line or built-in setting alone; {@code --log-level} and {@code --log-format} on the
 * command line win over both keys.
 *
 * @param format {@code text} (human, the default) or {@code json} (one JSON object per line)
 * @param level level of the {@code dev.weft} loggers: error, warn, info (default), debug, trace,
 *     off
 */
public record LoggingSettings(String format, String level) {
  /** No {@code logging:} block. */
  public static final LoggingSettings DEFAULTS = new LoggingSettings(null, null);
}
