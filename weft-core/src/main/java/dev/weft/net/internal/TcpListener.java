package dev.weft.net.internal;

import dev.weft.net.ClosedException;
import dev.weft.net.Conn;
import dev.weft.net.Listener;
import dev.weft.net.NetException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A {@link Listener} over a blocking {@link ServerSocketChannel}. */
public final class TcpListener implements Listener {
  private final ServerSocketChannel server;
  private final InetSocketAddress address;
  private final SocketSettings settings;

  private TcpListener(ServerSocketChannel server, SocketSettings settings) throws IOException {
    this.server = server;
    this.address = (InetSocketAddress) server.getLocalAddress();
    this.settings = settings;
  }

  /** Binds {@code address} (port 0 picks a free port) with SO_REUSEADDR and {@code backlog}. */
  public static TcpListener bind(InetSocketAddress address, int backlog, SocketSettings settings)
      throws NetException {
    ServerSocketChannel ch = null;
    try {
      ch = ServerSocketChannel.open();
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      ch.bind(address, backlog);
      return new TcpListener(ch, settings);
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // Nothing to add to the bind error.
        }
      }
      throw new NetException("listen", address, null, e);
    }
  }

  @Override
  public Conn accept() throws IOException {
    return acceptChannel();
  }

  /** Accepts and wraps a connection as a {@link TcpConn} with this listener's settings. */
  public TcpConn acceptChannel() throws IOException {
    SocketChannel ch;
    try {
      ch = server.accept();
    } catch (ClosedChannelException e) {
      throw new ClosedException("accept", address, null);
    } catch (IOException e) {
      throw new NetException("accept", address, null, e);
    }
    try {
      settings.apply(ch);
      return new TcpConn(ch, settings.idleNanos(), settings.readNanos(), settings.writeNanos());
    } catch (IOException e) {
      ch.close();
      throw new NetException("accept", address, null, e);
    }
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // Nothing useful to do: the listener is gone either way.
    }
  }
}
