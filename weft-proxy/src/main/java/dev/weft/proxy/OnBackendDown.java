package dev.weft.proxy;

import java.util.Locale;

/** What happens to a backend's established connections when its health check marks it down. */
public enum OnBackendDown {
  /** Leave them alone: they end when either peer ends them. The default; long database sessions survive a flapping check. */
  KEEP,
  /** Close them at once, with termination {@link Termination#BACKEND_DOWN}. */
  KILL;

  /**
   * Parses {@code keep} or {@code kill} (case-insensitive).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static OnBackendDown parse(String name) {
    return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case "keep" -> KEEP;
      case "kill" -> KILL;
      default -> throw new IllegalArgumentException("onBackendDown must be keep or kill, got '" + name + "'");
    };
  }
}
