package dev.weft.testing;

import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.Server;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * weft-core's TCP connection keeps the {@code Conn} contract. {@code first} is the server's end of
 * a loopback connection (its handler parks until the test ends, so the server does not close it);
 * {@code second} is the dialed end. The server's small socket buffers make a peer that does not
 * read push back within kilobytes.
 */
class TcpConnContractTest extends ConnContract {
  @Override
  protected ConnPair newPair() throws Exception {
    CompletableFuture<Conn> accepted = new CompletableFuture<>();
    CountDownLatch done = new CountDownLatch(1);
    Server server =
        Server.builder()
            .listen("127.0.0.1", 0)
            .sendBuffer(16 * 1024)
            .receiveBuffer(16 * 1024)
            .idleTimeout(Duration.ZERO)
            .writeTimeout(Duration.ZERO)
            .drainTimeout(Duration.ofSeconds(1))
            .handler(conn -> {
              accepted.complete(conn);
              done.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            })
            .start();
    try {
      Conn dialed = Dialer.defaults().dial(server.address());
      Conn serverSide = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return new ConnPair(serverSide, dialed, () -> {
        done.countDown();
        server.close();
      });
    } catch (Exception e) {
      server.close();
      throw e;
    }
  }
}
