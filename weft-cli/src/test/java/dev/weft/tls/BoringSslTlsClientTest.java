package dev.weft.tls;

import dev.weft.cli.BoringSslEngines;

/** {@link TlsClientTest} again, with BoringSSL (netty-tcnative) as the engine under TlsConn. */
class BoringSslTlsClientTest extends TlsClientTest {
  @Override
  TlsConfig.Builder tls() {
    return TlsConfig.builder().engines(BoringSslEngines.load());
  }
}
