package dev.weft.proxy.internal;

import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.DurationFormat;
import dev.weft.net.NetException;
import dev.weft.proxy.BackendConfig;
import dev.weft.proxy.HealthCheck;
import dev.weft.proxy.HealthResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Executors;

/**
 * One active health check against one backend: TCP connect, send/expect, or HTTP GET to a side
 * port. Blocking; runs on a virtual thread. Never throws: failures become a failed {@link
 * HealthResult} whose detail says why.
 */
final class Probe {
  /** One HTTP client for every HTTP check of the process; its work runs on virtual threads. */
  private static final class Http {
    static final HttpClient CLIENT =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
  }

  private final HealthCheck check;
  private final Dialer dialer;

  Probe(HealthCheck check) {
    this.check = check;
    this.dialer = Dialer.defaults().withConnectTimeout(check.timeout());
  }

  HealthResult run(BackendConfig backend) {
    long start = System.nanoTime();
    InetSocketAddress target =
        check.port() == 0 ? backend.address() : new InetSocketAddress(backend.address().getAddress(), check.port());
    String failure;
    try {
      failure = switch (check.type()) {
        case NONE, TCP -> connectOnly(target);
        case SEND_EXPECT -> sendExpect(target);
        case HTTP -> http(target);
      };
    } catch (IOException e) {
      failure = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted";
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new HealthResult(Instant.now(), failure == null, failure == null ? "ok" : failure, took);
  }

  private String connectOnly(InetSocketAddress target) throws IOException {
    dialer.dial(target).close();
    return null;
  }

  private String sendExpect(InetSocketAddress target) throws IOException {
    try (Conn c = dialer.dial(target)) {
      c.setReadDeadline(Instant.now().plus(check.timeout()));
      c.setWriteTimeout(check.timeout());
      byte[] send = check.send();
      if (send.length > 0) {
        c.out().write(send);
        c.out().flush();
      }
      byte[] expect = check.expect();
      byte[] got = readUpTo(c.in(), expect.length);
      return Arrays.equals(got, expect) ? null : "expected '" + printable(expect) + "', got '" + printable(got) + "'";
    }
  }

  private static byte[] readUpTo(InputStream in, int n) throws IOException {
    byte[] buf = new byte[n];
    int got = 0;
    while (got < n) {
      int r = in.read(buf, got, n - got);
      if (r < 0) {
        break;
      }
      got += r;
    }
    return Arrays.copyOf(buf, got);
  }

  private String http(InetSocketAddress target) throws IOException, InterruptedException {
    URI uri = URI.create("http://" + NetException.addr(target) + check.path());
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(check.timeout()).GET().build();
    int status;
    try {
      status = Http.CLIENT.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.net.http.HttpTimeoutException e) {
      return "HTTP timeout after " + DurationFormat.format(check.timeout());
    }
    return status >= 200 && status < 400 ? null : "HTTP " + status;
  }

  /** The bytes as text with control and non-ASCII bytes escaped, for the detail message. */
  static String printable(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      int c = x & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return sb.toString();
  }
}
