package dev.weft.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The line of every key and list item in a YAML document, by path ({@code services[0].listen}).
 * Records carry no source positions, so errors found after binding (a bad value, a duplicate
 * name) look their line up here.
 */
final class KeyLines {
  private final Map<String, Integer> lines;

  private KeyLines(Map<String, Integer> lines) {
    this.lines = lines;
  }

  /** Scans {@code yaml}; a syntax error ends the scan early (binding reports it). */
  static KeyLines scan(YAMLFactory factory, String yaml) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = factory.createParser(yaml)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        JsonStreamContext ctx = p.getParsingContext();
        if (t == JsonToken.FIELD_NAME) {
          lines.putIfAbsent(path(ctx), line(p.currentTokenLocation()));
        } else if (t.isStructStart() && ctx.getParent() != null && ctx.getParent().inArray()) {
          lines.putIfAbsent(path(ctx.getParent()), line(p.currentTokenLocation()));
        } else if (t.isScalarValue() && ctx.inArray()) {
          // A scalar list item (a CIDR under deny:) gets its own line.
          lines.putIfAbsent(path(ctx), line(p.currentTokenLocation()));
        }
      }
    } catch (IOException e) {
      // Keep what was found before the error.
    }
    return new KeyLines(lines);
  }

  /** The line of exactly {@code path}, or -1 when no such key or item was seen. */
  int exactLine(String path) {
    return lines.getOrDefault(path, -1);
  }

  /** The line of {@code path}, else of its nearest enclosing key or item, else 1. */
  int lineOf(String path) {
    String p = path;
    while (!p.isEmpty()) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      p = p.substring(0, Math.max(0, Math.max(p.lastIndexOf('.'), p.lastIndexOf('['))));
    }
    return 1;
  }

  /** The path of the current position: object keys joined by dots, list indexes in brackets. */
  static String path(JsonStreamContext ctx) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        parts.push(c.getCurrentName());
      }
    }
    return join(parts);
  }

  /** The path of the reference chain of a binding error. */
  static String path(List<JsonMappingException.Reference> refs) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonMappingException.Reference r : refs) {
      parts.add(r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]");
    }
    return join(parts);
  }

  private static String join(Iterable<String> parts) {
    StringBuilder sb = new StringBuilder();
    for (String part : parts) {
      if (!sb.isEmpty() && !part.startsWith("[")) {
        sb.append('.');
      }
      sb.append(part);
    }
    return sb.toString();
  }

  private static int line(JsonLocation loc) {
    return Math.max(1, loc.getLineNr());
  }
}
