package dev.weft.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;

/** Reads YAML durations with {@link Durations#parse}: {@code 30s}, {@code 5m}, {@code PT30S}. */
final class DurationDeserializer extends StdScalarDeserializer<Duration> {
  private static final long serialVersionUID = 1L;

  DurationDeserializer() {
    super(Duration.class);
  }

  @Override
  public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (!p.currentToken().isScalarValue()) {
      return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
    }
    String text = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getValueAsString();
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      // Through the context, so a problem handler (BindingProblems) may record it and go on.
      return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, "%s", e.getMessage());
    }
  }
}
