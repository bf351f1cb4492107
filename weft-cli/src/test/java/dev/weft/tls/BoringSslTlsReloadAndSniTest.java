package dev.weft.tls;

import dev.weft.cli.BoringSslEngines;

/** {@link TlsReloadAndSniTest} again, with BoringSSL (netty-tcnative) as the engine under TlsConn. */
class BoringSslTlsReloadAndSniTest extends TlsReloadAndSniTest {
  @Override
  TlsConfig.Builder tls() {
    return TlsConfig.builder().engines(BoringSslEngines.load());
  }
}
