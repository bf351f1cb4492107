package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.weft.net.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a {@code weft serve} YAML file into a {@link ServePlan}. Unknown keys, malformed values
 * and values that {@link ServerConfig} rejects are all errors; each names the file, the line and
 * the key. Problems are collected, not stopped at: binding ones (unknown keys, values of the
 * wrong kind, through {@link BindingProblems}) and validation ones alike, so one run shows them
 * all, in file order. Only a YAML syntax error ends the load early. Thread-safe.
 */
public final class ConfigLoader {
  /** The config {@code weft serve} runs without {@code --config}: one echo service on 7007. */
  public static final String DEFAULT_RESOURCE = "dev/weft/cli/default.yaml";

  private static final YAMLFactory YAML = new YAMLFactory();
  private static final YAMLMapper MAPPER = mapper();

  private ConfigLoader() {}

  /** Reads and validates {@code file}. */
  public static ServePlan load(Path file) throws ConfigException {
    return parse(file.toString(), readText(file));
  }

  /** The text of {@code file}; a missing or unreadable file is a config error. */
  static String readText(Path file) throws ConfigException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
  }

  /** Reads and validates the embedded {@link #DEFAULT_RESOURCE}. */
  public static ServePlan loadDefault() throws ConfigException {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new ConfigException(DEFAULT_RESOURCE + ": missing from the jar");
      }
      return parse("default.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException(DEFAULT_RESOURCE + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * Parses and validates {@code yaml}.
   *
   * @param source the file name used in messages
   */
  public static ServePlan parse(String source, String yaml) throws ConfigException {
    return parse(source, yaml, Map.of()).plan();
  }

  /**
   * A validated plan and the entries it came from, as written (a reload compares those).
   *
   * @param plan what to run
   * @param entries each service's {@code services[]} entry, by name
   */
  record Loaded(ServePlan plan, Map<String, ServiceConfig> entries) {}

  /**
   * Parses and validates {@code yaml} for a reload: services whose names are in {@code running}
   * get that service's access control (still holding its old rules) in their admission check, and
   * its auth lockout state.
   */
  static Loaded parse(String source, String yaml, Map<String, ServePlan.Service> running) throws ConfigException {
    KeyLines lines = KeyLines.scan(YAML, yaml);
    BindingProblems binding = new BindingProblems(source, lines);
    WeftConfig raw = bind(source, yaml, lines, binding);
    if (raw == null) {
      throw binding.problems().isEmpty()
          ? new ConfigException(source + ": empty config; it needs at least one service")
          : new ConfigException(binding.problems().stream().map(BindingProblems.Problem::text).toList());
    }
    ServePlan plan = new ConfigValidator(source, lines, running, binding).validate(raw);
    Map<String, ServiceConfig> entries = new LinkedHashMap<>();
    raw.services().forEach(e -> entries.put(e.name(), e));
    return new Loaded(plan, entries);
  }

  private static WeftConfig bind(String source, String yaml, KeyLines lines, BindingProblems binding)
      throws ConfigException {
    try {
      return MAPPER.readerFor(WeftConfig.class).withHandler(binding).readValue(yaml);
    } catch (JsonMappingException e) {
      // For an unknown key Jackson reports the token after it, often the next line; use the key's
      // own line instead.
      String path = KeyLines.path(e.getPath());
      int line = e instanceof UnrecognizedPropertyException ? lines.exactLine(path) : -1;
      String syntax = YamlSyntax.describe(e);
      throw new ConfigException(at(source, line > 0 ? line : line(e), path, syntax != null ? syntax : describe(e)));
    } catch (JsonProcessingException e) {
      String syntax = YamlSyntax.describe(e);
      throw new ConfigException(at(source, line(e), "", syntax != null ? syntax : e.getOriginalMessage()));
    }
  }

  /** Formats one problem: {@code weft.yaml line 7: services[0].max-connections: detail}. */
  static String at(String source, int line, String path, String detail) {
    return source + " line " + line + ": " + (path.isEmpty() ? "" : path + ": ") + detail;
  }

  private static int line(JsonProcessingException e) {
    return e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
  }

  private static String describe(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown key '" + u.getPropertyName() + "'; expected one of: " + known(u.getKnownPropertyIds());
    }
    if (e instanceof InvalidFormatException f && f.getTargetType() == Duration.class) {
      return f.getOriginalMessage();
    }
    if (e instanceof InvalidFormatException f) {
      return "expected " + kind(f.getTargetType()) + ", got '" + f.getValue() + "'";
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return "expected " + kind(m.getTargetType());
    }
    return e.getOriginalMessage();
  }

  /** The known keys, sorted, for "expected one of" messages. */
  static String known(Collection<Object> ids) {
    List<String> names = new ArrayList<>();
    ids.forEach(id -> names.add(String.valueOf(id)));
    return String.join(", ", new TreeSet<>(names));
  }

  /** What a value of {@code type} looks like, for "expected ..." messages. */
  static String kind(Class<?> type) {
    if (type == Integer.class || type == int.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Duration.class) {
      return Durations.EXPECTED;
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a mapping of keys";
  }

  private static YAMLMapper mapper() {
    SimpleModule durations = new SimpleModule("weft-durations");
    durations.addDeserializer(Duration.class, new DurationDeserializer());
    return YAMLMapper.builder(YAML)
        .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .addModule(durations)
        .build();
  }
}
