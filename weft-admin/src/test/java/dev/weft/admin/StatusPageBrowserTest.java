package dev.weft.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.weft.net.RejectReason;
import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
import dev.weft.proxy.BackendConfig;
import dev.weft.proxy.Proxy;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The status page in a real headless Chromium driven by Selenium: Debian's {@code chromium} and
 * {@code chromium-driver} (installed by {@code .ci/run}). If the browser cannot start, the test
 * fails and says why; it never passes without a browser.
 */
@Timeout(120)
class StatusPageBrowserTest {
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String CHROMIUM = "/usr/bin/chromium";

  private Monitor monitor;
  private Server echo;
  private Server guarded;
  private AdminServer admin;
  private WebDriver browser;
  private Path profile;

  @BeforeEach
  void start() throws Exception {
    monitor = new Monitor("test-version");
    ServiceMonitor e = monitor.service("echo", "echo", false);
    ServiceMonitor g = monitor.service("guarded", "echo", true);
    admin = AdminServer.start(new AdminConfig(new InetSocketAddress("127.0.0.1", 0), null), monitor);
    echo = Server.start(ServerConfig.builder().name("echo").listener(e.listener()).build(), AdminFixture::echo);
    e.attach(echo);
    guarded = Server.start(ServerConfig.builder().name("guarded").listener(g.listener())
        .admission(remote -> RejectReason.ACCESS_DENIED).build(), AdminFixture::echo);
    g.attach(guarded);
    browser = startBrowser();
  }

  private WebDriver startBrowser() throws IOException {
    if (!new File(CHROMEDRIVER).canExecute() || !new File(CHROMIUM).canExecute()) {
      fail("The status page test needs a real browser: install Debian's chromium and chromium-driver"
          + " (" + CHROMIUM + ", " + CHROMEDRIVER + "), as .ci/run does");
    }
    profile = Files.createTempDirectory("weft-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-dev-shm-usage", "--window-size=1360,1000", "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    try {
      return new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      throw new AssertionError("Chromium did not start through " + CHROMEDRIVER + ": " + e.getMessage(), e);
    }
  }

  @AfterEach
  void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (echo != null) {
      echo.close();
    }
    if (guarded != null) {
      guarded.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (monitor != null) {
      monitor.close();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private String field(String service, String field) {
    WebElement card = browser.findElement(By.cssSelector("article[data-service='" + service + "']"));
    // The DOM text, not getText(): CSS upper-cases some labels on screen.
    return card.findElement(By.cssSelector("[data-field='" + field + "']")).getDomProperty("textContent");
  }

  @Test
  void numbersOnThePageFollowRealTraffic() throws Exception {
    browser.get("http://127.0.0.1:" + admin.address().getPort() + "/");
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
      assertThat(browser.findElement(By.id("cards")).getText()).as("the cards").contains("echo");
      assertThat(field("echo", "accepted")).isEqualTo("0");
      assertThat(field("echo", "state")).isEqualTo("listening");
    });
    assertThat(browser.findElement(By.id("ready")).getText()).isEqualTo("ready");

    AtomicBoolean streaming = new AtomicBoolean(true);
    try (Socket held = new Socket()) {
      held.setSoTimeout(10_000);
      held.connect(echo.address(), 5_000);
      Thread pump = Thread.ofVirtual().start(() -> pump(held, streaming));
      for (int i = 0; i < 12; i++) {
        echoOnce(echo.address(), 4096);
      }
      for (int i = 0; i < 3; i++) {
        try (Socket refused = new Socket()) {
          refused.setSoTimeout(10_000);
          refused.connect(guarded.address(), 5_000);
          assertThat(refused.getInputStream().read()).isEqualTo(-1);
        }
      }
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
        assertThat(field("echo", "accepted")).isEqualTo("13");
        assertThat(field("echo", "active")).isEqualTo("1");
        assertThat(field("echo", "in-rate")).isNotEqualTo("0 B/s");
        assertThat(field("echo", "out-rate")).isNotEqualTo("0 B/s");
        assertThat(field("echo", "closes")).contains("client_closed");
        assertThat(field("guarded", "rejected")).isEqualTo("3");
      });
      WebElement guardedCard = browser.findElement(By.cssSelector("article[data-service='guarded']"));
      assertThat(guardedCard.getAttribute("class")).contains("bad");
      assertThat(guardedCard.getText()).contains("Rejecting connections: access_denied \u00d73").contains("TLS");
      assertThat(browser.findElement(By.cssSelector("article[data-service='echo']")).getAttribute("class"))
          .isEqualTo("card");
      await().atMost(Duration.ofSeconds(10)).until(() -> monitor.services().get(0).history().samples().size() >= 4);
      screenshot();
      streaming.set(false);
      pump.join(10_000);
    }
  }

  @Test
  void aProxyCardListsItsBackendsWithStatesAndTurnsRedWhenEveryPrimaryIsDown() throws Exception {
    ServiceMonitor front = monitor.service("front", "proxy", false);
    try (Server a = Server.start(ServerConfig.builder().name("a").build(), AdminFixture::echo);
        Server b = Server.start(ServerConfig.builder().name("b").build(), AdminFixture::echo);
        Proxy proxy = Proxy.builder()
            .server(ServerConfig.builder().name("front").listener(front.listener()).build())
            .backend(BackendConfig.of(a.address()).withName("a"))
            .backend(BackendConfig.of(b.address()).withName("b"))
            .start()) {
      front.attach(proxy);
      proxy.drain("a");
      browser.get("http://127.0.0.1:" + admin.address().getPort() + "/");
      By card = By.cssSelector("article[data-service='front']");
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
        assertThat(backendState("a")).isEqualTo("draining");
        assertThat(backendState("b")).isEqualTo("up");
      });
      assertThat(browser.findElement(card).getAttribute("class")).isEqualTo("card");
      WebElement drained = browser.findElement(By.cssSelector("tr[data-backend='a'] .bstate"));
      assertThat(drained.getCssValue("color")).isEqualTo("rgba(210, 153, 34, 1)"); // --warn

      InetSocketAddress dead;
      try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        dead = (InetSocketAddress) closed.getLocalSocketAddress();
      }
      proxy.reconfigure(Proxy.builder().server(proxy.config().server())
          .backend(BackendConfig.of(dead).withName("gone")).healthCheck(ProxyMetricsTest.FAST_CHECK).build());
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
        assertThat(backendState("gone")).isEqualTo("down");
        assertThat(browser.findElements(By.cssSelector("tr[data-backend='a']"))).isEmpty();
        assertThat(browser.findElement(card).getAttribute("class")).contains("bad");
      });
      assertThat(browser.findElement(card).getText()).contains("Every primary backend is down");
      screenshot("status-page-proxy.png");
    }
  }

  private String backendState(String backend) {
    return browser.findElement(By.cssSelector("article[data-service='front'] tr[data-backend='" + backend + "']"))
        .getDomAttribute("data-backend-state");
  }

  private void screenshot() throws IOException {
    screenshot("status-page.png");
  }

  private void screenshot(String name) throws IOException {
    File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", name);
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(target)).isGreaterThan(10_000);
  }

  /** Streams 16 KiB chunks through one connection and reads the echo, until told to stop (bounded: 60 s). */
  private static void pump(Socket s, AtomicBoolean running) {
    byte[] chunk = new byte[16 * 1024];
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      while (running.get() && System.nanoTime() < deadline) {
        out.write(chunk);
        in.readNBytes(chunk.length);
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // pacing, not synchronization
      }
    } catch (IOException e) {
      // The test closed the socket.
    }
  }

  private static void echoOnce(InetSocketAddress address, int bytes) throws IOException {
    try (Socket s = new Socket()) {
      s.setSoTimeout(10_000);
      s.connect(address, 5_000);
      s.getOutputStream().write(new byte[bytes]);
      s.shutdownOutput();
      assertThat(s.getInputStream().readAllBytes()).hasSize(bytes);
    }
  }
}
