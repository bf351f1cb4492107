package dev.weft.cli;

import java.util.List;

/**
 * A config file that cannot be used. Each problem is one line that names the file, the line and
 * the key: {@code weft.yaml line 7: services[0].max-connections: must be > 0, got -3}. The CLI
 * prints them and exits with code 2.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** One message per problem, in file order. */
  public List<String> problems() {
    return problems;
  }
}
