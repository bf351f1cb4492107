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
 * {@code second} is the dialed end.
 *
 * <p>Socket buffers stay at the system defaults on purpose: a peer that does not read still pushes
 * back within a few megabytes, and on Linux a small SO_RCVBUF/SO_SNDBUF set on an accepted socket
 * makes 1 MiB each way take about 7 s (receive-window limited; plain JDK sockets show the same).
 */
class TcpConnContractTest extends ConnContract {
  @Override
  protected ConnPair newPair() throws Exception {
    CompletableFuture<Conn> accepted = new CompletableFuture<>();
    CountDownLatch done = new CountDownLatch(1);
    Server server =
        Server.builder()
            .listen("127.0.0.1", 0)
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
