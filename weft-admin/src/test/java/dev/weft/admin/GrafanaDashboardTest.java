package dev.weft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana/weft-dashboard.json parses, and every metric it queries is in a real scrape of a
 * proxy service (which has every per-service meter as well as the proxy backend meters).
 */
class GrafanaDashboardTest {
  private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "weft-dashboard.json");
  /** An identifier, and whether a '(' follows it (then it is a function, not a metric). */
  private static final Pattern IDENT = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
  private static final Set<String> OPERATORS = Set.of("and", "or", "unless", "bool", "offset");

  @Test
  void everyQueriedMetricExistsInARealScrape() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    assertThat(dashboard.path("title").asText()).isEqualTo("Weft");
    List<String> exprs = new ArrayList<>();
    collect(dashboard, exprs);
    Set<String> queried = new TreeSet<>();
    for (String e : exprs) {
      queried.addAll(metrics(e));
    }
    assertThat(queried).as("metrics the dashboard queries").hasSizeGreaterThan(15)
        .contains("weft_proxy_backend_state", "weft_proxy_backend_connections_active",
            "weft_proxy_backend_sent_bytes_total", "weft_proxy_backend_connect_failures_total",
            "weft_proxy_backend_health_failures_total", "weft_proxy_sessions_total");

    Set<String> scraped = new TreeSet<>();
    try (ProxyAdminFixture f = ProxyAdminFixture.loopback()) {
      f.exchange("x".repeat(100));
      for (String name : AdminFixture.parse(f.send("GET", "/metrics").body()).keySet()) {
        scraped.add(name.replaceFirst("\\{.*", ""));
      }
    }
    assertThat(scraped).containsAll(queried);
  }

  @Test
  void everyPanelButRowsHasAQuery() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    for (JsonNode panel : dashboard.path("panels")) {
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      }
    }
  }

  /** Every {@code expr} of a panel target, and every variable's {@code label_values} query. */
  private static void collect(JsonNode node, List<String> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        if ((e.getKey().equals("expr") || e.getKey().equals("definition")) && e.getValue().isTextual()) {
          out.add(e.getValue().asText());
        } else {
          collect(e.getValue(), out);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, out));
    }
  }

  /** The metric names in one PromQL expression or {@code label_values(...)} query. */
  static Set<String> metrics(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher lv = LABEL_VALUES.matcher(expr);
    if (lv.find()) {
      names.add(lv.group(1));
      return names;
    }
    String s =
        expr.replaceAll("\"[^\"]*\"", "")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Matcher m = IDENT.matcher(s);
    while (m.find()) {
      if (m.group(2) == null && !OPERATORS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  @Test
  void metricNamesAreFoundInsideFunctionsAndSelectors() {
    assertThat(metrics("histogram_quantile(0.95, sum by (le, service) (rate(weft_a_bucket{service=~\"$service\"}[$__rate_interval])))"))
        .containsExactly("weft_a_bucket");
    assertThat(metrics("sum(jvm_memory_max_bytes{area=\"heap\"}) / process_uptime_seconds > 0"))
        .containsExactly("jvm_memory_max_bytes", "process_uptime_seconds");
    assertThat(metrics("label_values(weft_x_total, service)")).containsExactly("weft_x_total");
  }
}
