package dev.weft.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the binding problems of one YAML file instead of stopping at the first: an unknown
 * key, a value of the wrong kind ({@code backlog: lots}, a list where a string belongs), a bad
 * duration. Each is recorded with its line and key path, and the key is bound as absent (null),
 * so binding goes on and validation can report the rest of the file in the same run. One per
 * load; not thread-safe.
 */
final class BindingProblems extends DeserializationProblemHandler {
  /** One problem: the line it is on, and the whole message. */
  record Problem(int line, String text) {}

  private final String source;
  private final KeyLines lines;
  private final List<Problem> problems = new ArrayList<>();
  private final Set<String> paths = new HashSet<>();

  BindingProblems(String source, KeyLines lines) {
    this.source = source;
    this.lines = lines;
  }

  /** The problems found, in the order binding met them. */
  List<Problem> problems() {
    return problems;
  }

  /** True when binding already reported the key at {@code path} (now absent in the record). */
  boolean reported(String path) {
    return paths.contains(path);
  }

  @Override
  public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
      Object beanOrClass, String propertyName) throws IOException {
    String path = keyPath(p, propertyName);
    Collection<Object> known = deserializer.getKnownPropertyNames();
    add(path, lines.exactLine(path), "unknown key '" + propertyName + "'; expected one of: " + ConfigLoader.known(known));
    p.skipChildren();
    return true;
  }

  @Override
  public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg) {
    String detail = targetType == java.time.Duration.class
        ? failureMsg
        : "expected " + ConfigLoader.kind(targetType) + ", got '" + value + "'";
    add(path(ctxt.getParser()), -1, detail);
    return null;
  }

  @Override
  public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg) {
    add(path(ctxt.getParser()), -1, "expected " + ConfigLoader.kind(targetType) + ", got " + value);
    return null;
  }

  @Override
  public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
      String failureMsg) throws IOException {
    add(path(p), -1, "expected " + ConfigLoader.kind(targetType.getRawClass()));
    p.skipChildren();
    return null;
  }

  /** A scalar where a list or mapping belongs ({@code allow: 10.0.0.0/8}): reported, and binding goes on. */
  @Override
  public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
      ValueInstantiator valueInsts, JsonParser p, String msg) throws IOException {
    add(path(p), -1, "expected " + ConfigLoader.kind(instClass));
    p.skipChildren();
    return null;
  }

  private void add(String path, int exact, String detail) {
    int line = exact > 0 ? exact : lines.lineOf(path);
    paths.add(path);
    problems.add(new Problem(line, ConfigLoader.at(source, line, path, detail)));
  }

  /** The key path of the parser's current value (a mapping or list value counts as its key). */
  private static String path(JsonParser p) {
    JsonStreamContext ctx = p.getParsingContext();
    if (p.currentToken() != null && p.currentToken().isStructStart() && ctx.getParent() != null) {
      ctx = ctx.getParent();
    }
    return KeyLines.path(ctx);
  }

  /**
   * The path of unknown key {@code name}: the mapping that holds it is the nearest one whose
   * current key is {@code name}, wherever in its value the parser stands.
   */
  private static String keyPath(JsonParser p, String name) {
    for (JsonStreamContext c = p.getParsingContext(); c != null; c = c.getParent()) {
      if (c.inObject() && name.equals(c.getCurrentName())) {
        return KeyLines.path(c);
      }
    }
    return path(p);
  }
}
