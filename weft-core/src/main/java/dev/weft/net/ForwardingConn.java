package dev.weft.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link Conn} that forwards every call to another; decorators (TLS, an authenticated
 * principal) extend it and override what they change.
 */
public abstract class ForwardingConn implements Conn {
  private final Conn delegate;

  protected ForwardingConn(Conn delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The connection this one forwards to. */
  public Conn delegate() {
    return delegate;
  }

  @Override
  public InputStream in() {
    return delegate.in();
  }

  @Override
  public OutputStream out() {
    return delegate.out();
  }

  @Override
  public InetSocketAddress localAddress() {
    return delegate.localAddress();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return delegate.remoteAddress();
  }

  @Override
  public void closeWrite() throws IOException {
    delegate.closeWrite();
  }

  @Override
  public void setReadTimeout(Duration timeout) {
    delegate.setReadTimeout(timeout);
  }

  @Override
  public void setWriteTimeout(Duration timeout) {
    delegate.setWriteTimeout(timeout);
  }

  @Override
  public void setReadDeadline(Instant deadline) {
    delegate.setReadDeadline(deadline);
  }

  @Override
  public boolean isDraining() {
    return delegate.isDraining();
  }

  @Override
  public Principal principal() {
    return delegate.principal();
  }

  @Override
  public TrafficCounter traffic() {
    return delegate.traffic();
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + delegate + ")";
  }
}
