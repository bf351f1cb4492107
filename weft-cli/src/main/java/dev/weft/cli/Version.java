package dev.weft.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The weft version: the jar manifest's {@code Implementation-Version}, else the Maven-filtered
 * {@code version.properties} (when run from classes, as in tests), else {@code unknown}.
 */
public final class Version implements IVersionProvider {
  private static final String RESOURCE = "dev/weft/cli/version.properties";

  /** The version string, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String get() {
    String v = Main.class.getPackage().getImplementationVersion();
    if (v != null && !v.isBlank()) {
      return v;
    }
    try (InputStream in = Version.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String fromBuild = p.getProperty("version", "");
        if (!fromBuild.isBlank() && !fromBuild.startsWith("${")) {
          return fromBuild;
        }
      }
    } catch (IOException e) {
      // Fall through: a version is not worth failing for.
    }
    return "unknown";
  }

  @Override
  public String[] getVersion() {
    return new String[] {"weft " + get()};
  }
}
