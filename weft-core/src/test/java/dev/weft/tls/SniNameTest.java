package dev.weft.tls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** SNI names are host names or one leading wildcard label; anything a client could never send is refused at build time. */
class SniNameTest {
  private static final KeyMaterial ANY = KeyMaterial.pem(Path.of("server.pem"), Path.of("server.key"));

  @Test
  void hostNamesAndOneLeadingWildcardAreAccepted() {
    for (String ok : new String[] {"localhost", "api.example.com", "*.example.com", "xn--bcher-kva.example", "a-b.c1.io"}) {
      assertThatCode(() -> new TlsConfig.Sni(ok, ANY)).as(ok).doesNotThrowAnyException();
    }
  }

  @Test
  void ipAddressesSpacesNestedOrBareWildcardsAreRefused() {
    for (String bad : new String[] {"10.0.0.1", "::1", "exa mple", "*.*.example.com", "*.com", "*", "a..b", "-a.example", "a.example.", ""}) {
      assertThatThrownBy(() -> new TlsConfig.Sni(bad, ANY)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("sni name must be a host name or *.domain (one leading wildcard label), got '" + bad + "'");
    }
  }

  @Test
  void aNameListedTwiceIgnoringCaseIsRefused() {
    TlsConfig.Builder b = TlsConfig.builder().keyMaterial(ANY).sni("api.example.com", ANY).sni("API.example.com", ANY);
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sni name 'API.example.com' is listed twice");
  }
}
