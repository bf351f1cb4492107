package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server-name table: exact before wildcard, one label only, case-insensitive, and the fallback. */
class SniRoutesTest {
  private final SniRoutes routes = new SniRoutes(Map.of("API.example.com", "api", "*.example.com", "web"), null);

  @Test
  void exactWinsThenOneLabelWildcardThenNothing() {
    assertThat(routes.groupOf("api.EXAMPLE.com")).isEqualTo("api");
    assertThat(routes.groupOf("www.example.com")).isEqualTo("web");
    assertThat(routes.groupOf("a.b.example.com")).isNull();
    assertThat(routes.groupOf("example.com")).isNull();
    assertThat(routes.groupOf(null)).isNull();
    SniRoutes withDefault = new SniRoutes(routes.routes(), "web");
    assertThat(withDefault.groupOf("other.test")).isEqualTo("web");
    assertThat(withDefault.groupOf(null)).isEqualTo("web");
  }

  @Test
  void sizesAndNamesAreChecked() {
    assertThat(ProxyMapper.size("16KiB")).isEqualTo(16 * 1024);
    assertThat(ProxyMapper.size("512B")).isEqualTo(512);
    assertThat(ProxyMapper.size("4096")).isEqualTo(4096);
    assertThatThrownBy(() -> ProxyMapper.size("2MiB")).hasMessageContaining("64B..1MiB");
    assertThatThrownBy(() -> SniRoutes.checkName("a..b")).hasMessageContaining("must be a host name");
    assertThatThrownBy(() -> SniRoutes.checkName("*")).hasMessageContaining("must be a host name");
  }
}
