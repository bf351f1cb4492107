package dev.weft.cli;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error in one line, without the excerpt of the file that SnakeYAML puts in its
 * message: that excerpt may be a password hash or an admin token, and secrets never reach a
 * message. Keeps the problem, its column and what the parser was reading:
 *
 * <pre>
 * YAML syntax: expected ',' or ']', but got } at column 80 (while parsing a flow sequence from line 8, column 74)
 * </pre>
 *
 * Stateless.
 */
final class YamlSyntax {
  private YamlSyntax() {}

  /** The error without any file text, or null if {@code e} is not a YAML syntax error. */
  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof MarkedYAMLException m) {
        StringBuilder s = new StringBuilder("YAML syntax: ").append(m.getProblem());
        column(s, " at", m.getProblemMark(), false);
        if (m.getContext() != null) {
          s.append(" (").append(m.getContext());
          column(s, " from", m.getContextMark(), true);
          s.append(')');
        }
        return s.toString();
      }
    }
    return null;
  }

  private static void column(StringBuilder s, String word, Mark mark, boolean withLine) {
    if (mark != null) {
      s.append(word).append(withLine ? " line " + (mark.getLine() + 1) + "," : "").append(" column ").append(mark.getColumn() + 1);
    }
  }
}
