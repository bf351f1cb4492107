package dev.weft.tls;

import dev.weft.cli.BoringSslEngines;

/** {@link TlsRefusalTest} again, with BoringSSL (netty-tcnative) as the server's engine under TlsConn. */
class BoringSslTlsRefusalTest extends TlsRefusalTest {
  @Override
  TlsConfig.Builder tls() {
    return TlsConfig.builder().engines(BoringSslEngines.load());
  }

  @Override
  boolean sendsCloseNotifyMidHandshake() {
    return false;
  }
}
