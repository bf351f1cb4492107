package dev.weft.tls;

import dev.weft.cli.BoringSslEngines;

/** {@link TlsServerTest} again, with BoringSSL (netty-tcnative) as the engine under TlsConn. */
class BoringSslTlsServerTest extends TlsServerTest {
  @Override
  TlsConfig.Builder tls() {
    return TlsConfig.builder().engines(BoringSslEngines.load());
  }
}
