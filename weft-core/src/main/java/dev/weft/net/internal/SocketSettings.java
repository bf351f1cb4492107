package dev.weft.net.internal;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * Socket options and timeouts applied to each new connection.
 *
 * @param noDelay TCP_NODELAY
 * @param keepAlive SO_KEEPALIVE
 * @param receiveBuffer SO_RCVBUF in bytes; 0 keeps the system default
 * @param sendBuffer SO_SNDBUF in bytes; 0 keeps the system default
 * @param idleNanos idle timeout; 0 disables
 * @param readNanos read timeout; 0 disables
 * @param writeNanos write timeout; 0 disables
 */
public record SocketSettings(
    boolean noDelay,
    boolean keepAlive,
    int receiveBuffer,
    int sendBuffer,
    long idleNanos,
    long readNanos,
    long writeNanos) {

  void apply(SocketChannel ch) throws IOException {
    ch.setOption(StandardSocketOptions.TCP_NODELAY, noDelay);
    ch.setOption(StandardSocketOptions.SO_KEEPALIVE, keepAlive);
    if (receiveBuffer > 0) {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
    }
    if (sendBuffer > 0) {
      ch.setOption(StandardSocketOptions.SO_SNDBUF, sendBuffer);
    }
  }
}
