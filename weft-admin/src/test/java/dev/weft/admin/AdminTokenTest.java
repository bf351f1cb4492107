package dev.weft.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.Server;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Binds 127.0.0.2, which is loopback yet not 127.0.0.1, so a token is required and no packet leaves the host. */
class AdminTokenTest {
  private static final String TOKEN = "s3cret-token-for-tests-0123456789";

  private static AdminFixture on127002(String token) throws Exception {
    return new AdminFixture(
        new AdminConfig(new InetSocketAddress("127.0.0.2", 0), token),
        Server.builder().name("echo"),
        AdminFixture::echo);
  }

  @Test
  void refusesRequestsWithoutTheToken() throws Exception {
    try (AdminFixture f = on127002(TOKEN)) {
      assertThat(f.admin.address().getAddress().getHostAddress()).isEqualTo("127.0.0.2");
      for (String path : new String[] {"/metrics", "/api/status", "/healthz", "/readyz"}) {
        var res = f.get(path);
        assertThat(res.statusCode()).as(path).isEqualTo(401);
        assertThat(res.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"weft-admin\"");
      }
    }
  }

  @Test
  void refusesAWrongToken() throws Exception {
    try (AdminFixture f = on127002(TOKEN)) {
      assertThat(f.get("/metrics", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
      assertThat(f.get("/metrics", "Bearer " + TOKEN.substring(1)).statusCode()).isEqualTo(401);
      assertThat(f.get("/metrics", "Basic " + TOKEN).statusCode()).isEqualTo(401);
      assertThat(f.get("/metrics", "Bearer ").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void acceptsTheRightToken() throws Exception {
    try (AdminFixture f = on127002(TOKEN)) {
      assertThat(f.get("/metrics", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
      assertThat(f.get("/api/status", "bearer " + TOKEN).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void generatesATokenWhenNoneIsConfigured() throws Exception {
    try (AdminFixture f = on127002(null)) {
      assertThat(f.admin.tokenGenerated()).isTrue();
      assertThat(f.admin.token()).hasSizeGreaterThanOrEqualTo(40);
      assertThat(f.get("/metrics").statusCode()).isEqualTo(401);
      assertThat(f.get("/metrics", "Bearer " + f.admin.token()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void thePageItselfLoadsWithoutTheTokenButHoldsNoData() throws Exception {
    try (AdminFixture f = on127002(TOKEN)) {
      var page = f.get("/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("/status.js").doesNotContain(TOKEN);
      assertThat(f.get("/status.js").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void loopback127001NeedsNoToken() throws Exception {
    try (AdminFixture f = AdminFixture.echo()) {
      assertThat(f.admin.token()).isNull();
      assertThat(f.get("/metrics").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aShortTokenIsRejectedWithItsLength() {
    assertThatThrownBy(() -> new AdminConfig(new InetSocketAddress("127.0.0.1", 0), "short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token must be at least 16 characters, got 5");
  }

  @Test
  void unknownPathsAndMethodsAreRefused() throws Exception {
    try (AdminFixture f = AdminFixture.echo()) {
      assertThat(f.get("/nope").statusCode()).isEqualTo(404);
      assertThat(f.get("/../etc/passwd").statusCode()).isEqualTo(404);
      var post = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                  "http://127.0.0.1:" + f.admin.address().getPort() + "/metrics"))
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
  }
}
