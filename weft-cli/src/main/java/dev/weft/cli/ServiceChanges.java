package dev.weft.cli;

import dev.weft.net.DurationFormat;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reload changed in one service, as short phrases for the reload line: {@code backends +c
 * -a}, {@code weight b 1->3}, {@code idle-timeout 1h->10m}, {@code access rules}. Scalars show
 * old and new value ({@code default} when absent); blocks ({@code tls}, {@code auth}, {@code
 * health-check}, ...) are named only, so no secret or long value reaches the log. Keys are the
 * YAML names, read from the record components, so a new key is covered without touching this.
 */
final class ServiceChanges {
  private ServiceChanges() {}

  /**
   * The changes from {@code was} to {@code now}, in file order.
   *
   * @param listenMoved false when {@code listen} changed in text only (port 0 now written as the
   *     port it was given), which is no change
   */
  static List<String> describe(ServiceConfig was, ServiceConfig now, boolean listenMoved) {
    List<String> out = new ArrayList<>();
    for (RecordComponent c : ServiceConfig.class.getRecordComponents()) {
      String key = kebab(c.getName());
      Object a = value(c, was);
      Object b = value(c, now);
      if (Objects.equals(a, b) || key.equals("name") || (key.equals("listen") && !listenMoved)) {
        continue;
      }
      if (key.equals("proxy") && a instanceof ProxySettings p && b instanceof ProxySettings q) {
        out.addAll(proxy(p, q));
      } else {
        out.add(key.equals("access") ? "access rules" : phrase(key, a, b));
      }
    }
    return out.isEmpty() ? List.of("no effective change") : out;
  }

  private static List<String> proxy(ProxySettings was, ProxySettings now) {
    List<String> out = new ArrayList<>();
    for (RecordComponent c : ProxySettings.class.getRecordComponents()) {
      Object a = value(c, was);
      Object b = value(c, now);
      if (Objects.equals(a, b)) {
        continue;
      }
      if (c.getName().equals("backends")) {
        out.addAll(backends(was.backends(), now.backends()));
      } else {
        out.add(phrase(kebab(c.getName()), a, b));
      }
    }
    return out;
  }

  /** {@code backends +c -a}, then per kept backend {@code KEY NAME OLD->NEW}. */
  static List<String> backends(List<ProxySettings.Backend> was, List<ProxySettings.Backend> now) {
    Map<String, ProxySettings.Backend> a = byName(was);
    Map<String, ProxySettings.Backend> b = byName(now);
    StringBuilder members = new StringBuilder();
    b.keySet().stream().filter(n -> !a.containsKey(n)).forEach(n -> members.append(" +").append(n));
    a.keySet().stream().filter(n -> !b.containsKey(n)).forEach(n -> members.append(" -").append(n));
    List<String> out = new ArrayList<>();
    if (!members.isEmpty()) {
      out.add("backends" + members);
    }
    for (Map.Entry<String, ProxySettings.Backend> e : b.entrySet()) {
      ProxySettings.Backend old = a.get(e.getKey());
      if (old != null) {
        for (RecordComponent c : ProxySettings.Backend.class.getRecordComponents()) {
          Object x = value(c, old);
          Object y = value(c, e.getValue());
          if (!Objects.equals(x, y) && !c.getName().equals("name")) {
            out.add(kebab(c.getName()) + " " + e.getKey() + " " + show(x) + "->" + show(y));
          }
        }
      }
    }
    if (out.isEmpty()) {
      out.add("backends order");
    }
    return out;
  }

  private static Map<String, ProxySettings.Backend> byName(List<ProxySettings.Backend> list) {
    Map<String, ProxySettings.Backend> m = new LinkedHashMap<>();
    if (list != null) {
      for (ProxySettings.Backend b : list) {
        if (b != null) {
          m.put(b.name() != null ? b.name() : String.valueOf(b.address()), b);
        }
      }
    }
    return m;
  }

  private static String phrase(String key, Object a, Object b) {
    return scalar(a) && scalar(b) ? key + " " + show(a) + "->" + show(b) : key;
  }

  private static boolean scalar(Object v) {
    return v == null || v instanceof Number || v instanceof Boolean || v instanceof Duration || v instanceof String;
  }

  private static String show(Object v) {
    return v == null ? "default" : v instanceof Duration d ? DurationFormat.format(d) : v.toString();
  }

  private static Object value(RecordComponent c, Object record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c.getName(), e);
    }
  }

  /** {@code maxConnectionsPerIp} to {@code max-connections-per-ip}, as the YAML spells it. */
  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
