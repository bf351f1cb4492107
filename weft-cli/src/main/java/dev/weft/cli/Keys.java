package dev.weft.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The keys set in one YAML block, each with the step that applies it to a builder (or, for an
 * immutable value, returns a changed copy). {@link #validate} applies each key alone on top of
 * the defaults, so a value the library rejects is reported at its own key and line without
 * parsing any message. Not thread-safe; one per block.
 *
 * @param <T> the builder or value the steps apply to
 */
final class Keys<T> {
  private final Map<String, UnaryOperator<T>> steps = new LinkedHashMap<>();

  /** Records {@code key} when {@code value} is set. */
  <V> Keys<T> put(String key, V value, BiFunction<T, V, T> setter) {
    if (value != null) {
      steps.put(key, t -> setter.apply(t, value));
    }
    return this;
  }

  /**
   * Applies each key alone to {@code fresh.get()} and runs {@code check} on it; each failure is
   * reported as {@code problem(path.key, message)}.
   *
   * @return true when every key passed
   */
  boolean validate(String path, Supplier<T> fresh, Consumer<T> check, BiConsumer<String, String> problem) {
    boolean ok = true;
    for (Map.Entry<String, UnaryOperator<T>> e : steps.entrySet()) {
      try {
        check.accept(e.getValue().apply(fresh.get()));
      } catch (IllegalArgumentException ex) {
        problem.accept(path + "." + e.getKey(), ConfigValidator.withoutFieldName(e.getKey(), ex.getMessage()));
        ok = false;
      }
    }
    return ok;
  }

  /** Applies every key, in order, to {@code start}. */
  T apply(T start) {
    T t = start;
    for (UnaryOperator<T> step : steps.values()) {
      t = step.apply(t);
    }
    return t;
  }
}
