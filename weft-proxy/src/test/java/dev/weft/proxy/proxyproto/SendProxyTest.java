package dev.weft.proxy.proxyproto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.Handler;
import dev.weft.net.NetException;
import dev.weft.net.Server;
import dev.weft.proxy.BackendConfig;
import dev.weft.proxy.Proxy;
import dev.weft.proxy.SendProxy;
import dev.weft.proxyproto.ProxyProtocolSetup;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy sends PROXY v1 and v2 to a backend that accepts them (weft-core's
 * ProxyProtocolSetup): the backend sees the client's address, not the proxy's. With a PROXY
 * accepting listener in front too, the original client survives two hops.
 */
@Timeout(60)
class SendProxyTest {
  /** Says who the client is. */
  private static final Handler WHO = conn ->
      conn.out().write((NetException.addr(conn.remoteAddress()) + "\n").getBytes(StandardCharsets.US_ASCII));

  @Test
  void backendsSeeTheClientThroughV1AndV2() throws Exception {
    ProxyProtocolSetup accept = ProxyProtocolSetup.builder().acceptFrom("127.0.0.1/32").build();
    try (Server backend = Server.start(accept.applyTo(Server.builder().build()), WHO)) {
      for (SendProxy v : new SendProxy[] {SendProxy.V1, SendProxy.V2}) {
        try (Proxy proxy = Proxy.builder().listen("127.0.0.1", 0).logConnections(false)
            .headerEmitter(HeaderEmitter.INSTANCE)
            .backend(BackendConfig.of(backend.address()).withSendProxy(v)).start()) {
          assertThat(ask("127.0.0.7", proxy.address())).as("%s", v).startsWith("127.0.0.7:");
        }
      }
      assertThat(accept.stats().accepted()).isEqualTo(2);
    }
  }

  @Test
  void theOriginalClientSurvivesTwoProxies() throws Exception {
    ProxyProtocolSetup accept = ProxyProtocolSetup.builder().acceptFrom("127.0.0.1/32").build();
    try (Server backend = Server.start(accept.applyTo(Server.builder().build()), WHO);
        Proxy inner = Proxy.builder()
            .server(ProxyProtocolSetup.builder().acceptFrom("127.0.0.1/32").build()
                .applyTo(Server.builder().listen("127.0.0.1", 0).build()))
            .logConnections(false).headerEmitter(HeaderEmitter.INSTANCE)
            .backend(BackendConfig.of(backend.address()).withSendProxy(SendProxy.V2)).start();
        Proxy outer = Proxy.builder().listen("127.0.0.1", 0).logConnections(false)
            .headerEmitter(HeaderEmitter.INSTANCE)
            .backend(BackendConfig.of(inner.address()).withSendProxy(SendProxy.V1)).start()) {
      assertThat(ask("127.0.0.8", outer.address())).startsWith("127.0.0.8:");
    }
  }

  private static String ask(String from, InetSocketAddress to) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      s.connect(to, 5_000);
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
  }
}
